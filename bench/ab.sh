#!/usr/bin/env bash
# ab.sh - alternating A/B of two NextCacheKv builds on this noisy machine: both servers run side by side and
# the same redis-benchmark command hits each in turn, round after round, so host noise falls on both. Prints
# requests/s per test and the server CPU seconds (user+sys, /proc/PID/stat) each round used, then the totals
# over the rounds with b against a and how many rounds b won, and each side's median p99; compare the pairs, not
# single figures. Stops only the servers it started.
#
# Usage: bench/ab.sh -a DIR -b DIR [-r ROUNDS] [-- REDIS-BENCHMARK ARGS]
#   -a, -b  build folders: `dotnet build -c Release -o DIR` outputs, copies of artifacts/server, or a native
#           nextcachekv binary (copies of artifacts/native/nextcachekv from scripts/build-native.sh)
#   -r      rounds (default 4); each server first gets one unmeasured run of the same command to warm up
#   default benchmark: -t set,get -n 1000000 -r 100000 -d 100 -c 50 -P 1
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
A= B= ROUNDS=4
while getopts "a:b:r:" o; do
  case $o in a) A=$OPTARG;; b) B=$OPTARG;; r) ROUNDS=$OPTARG;; *) sed -n '2,11p' "$0"; exit 2;; esac
done
shift $((OPTIND - 1))
ARGS=("$@")
[ ${#ARGS[@]} -eq 0 ] && ARGS=(-t set,get -n 1000000 -r 100000 -d 100 -c 50 -P 1)
BENCH_NAME=ab
. "$ROOT/bench/lib.sh"
[ -n "$A" ] && [ -n "$B" ] || die "-a and -b are required"
for d in "$A" "$B"; do server_command "$d" >/dev/null; done
WORK=$(mktemp -d "${TMPDIR:-/tmp}/nextcachekv-ab.XXXXXX")
stop_all_on_exit "$WORK"

declare -A PORT PID
for side in a b; do
  dir=$A; [ $side = b ] && dir=$B
  port=$(free_port $((17700 + ${#PIDS[@]} * 10))) || die "no free port"
  $(server_command "$dir") --port "$port" --dir "$WORK/$side" --save 0 </dev/null >"$WORK/$side.log" 2>&1 &
  PIDS+=("$!")
  PORT[$side]=$port PID[$side]=$!
  wait_ready "$side" "$port" "$!" "$WORK/$side.log"
done
# redis-benchmark retries for ever against a server that died: each run is bounded, and a dead server ends the A/B.
bench() { # side, then redis-benchmark output options
  local side=$1; shift
  alive "$side"
  timeout "${AB_RUN_TIMEOUT:-600}" redis-benchmark -p "${PORT[$side]}" "${ARGS[@]}" "$@" 2>/dev/null
}
alive() { # side
  kill -0 "${PID[$1]}" 2>/dev/null || { tail -n 20 "$WORK/$1.log" >&2; die "server $1 exited during the run (its log above)"; }
}
for side in a b; do bench "$side" -q >/dev/null; alive "$side"; done
for ((r = 1; r <= ROUNDS; r++)); do
  for side in a b; do
    before=$(cpu_seconds "${PID[$side]}")
    csv=$(bench "$side" --csv)
    alive "$side"
    rates=$(echo "$csv" | awk -F, 'NR > 1 {gsub(/"/, ""); gsub(/ /, "_", $1); printf "%s %d  ", $1, $2}')
    # CSV columns: test, rps, avg, min, p50, p95, p99, max (ms).
    echo "$csv" | awk -F, -v s=$side 'NR > 1 {gsub(/"/, ""); gsub(/ /, "_", $1); print s, $1, $7}' >>"$WORK/p99.txt"
    echo "round $r $side: $rates cpu_s=$(awk -v a="$(cpu_seconds "${PID[$side]}")" -v b="$before" 'BEGIN {printf "%.2f", a - b}')" | tee -a "$WORK/rounds.txt"
  done
done
# Totals over the rounds, and b against a: summed requests/s per test (each round weighs the same), summed CPU.
awk '
  { side = $3; sub(":", "", side); round = $2
    for (i = 4; i < NF; i += 2) { rps[side, $i] += $(i + 1); got[side, round, $i] = $(i + 1); tests[$i] = 1; rounds[round] = 1 }
    split($NF, c, "="); cpu[side] += c[2]; cpur[side, round] = c[2] }
  END {
    for (t in tests) {
      ahead = 0; n = 0
      for (r in rounds) { n++; if (got["b", r, t] > got["a", r, t]) ahead++ }
      printf "total %s: a %d, b %d, b/a %+.1f %% (b ahead in %d of %d rounds)\n", t, rps["a", t], rps["b", t], 100 * (rps["b", t] / rps["a", t] - 1), ahead, n
    }
    less = 0; n = 0
    for (r in rounds) { n++; if (cpur["b", r] < cpur["a", r]) less++ }
    printf "total cpu_s: a %.2f, b %.2f, b/a %+.1f %% (b used less in %d of %d rounds)\n", cpu["a"], cpu["b"], 100 * (cpu["b"] / cpu["a"] - 1), less, n
  }' "$WORK/rounds.txt"
# p99 per test: the median over the rounds of each side (latency is not summed).
sort -k1,1 -k2,2 -k3,3n "$WORK/p99.txt" | awk '
  { key = $1 " " $2; v[key, ++n[key]] = $3; tests[$2] = 1 }
  END { for (t in tests) {
          for (s = 0; s < 2; s++) { side = s ? "b" : "a"; k = side " " t; m[side] = v[k, int((n[k] + 1) / 2)] }
          printf "median p99 %s: a %.3f ms, b %.3f ms\n", t, m["a"], m["b"] } }'

