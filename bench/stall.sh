#!/usr/bin/env bash
# stall.sh - latency spikes with more data than log memory: the Next.js case of many large entries. Loads
# 3,300-byte values over KEYS keys (about 3.3 GB for 1M) into a server with 1 GB of log memory, so reads go
# to disk, compaction runs and checkpoints (every 60 s) write up to the whole log memory. Meanwhile two
# single clients time every request (bench/latency-probe.py): one doing GET/SET, one only PING (a slow PING
# means the event loop itself was held). Writes bench/results/<date>-stall.md. Stops only what it started.
#
# Usage: bench/stall.sh [-r REPS] [-k KEYS] [-n SETS] [-m MAXMEMORY] [-s SECONDS] [-b NAME=DIR]... [-B]
#   -r  rounds (default 2); with several builds they alternate within each round
#   -k  keys (default 1000000)   -n  SETs of the load (default 2500000)   -m  --maxmemory (default 1gb)
#   -s  how long the probes run (default 150; the load takes about 30 s, then a GET run, then idle time
#       in which the 60 s checkpoints fall)
#   -b  a build to run instead of the current tree: NAME=DIR holding nextcachekv.dll (repeatable, for A/B)
#   -B  do not build the current tree; use its last Release build
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REPS=2 KEYS=1000000 SETS=2500000 MAXMEMORY=1gb SECONDS_PROBED=150 BUILD=1 BUILDS=()
while getopts "r:k:n:m:s:b:B" o; do
  case $o in r) REPS=$OPTARG;; k) KEYS=$OPTARG;; n) SETS=$OPTARG;; m) MAXMEMORY=$OPTARG;; s) SECONDS_PROBED=$OPTARG;;
    b) BUILDS+=("$OPTARG");; B) BUILD=0;; *) sed -n '2,16p' "$0"; exit 2;; esac
done
BENCH_NAME=stall
. "$ROOT/bench/lib.sh"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/nextcachekv-stall.XXXXXX")
stop_all_on_exit "$WORK"

if [ ${#BUILDS[@]} -eq 0 ]; then
  if [ "$BUILD" = 1 ]; then
    dotnet build -c Release "$ROOT/src/NextCacheKv.Host" -nologo -v q >"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log" >&2; die "build failed"; }
  fi
  BUILDS=("nextcachekv=$ROOT/src/NextCacheKv.Host/bin/Release/net10.0")
fi
for b in "${BUILDS[@]}"; do
  [ -f "${b#*=}/nextcachekv.dll" ] || die "no nextcachekv.dll in ${b#*=}"
  cp -r "${b#*=}" "$WORK/bin-${b%%=*}"
done

ROWS=()
run_once() { # name round
  local name=$1 round=$2 port pid log=$WORK/$1-$2.log
  port=$(free_port 17600) || die "no free port"
  rm -rf "$WORK/data"
  dotnet "$WORK/bin-$name/nextcachekv.dll" --port "$port" --dir "$WORK/data" --maxmemory "$MAXMEMORY" </dev/null >"$log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  wait_ready "$name" "$port" "$pid" "$log"
  python3 "$ROOT/bench/latency-probe.py" "$port" "$SECONDS_PROBED" "$KEYS" >"$WORK/probe" 2>&1 &
  local probe=$!
  python3 "$ROOT/bench/latency-probe.py" "$port" "$SECONDS_PROBED" 1 ping >"$WORK/ping" 2>&1 &
  local pinger=$!
  local sets gets
  sets=$(redis-benchmark -p "$port" -t set -d 3300 -r "$KEYS" -n "$SETS" -c 20 -P 4 -q 2>&1 | tr '\r' '\n' | awk '/per second/ {print int($2)}' | tail -1)
  gets=$(redis-benchmark -p "$port" -t get -d 3300 -r "$KEYS" -n 600000 -c 20 -q 2>&1 | tr '\r' '\n' | awk '/per second/ {print int($2)}' | tail -1)
  wait "$probe" "$pinger"
  local checkpoints compactions
  compactions=$(grep -c "Compacted the log" "$log")
  stop_pid "$pid"
  checkpoints=$(ls "$WORK/data/checkpoints/cpr-checkpoints" 2>/dev/null | wc -l)
  local p q
  p=$(tail -1 "$WORK/probe") q=$(tail -1 "$WORK/ping")
  field() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" <<<"$2"; }
  ROWS+=("| $round | $name | ${sets:-?} | ${gets:-?} | $(field ops "$p") | $(field worst_ms "$p") | $(field over_50ms "$p") | $(field worst_ms "$q") | $(field over_50ms "$q") | $compactions | $checkpoints |")
  echo "${ROWS[-1]}" >&2
  grep -v "^ops=" "$WORK/probe" | sed "s/^/    $name round $round: /" >&2
}
for ((r = 1; r <= REPS; r++)); do
  for b in "${BUILDS[@]}"; do run_once "${b%%=*}" "$r"; done
done

REPORT=$(report_path stall)
{
  echo "# Latency spikes beyond log memory, $(date '+%F %H:%M')"
  echo
  echo "- commit $(commit_label), $(nproc) cores shared by clients and server"
  echo "- $KEYS keys x 3,300 B, $SETS SETs (-c 20 -P 4), then 600k GETs (-c 20); --maxmemory $MAXMEMORY, checkpoints every 60 s"
  echo "- probe: one client, 3 GET : 1 SET, one request at a time, for $SECONDS_PROBED s; ping: one client doing PING"
  echo
  echo "| round | build | load SET/s | GET/s | probe ops | probe worst ms | probe > 50 ms | PING worst ms | PING > 50 ms | compactions | checkpoints left |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${ROWS[@]}"
} >"$REPORT"
echo "written: $REPORT"
