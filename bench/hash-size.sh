#!/usr/bin/env bash
# hash-size.sh - per-operation cost of HSET / HGET / HEXISTS / HDEL on a hash of 1k fields vs 1M fields,
# NextCacheKv (Release build) beside redis-server, over real sockets with redis-benchmark. A single-field
# operation must not get slower as the hash grows.
#
# Usage: hash-size.sh [-n REQUESTS] [-P PIPELINE,...] [-B] [-o OUT]
#   -n  requests per run (default 200000)      -P  pipeline depths, comma separated (default 1,16)
#   -B  do not build; use the last Release build  -o  output directory (default a temp dir)
# Writes OUT/summary.csv: target,size,pipeline,test,rps,p50_ms,p99_ms. Starts and stops its own servers.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=200000 DEPTHS=1,16 BUILD=1 OUT=""
while getopts "n:P:Bo:" o; do
  case $o in n) N=$OPTARG;; P) DEPTHS=$OPTARG;; B) BUILD=0;; o) OUT=$OPTARG;; *) sed -n '2,9p' "$0"; exit 2;; esac
done
WORK=$(mktemp -d /tmp/hash-size.XXXXXX)
OUT=${OUT:-$WORK/results}
mkdir -p "$OUT"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT
BENCH_NAME=hash-size
. "$(dirname "$0")/lib.sh"

# RESP for HSET KEY field:FROM..field:TO-1 in commands of 1000 pairs, for redis-cli --pipe.
fill_commands() { # key count
  awk -v key="$1" -v n="$2" 'BEGIN {
    for (start = 0; start < n; start += 1000) {
      end = (start + 1000 < n) ? start + 1000 : n
      printf "*%d\r\n$4\r\nHSET\r\n$%d\r\n%s\r\n", 2 + 2 * (end - start), length(key), key
      for (i = start; i < end; i++) { f = "field:" i; printf "$%d\r\n%s\r\n$1\r\nv\r\n", length(f), f }
    }
  }'
}

if [ "$BUILD" = 1 ]; then
  dotnet build -c Release "$ROOT/src/NextCacheKv.Host" -nologo -v q >"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log" >&2; die "build failed"; }
fi
HOST_BUILD=$ROOT/src/NextCacheKv.Host/bin/Release/net10.0
[ -f "$HOST_BUILD/nextcachekv.dll" ] || die "no build at $HOST_BUILD"
cp -r "$HOST_BUILD" "$WORK/host"

NCK_PORT=$(free_port 17379)
mkdir -p "$WORK/nck"
(cd "$WORK/nck" && exec dotnet "$WORK/host/nextcachekv.dll" --port "$NCK_PORT" --dir "$WORK/nck/data" --save 0) </dev/null >"$WORK/nck.log" 2>&1 &
PIDS+=($!)
wait_ready nextcachekv "$NCK_PORT" "${PIDS[-1]}" "$WORK/nck.log"
REDIS_PORT=$(free_port 17479)
mkdir -p "$WORK/redis"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$WORK/redis" --save "" --appendonly no </dev/null >"$WORK/redis.log" 2>&1 &
PIDS+=($!)
wait_ready redis "$REDIS_PORT" "${PIDS[-1]}" "$WORK/redis.log"

echo "target,size,pipeline,test,rps,p50_ms,p99_ms" >"$OUT/summary.csv"
for target in redis=$REDIS_PORT nextcachekv=$NCK_PORT; do
  name=${target%=*} port=${target#*=}
  # Warm-up (the JIT), then the two hashes.
  redis-benchmark -p "$port" -q -n 100000 -c 50 -P 16 -r 1000 HSET warm field:__rand_int__ v >/dev/null 2>&1
  for size in 1000 1000000; do
    key=hash:$size
    fill_commands "$key" "$size" | redis-cli -p "$port" --pipe >/dev/null || die "fill $key on $name"
    [ "$(redis-cli -p "$port" hlen "$key")" = "$size" ] || die "$key on $name has $(redis-cli -p "$port" hlen "$key") fields"
    for depth in ${DEPTHS//,/ }; do
      # HSET rewrites existing fields (the size stays put); HGET/HEXISTS hit; HDEL runs last and removes
      # up to N random fields (on the 1k hash most requests miss once it is emptied: noted in the doc).
      for cmd in "HSET $key field:__rand_int__ v" "HGET $key field:__rand_int__" "HEXISTS $key field:__rand_int__" "HDEL $key field:__rand_int__"; do
        test=${cmd%% *}
        line=$(redis-benchmark -p "$port" --csv -n "$N" -c 50 -P "$depth" -r "$size" $cmd 2>/dev/null | grep '^"[A-Z]' | tail -1 | tr -d '"')
        echo "$line" | awk -F, -v t="$name" -v s="$size" -v d="$depth" -v c="$test" '{printf "%s,%s,%s,%s,%s,%s,%s\n", t, s, d, c, $2, $5, $7}' >>"$OUT/summary.csv"
        echo "$name size=$size P=$depth $test: $(echo "$line" | cut -d, -f2) rps" >&2
      done
      # Refill what HDEL removed, for the next pipeline depth.
      fill_commands "$key" "$size" | redis-cli -p "$port" --pipe >/dev/null
    done
  done
done
column -s, -t "$OUT/summary.csv"
echo "results in $OUT" >&2
