#!/usr/bin/env bash
# churn.sh - the log's size on disk under heavy churn of large values: 20 clients rewrite 60 keys of 1-5 MB
# (redis-benchmark SET/GET rounds of 3, 2, 1.5, 5 and 1 MB, in a loop) for SECONDS, and the data folder's size,
# the server's RSS and its CPU seconds are printed every 5 s, then the compactions the server logged. Compaction
# must keep the folder bounded (a few times the write rate times a compaction's duration), with no upward trend.
# Needs ~25 GB of free disk; stops if the folder passes 40 GB. Stops only the server it started, by PID.
#
# Usage: bench/churn.sh [-d DIR] [-s SECONDS] [-R] [-- SERVER ARGS]
#   -d  folder holding a build: nextcachekv.dll, artifacts/server or a native nextcachekv (default: a fresh Release build)
#   -s  seconds of churn (default 300)
#   -R  then SHUTDOWN (which saves), drop the page cache (as root), restart on the same folder and print
#       how long recovery took
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR= SECONDS_OF_CHURN=300 RESTART=0
while getopts "d:s:R" o; do
  case $o in d) DIR=$OPTARG;; s) SECONDS_OF_CHURN=$OPTARG;; R) RESTART=1;; *) sed -n '2,12p' "$0"; exit 2;; esac
done
shift $((OPTIND - 1))
BENCH_NAME=churn
. "$ROOT/bench/lib.sh"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/nextcachekv-churn.XXXXXX")
PIDS=()
stop_all_on_exit "$WORK"
if [ -z "$DIR" ]; then
  DIR=$WORK/build
  dotnet build -c Release "$ROOT/src/NextCacheKv.Host" -o "$DIR" >/dev/null || die "build failed"
fi
command=$(server_command "$DIR") || exit 1
read -ra SERVER <<<"$command"
port=$(free_port 17900) || die "no free port"
"${SERVER[@]}" --port "$port" --dir "$WORK/data" --save 0 "$@" </dev/null >"$WORK/server.log" 2>&1 &
server=$!
PIDS+=("$server")
wait_ready server "$port" "$server" "$WORK/server.log"

(
  end=$((SECONDS + SECONDS_OF_CHURN))
  while [ $SECONDS -lt $end ]; do
    for size in 3000000 2000000 1500000 5000000 1000000; do
      timeout 120 redis-benchmark -p "$port" -t set,get -c 20 -n 200 -r 60 -d $size -q >/dev/null 2>&1
      [ $SECONDS -ge $end ] && break
    done
  done
) &
load=$!
PIDS+=("$load")
start=$SECONDS
while kill -0 "$load" 2>/dev/null; do
  sleep 5
  kill -0 "$server" 2>/dev/null || { tail -n 20 "$WORK/server.log" >&2; die "the server exited (its log above)"; }
  mb=$(du -sm "$WORK/data" | cut -f1)
  echo "$((SECONDS - start)) s: data folder ${mb} MB, rss $(($(awk '/VmRSS/{print $2}' /proc/$server/status) / 1024)) MB, cpu $(cpu_seconds "$server") s"
  [ "$mb" -gt 40000 ] && { pkill -P "$load"; kill "$load"; echo "stopped: over 40 GB"; break; }
done
grep -E "Compacted|waited" "$WORK/server.log"
[ "$RESTART" = 1 ] || exit 0
timeout 120 redis-cli -p "$port" shutdown >/dev/null 2>&1
wait "$server"
sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || echo "(page cache not dropped: not root)"
echo "data folder after the final checkpoint: $(du -sm "$WORK/data" | cut -f1) MB"
"${SERVER[@]}" --port "$port" --dir "$WORK/data" --save 0 "$@" </dev/null >"$WORK/restart.log" 2>&1 &
PIDS+=("$!")
wait_ready restarted "$port" "$!" "$WORK/restart.log"
grep -E "DB loaded|Deleting the chunks" "$WORK/restart.log"
