#!/usr/bin/env bash
# compare.sh - NextCacheKv against redis-server (and optionally Garnet) with redis-benchmark, in one run.
# Builds the server as scripts/run-server.sh runs it (scripts/build-server.sh), starts every server on 127.0.0.1 with persistence off, runs the cases,
# prints a markdown table (server, test, rps, ratio vs Redis, server CPU) and writes it to
# bench/results/<date>-compare.md, with a PNG chart beside it (bench/chart.sh, gnuplot). Stops only the processes it started, by PID, whatever happens.
#
# Usage: bench/compare.sh [-x SCALE] [-c CASES] [-r REPS] [-g] [-N] [-p PORT] [-B] [-k]
#   -x F     scale every request count (default 1; 0.25 for a quick check)
#   -c LIST  comma list of cases (default p1,p16):
#              p1   -t set,get -n 100000 -r 100000 -d 100 -c 50 -P 1
#              p16  the same with -P 16
#            with ../shared/bench/anchor-bench.sh present (it is used when found; it runs -n 200000)
#            also big, c1 and suite
#   -r N     repetitions per case, servers rotating order (default 3)
#   -g       also run Garnet, installed and started by ../shared/bench/start-anchors.sh
#   -N       also run NextCacheKv's native (AOT) build, as nextcachekv-native (scripts/build-native.sh)
#   -p PORT  first port tried for NextCacheKv (default 16390); Redis from 16379, Garnet from 16380
#   -B       do not build; use the last build in artifacts/server
#   -k       keep the work folder (server logs, raw redis-benchmark output)
# Env: SHARED_BENCH  folder of anchor-bench.sh / start-anchors.sh (default <repo>/../shared/bench)
#      START_TIMEOUT seconds to wait for a server to answer PING (default 60)
#      NCK_ARGS      extra NextCacheKv flags, e.g. "--io-engine sockets" to measure the other transport
set -u
SCALE=1 CASES=p1,p16 REPS=3 GARNET=0 NATIVE=0 NCK_PORT=16390 BUILD=1 KEEP=0
while getopts "x:c:r:gNp:Bkh" o; do
  case $o in
    x) SCALE=$OPTARG;; c) CASES=$OPTARG;; r) REPS=$OPTARG;; g) GARNET=1;; N) NATIVE=1;; p) NCK_PORT=$OPTARG;;
    B) BUILD=0;; k) KEEP=1;; *) awk 'NR > 1 && /^#/ {print; next} NR > 1 {exit}' "$0"; exit 2;;
  esac
done
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED_BENCH:-$ROOT/../shared/bench}
START_TIMEOUT=${START_TIMEOUT:-60}
HOST_BUILD=$ROOT/artifacts/server
WORK=$(mktemp -d "${TMPDIR:-/tmp}/nextcachekv-compare.XXXXXX")
PIDS=() GARNET_STARTED=0

BENCH_NAME=compare
. "$ROOT/bench/lib.sh"
for tool in redis-server redis-cli redis-benchmark dotnet; do command -v $tool >/dev/null || die "$tool not found"; done

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  [ "$GARNET_STARTED" = 1 ] && ANCHOR_DIR=$WORK/anchors "$SHARED/start-anchors.sh" stop >/dev/null
  if [ "$KEEP" = 1 ]; then echo "work folder kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- build and start the servers
# Run a private copy so a concurrent rebuild cannot swap files under the running server.
if [ "$BUILD" = 1 ]; then
  server_copy "$WORK/host"
else
  [ -x "$HOST_BUILD/nextcachekv" ] || die "no build at $HOST_BUILD"
  cp -r "$HOST_BUILD" "$WORK/host"
fi

NCK_PORT=$(free_port "$NCK_PORT") || die "no free port near $NCK_PORT"
mkdir -p "$WORK/nextcachekv"
(cd "$WORK/nextcachekv" && exec "$WORK/host/nextcachekv" --port "$NCK_PORT" --dir "$WORK/nextcachekv/data" --save 0 ${NCK_ARGS:-}) \
  </dev/null >"$WORK/nextcachekv.log" 2>&1 &
NCK_PID=$!
PIDS+=("$NCK_PID")
wait_ready nextcachekv "$NCK_PORT" "$NCK_PID" "$WORK/nextcachekv.log"

REDIS_PORT=$(free_port 16379) || die "no free port for redis"
mkdir -p "$WORK/redis"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$WORK/redis" --save "" --appendonly no \
  --daemonize no --logfile "$WORK/redis.log" </dev/null >/dev/null 2>&1 &
REDIS_PID=$!
PIDS+=("$REDIS_PID")
wait_ready redis "$REDIS_PORT" "$REDIS_PID" "$WORK/redis.log"

