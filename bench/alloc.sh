#!/usr/bin/env bash
# alloc.sh - what a workload costs the .NET garbage collector, over real sockets: starts NextCacheKv
# (Release build, temp data folder, persistence off) on a free port, warms up with the same redis-benchmark
# arguments, then runs them again and reports managed bytes allocated per request, collections per
# generation and GC pause time, from INFO memory's gc_* fields. Stops only the server it started, by PID.
#
# Usage: bench/alloc.sh [-n REQUESTS] [-B] [redis-benchmark args...]
#   -n N   requests in the measured run (default 1000000; the warm-up runs a fifth of that)
#   -B     do not build; use the last Release build of src/NextCacheKv.Host
#   e.g.   bench/alloc.sh -t get -P 16 -r 100000
#          bench/alloc.sh -n 300000 -t lpush
set -u
REQUESTS=1000000 BUILD=1
# Our own flags come first; everything else goes to redis-benchmark.
while [ $# -gt 0 ]; do
  case $1 in
    -n) REQUESTS=$2; shift 2;;
    -B) BUILD=0; shift;;
    -h|--help) awk 'NR > 1 && /^#/ {print; next} NR > 1 {exit}' "$0"; exit 0;;
    *) break;;
  esac
done
[ $# -gt 0 ] || set -- -t get,set -P 16 -r 100000
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DLL=$ROOT/src/NextCacheKv.Host/bin/Release/net10.0/nextcachekv.dll
WORK=$(mktemp -d "${TMPDIR:-/tmp}/nextcachekv-alloc.XXXXXX")
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$BUILD" = 1 ]; then
  dotnet build "$ROOT/src/NextCacheKv.Host/NextCacheKv.Host.csproj" -c Release -nologo -v quiet >/dev/null || exit 1
fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dotnet "$DLL" --port "$PORT" --dir "$WORK/data" --save 0 >"$WORK/server.log" 2>&1 &
PID=$!
for _ in $(seq 300); do [ "$(redis-cli -p "$PORT" ping 2>/dev/null)" = PONG ] && break; sleep 0.1; done
[ "$(redis-cli -p "$PORT" ping 2>/dev/null)" = PONG ] || { echo "alloc: the server did not start" >&2; cat "$WORK/server.log" >&2; exit 1; }

gc_fields() { redis-cli -p "$PORT" info memory | tr -d '\r' | awk -F: '/^gc_/ {printf "%s ", $2}'; }
redis-benchmark -p "$PORT" -n $((REQUESTS / 5)) -q "$@" >/dev/null
read -r -a before <<<"$(gc_fields)"
redis-benchmark -p "$PORT" -n "$REQUESTS" -q "$@" | tr '\r' '\n' | grep 'per second'
read -r -a after <<<"$(gc_fields)"
# Each redis-benchmark test sends REQUESTS requests.
tests=$(redis-benchmark -p "$PORT" -n 1 -q "$@" 2>/dev/null | tr '\r' '\n' | grep -c 'per second')
total=$((REQUESTS * (tests > 0 ? tests : 1)))
echo "requests $total, allocated $(((after[0] - before[0]) / total)) bytes/request," \
  "collections gen0 $((after[1] - before[1])) gen1 $((after[2] - before[2])) gen2 $((after[3] - before[3])), pause $((after[4] - before[4])) ms"
