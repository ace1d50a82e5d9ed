#!/usr/bin/env bash
# memory.sh - resident memory (VmRSS) of redis-server and NextCacheKv side by side: idle, with 100k keys of
# 100 bytes (1M SETs over 100k keys, pipelined), and after a further overwrite workload over the same keys
# (the log must reuse its space, not grow). NextCacheKv runs as the default build (scripts/build-server.sh, what
# scripts/run-server.sh runs), as `dotnet build`'s output (framework-dependent, the development build) and, with
# -N, as the native build.
# Writes a markdown table to bench/results/<date>-memory.md. Stops only the processes it started, by PID.
#
# Usage: bench/memory.sh [-N] [-g] [-w OVERWRITES] [-i IDLE_SECONDS] [-B]
#   -N  also the native (AOT) build (scripts/build-native.sh)
#   -g  also Garnet, started by ../shared/bench/start-anchors.sh
#   -w  SETs of the overwrite workload (default 5000000)
#   -i  seconds to wait before reading idle memory (default 15)
# Also reads every server once more 30 s after the last overwrite (settled: the runtime's compiler done).
#   -B  do not build; use the last builds (artifacts/server, src/NextCacheKv.Host/bin/Release)
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED_BENCH:-$ROOT/../shared/bench}
NATIVE=0 GARNET=0 OVERWRITES=5000000 IDLE=15 BUILD=1
while getopts "Ngw:i:B" o; do
  case $o in N) NATIVE=1;; g) GARNET=1;; w) OVERWRITES=$OPTARG;; i) IDLE=$OPTARG;; B) BUILD=0;; *) sed -n '2,16p' "$0"; exit 2;; esac
done
BENCH_NAME=memory
. "$ROOT/bench/lib.sh"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/nextcachekv-memory.XXXXXX")
PIDS=() GARNET_STARTED=0
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  [ "$GARNET_STARTED" = 1 ] && ANCHOR_DIR=$WORK/anchors "$SHARED/start-anchors.sh" stop >/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$BUILD" = 1 ]; then
  dotnet build -c Release "$ROOT/src/NextCacheKv.Host" -nologo -v q >"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log" >&2; die "build failed"; }
fi
HOST_BUILD=$ROOT/src/NextCacheKv.Host/bin/Release/net10.0
cp -r "$HOST_BUILD" "$WORK/host"
if [ "$BUILD" = 1 ]; then server_copy "$WORK/server"; else cp -r "$ROOT/artifacts/server" "$WORK/server"; fi

TARGETS=() # name=port@pid
start() { # name log command...
  local name=$1 log=$2; shift 2
  local port; port=$(free_port $((17500 + ${#TARGETS[@]} * 10))) || die "no free port for $name"
  mkdir -p "$WORK/$name"
  (cd "$WORK/$name" && exec "$@" --port "$port") </dev/null >"$log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  wait_ready "$name" "$port" "$pid" "$log"
  TARGETS+=("$name=$port@$pid")
}
start redis "$WORK/redis.log" redis-server --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK/redis"
start nextcachekv "$WORK/nck.log" "$WORK/server/nextcachekv" --dir "$WORK/nextcachekv/data" --save 0
start nextcachekv-dotnet-build "$WORK/nck-dotnet.log" dotnet "$WORK/host/nextcachekv.dll" --dir "$WORK/nextcachekv-dotnet-build/data" --save 0
if [ "$NATIVE" = 1 ]; then
  native_copy "$WORK/native-bin"
  start nextcachekv-native "$WORK/native.log" "$WORK/native-bin/nextcachekv" --dir "$WORK/nextcachekv-native/data" --save 0
fi
if [ "$GARNET" = 1 ] && "$SHARED/start-anchors.sh" install >&2; then
  port=$(free_port 17590) || die "no free port for garnet"
  GARNET_STARTED=1
  ANCHOR_DIR=$WORK/anchors "$SHARED/start-anchors.sh" start "garnet=$port" >&2 || die "Garnet did not start"
  TARGETS+=("garnet=$port@$(awk '$1 == "garnet" {print $3}' "$WORK/anchors/pids")")
fi

rss_mb() { awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
declare -A IDLE_MB LOADED_MB AFTER_MB SETTLED_MB KEYS
sleep "$IDLE"
for t in "${TARGETS[@]}"; do name=${t%%=*} pid=${t##*@}; IDLE_MB[$name]=$(rss_mb "$pid"); done
for t in "${TARGETS[@]}"; do
  name=${t%%=*} port=${t#*=} pid=${t##*@}; port=${port%@*}
  redis-benchmark -p "$port" -t set -n 1000000 -r 100000 -d 100 -c 50 -P 16 -q >/dev/null 2>&1 || die "load failed on $name"
  sleep 2
  LOADED_MB[$name]=$(rss_mb "$pid")
  KEYS[$name]=$(redis-cli -p "$port" dbsize)
  redis-benchmark -p "$port" -t set -n "$OVERWRITES" -r 100000 -d 100 -c 50 -P 16 -q >/dev/null 2>&1 || die "overwrites failed on $name"
  sleep 2
  AFTER_MB[$name]=$(rss_mb "$pid")
done
sleep 30
for t in "${TARGETS[@]}"; do name=${t%%=*} pid=${t##*@}; SETTLED_MB[$name]=$(rss_mb "$pid"); done

REPORT=$(report_path memory)
redis_loaded=${LOADED_MB[redis]}
{
  echo "# Resident memory, $(date '+%F %H:%M')"
  echo
  echo "- commit $(commit_label), $(nproc) cores; redis $(redis-server --version | awk '{print $3}' | tr -d 'v='); persistence off everywhere"
  echo "- idle: ${IDLE} s after the server answered; 100k keys: 2 s after 1M SETs of 100 B over 100k keys (-P 16); overwritten: 2 s after $OVERWRITES more; settled: 30 s after that"
  echo "- nextcachekv: the default build (scripts/build-server.sh); nextcachekv-dotnet-build: \`dotnet build\`'s output, run with dotnet"
  echo "- command: bash bench/memory.sh$( [ "$NATIVE" = 1 ] && echo ' -N')$( [ "$GARNET" = 1 ] && echo ' -g') -w $OVERWRITES"
  echo
  echo "| server | idle MB | 100k keys MB | x Redis | overwritten MB | settled MB | keys |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for t in "${TARGETS[@]}"; do
    name=${t%%=*}
    ratio=$(awk -v a="${LOADED_MB[$name]}" -v r="$redis_loaded" 'BEGIN {printf "%.2f", a / r}')
    echo "| $name | ${IDLE_MB[$name]} | ${LOADED_MB[$name]} | $ratio | ${AFTER_MB[$name]} | ${SETTLED_MB[$name]} | ${KEYS[$name]} |"
  done
} | tee "$REPORT"
echo "written: $REPORT" >&2