TARGETS=("redis=127.0.0.1:$REDIS_PORT@$REDIS_PID" "nextcachekv=127.0.0.1:$NCK_PORT@$NCK_PID")
if [ "$NATIVE" = 1 ]; then
  # A private copy, as for the default build.
  native_copy "$WORK/native-bin"
  mkdir -p "$WORK/native"
  NATIVE_PORT=$(free_port $((NCK_PORT + 10))) || die "no free port for the native build"
  (cd "$WORK/native" && exec "$WORK/native-bin/nextcachekv" --port "$NATIVE_PORT" --dir "$WORK/native/data" --save 0 ${NCK_ARGS:-}) \
    </dev/null >"$WORK/native.log" 2>&1 &
  NATIVE_PID=$!
  PIDS+=("$NATIVE_PID")
  wait_ready nextcachekv-native "$NATIVE_PORT" "$NATIVE_PID" "$WORK/native.log"
  TARGETS+=("nextcachekv-native=127.0.0.1:$NATIVE_PORT@$NATIVE_PID")
fi
if [ "$GARNET" = 1 ]; then
  if [ ! -x "$SHARED/start-anchors.sh" ]; then
    echo "compare: no $SHARED/start-anchors.sh; skipping Garnet" >&2
  elif ! "$SHARED/start-anchors.sh" install >&2; then
    echo "compare: Garnet could not be installed; skipping it" >&2
  else
    GARNET_PORT=$(free_port 16380) || die "no free port for garnet"
    GARNET_STARTED=1
    ANCHOR_DIR=$WORK/anchors "$SHARED/start-anchors.sh" start "garnet=$GARNET_PORT" >&2 || die "Garnet did not start"
    GARNET_PID=$(awk '$1 == "garnet" {print $3}' "$WORK/anchors/pids")
    TARGETS+=("garnet=127.0.0.1:$GARNET_PORT@$GARNET_PID")
  fi
fi

# ---- run: Redis first, so every ratio reads "server / Redis"
declare -A CPU_BEFORE
for spec in "${TARGETS[@]}"; do CPU_BEFORE[${spec%%=*}]=$(cpu_seconds "${spec##*@}"); done
OUT=$WORK/results
if [ -x "$SHARED/anchor-bench.sh" ]; then
  "$SHARED/anchor-bench.sh" -r "$REPS" -c "$CASES" -x "$SCALE" -o "$OUT" "${TARGETS[@]}" >&2 || die "anchor-bench failed"
else
  echo "compare: no $SHARED/anchor-bench.sh; using the built-in runner" >&2
  "$ROOT/bench/redis-benchmark-cases.sh" -r "$REPS" -c "$CASES" -x "$SCALE" -o "$OUT" "${TARGETS[@]}" >&2 || die "benchmark failed"
fi
CPU_LINE="" REDIS_CPU=""
for spec in "${TARGETS[@]}"; do
  name=${spec%%=*} after=$(cpu_seconds "${spec##*@}")
  used=$(awk -v a="$after" -v b="${CPU_BEFORE[$name]}" 'BEGIN{printf "%.1f", a - b}')
  [ -z "$REDIS_CPU" ] && REDIS_CPU=$used
  CPU_LINE+="$name $used s ($(awk -v u="$used" -v r="$REDIS_CPU" 'BEGIN{printf "%.2f", (r > 0) ? u / r : 0}')x), "
done

# ---- report
REPORT=$(report_path compare)
{
  echo "# NextCacheKv vs Redis, $(date '+%F %H:%M')"
  echo
  echo "- commit $(commit_label), $(nproc) cores, client and servers sharing them"
  echo "- redis $(redis-server --version | awk '{print $3}' | tr -d 'v='), cases $CASES, scale $SCALE, $REPS reps; NextCacheKv with --save 0, Redis with --save '' --appendonly no"
  echo "- x Redis = median over reps of (server rps / Redis rps) in the same rep; differences under ~10 % are noise here"
  echo
  echo "| case | test | server | rps (median) | p50 ms | p99 ms | x Redis | status |"
  echo "|---|---|---|---:|---:|---:|---:|---|"
  # summary.csv: case,test,target,rps_median,p50_ms,p99_ms,rps_spread_pct,n,ratio_vs_first,paired_ratio,status
  tail -n +2 "$OUT/summary.csv" | awk -F, '{r = ($10 != "") ? $10 : $9; printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, r, $11}'
  echo
  echo "Server CPU (user+sys) over the whole run, every server getting the same requests: ${CPU_LINE%, }"
  if [ -f "$OUT/rss.csv" ] && [ "$(wc -l <"$OUT/rss.csv")" -gt 1 ]; then
    echo
    echo "RSS after each case (MiB, last rep):"
    awk -F, 'NR > 1 && $4 != "" {v[$1 " " $3] = sprintf("%.0f", $4 / 1024); if (!(($1 " " $3) in seen)) {seen[$1 " " $3] = 1; order[++n] = $1 " " $3}}
      END {for (i = 1; i <= n; i++) printf "- %s: %s\n", order[i], v[order[i]]}' "$OUT/rss.csv"
  fi
} | tee "$REPORT"
CHART=${REPORT%.md}.png
if "$ROOT/bench/chart.sh" "$OUT/summary.csv" "$CHART" "NextCacheKv vs Redis$( [ "$GARNET" = 1 ] && echo ' and Garnet'), $(date +%F), $(nproc) cores, cases $CASES" 2>&1 >&2; then
  printf '\n![throughput and p99 per case and server](%s)\n' "$(basename "$CHART")" >>"$REPORT"
fi
echo "written: $REPORT" >&2
