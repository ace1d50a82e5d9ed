#!/usr/bin/env bash
# rss-timeline.sh - how one NextCacheKv build's resident memory (VmRSS, and the anonymous part) moves after a
# load: idle, then 0-70 s after 1M SETs of 100 B over 100k keys (-P 16). Shows what bench/memory.sh's single
# reading 2 s after the load cannot: memory the runtime's compiler or the log still holds, and when it goes.
#
# Usage: bench/rss-timeline.sh -d DIR [-r RUNS] [-- SERVER FLAGS]
#   -d  a folder holding a build: `dotnet build -c Release src/NextCacheKv.Host -o DIR`, artifacts/server, or a
#       folder with the native nextcachekv
#   -r  runs, one after the other (default 1)
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR= RUNS=1
while getopts "d:r:" o; do
  case $o in d) DIR=$OPTARG;; r) RUNS=$OPTARG;; *) sed -n '2,11p' "$0"; exit 2;; esac
done
shift $((OPTIND - 1))
BENCH_NAME=rss-timeline
. "$ROOT/bench/lib.sh"
[ -n "$DIR" ] || die "-d DIR is required"
command=$(server_command "$DIR") || exit 1
read -ra SERVER <<<"$command"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/nextcachekv-rss.XXXXXX")
stop_all_on_exit "$WORK"

rss() { awk '/^VmRSS/ {v = $2} /^RssAnon/ {a = $2} END {printf "%.1f/%.1f", v / 1024, a / 1024}' "/proc/$1/status"; }
for run in $(seq "$RUNS"); do
  port=$(free_port 17720) || die "no free port"
  rm -rf "$WORK/data"
  "${SERVER[@]}" --port "$port" --dir "$WORK/data" --save 0 "$@" </dev/null >"$WORK/server.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  wait_ready nextcachekv "$port" "$pid" "$WORK/server.log"
  sleep 15
  line="run $run: idle $(rss "$pid") MB (all/anonymous); after the load:"
  timeout 120 redis-benchmark -p "$port" -t set -n 1000000 -r 100000 -d 100 -c 50 -P 16 -q >/dev/null 2>&1 || die "load failed"
  prev=0
  for t in 0 2 5 10 20 40 70; do
    sleep $((t - prev)); prev=$t
    line+=" +${t}s $(rss "$pid")"
  done
  echo "$line"
  stop_pid "$pid"
done
