#!/usr/bin/env bash
# nextget.sh - issue 5's Next.js read target over real sockets: NEXTGET of an entry with 5 tags (and 5 soft
# tags in each request) against GET of a plain key holding the same value, both with redis-benchmark, in
# alternating rounds against one NextCacheKv, so the host's noise falls on both. Every tag was revalidated
# long before the entry was written, so each NEXTGET checks its tags and returns the entry. Prints requests/s
# per round and the totals (NEXTGET / GET), and writes them to bench/results/<date>-nextget.md. Stops only the
# server it started, by PID.
#
# Usage: bench/nextget.sh [-r ROUNDS] [-s BYTES] [-B] [-- REDIS-BENCHMARK ARGS]
#   -r N   rounds (default 6), after one unmeasured round of each
#   -s N   value size in bytes (default 51200)
#   -B     do not build; use the last Release build of src/NextCacheKv.Host
#   default benchmark: -n 100000 -c 50 (pipeline depth 1)
set -u
ROUNDS=6 SIZE=51200 BUILD=1 COMMAND_LINE="$*"
while getopts "r:s:B" o; do
  case $o in r) ROUNDS=$OPTARG;; s) SIZE=$OPTARG;; B) BUILD=0;; *) sed -n '2,13p' "$0"; exit 2;; esac
done
shift $((OPTIND - 1))
ARGS=("$@")
[ ${#ARGS[@]} -eq 0 ] && ARGS=(-n 100000 -c 50)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH_NAME=nextget
. "$ROOT/bench/lib.sh"
for tool in redis-cli redis-benchmark dotnet python3; do command -v $tool >/dev/null || die "$tool not found"; done
DLL=$ROOT/src/NextCacheKv.Host/bin/Release/net10.0/nextcachekv.dll
if [ $BUILD = 1 ]; then
  dotnet build "$ROOT/src/NextCacheKv.Host/NextCacheKv.Host.csproj" -c Release -nologo -v quiet >&2 || die "build failed"
fi
[ -f "$DLL" ] || die "no Release build at $DLL"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/nextcachekv-nextget.XXXXXX")
stop_all_on_exit "$WORK"
PORT=$(free_port 17500) || die "no free port"
dotnet "$DLL" --port "$PORT" --dir "$WORK/data" --save 0 </dev/null >"$WORK/server.log" 2>&1 &
PIDS+=("$!")
wait_ready nextcachekv "$PORT" "$!" "$WORK/server.log"

TAGS=(_N_T_/layout _N_T_/blog/layout _N_T_/blog/a posts authors)
# The value goes in through a script: too large for an argument list. Written at a time after every tag's.
python3 - "$PORT" "$SIZE" "${TAGS[@]}" <<'EOF' || die "could not write the entries"
import socket, sys
port, size, tags = int(sys.argv[1]), int(sys.argv[2]), [t.encode() for t in sys.argv[3:]]
value = bytes(65 + i % 26 for i in range(size))
def command(*args):
    out = b'*%d\r\n' % len(args)
    for a in args: out += b'$%d\r\n%s\r\n' % (len(a), a)
    return out
with socket.create_connection(('127.0.0.1', port)) as s:
    s.sendall(command(b'NEXTTAG', b'%d' % len(tags), *tags, b'AT', b'1000')
              + command(b'NEXTSET', b'page:1', value, b'TS', b'1795000000000', b'META', b'{"kind":"APP_PAGE"}', b'TAGS', b'%d' % len(tags), *tags)
              + command(b'SET', b'plain:1', value))
    reply = b''
    while reply.count(b'\r\n') < 3: reply += s.recv(4096)
    if reply != b':%d\r\n+OK\r\n+OK\r\n' % len(tags): sys.exit('unexpected replies: %r' % reply)
EOF
[ "$(redis-cli -p "$PORT" strlen plain:1)" = "$SIZE" ] || die "plain:1 is not $SIZE bytes"

get() { redis-benchmark -p "$PORT" "${ARGS[@]}" --csv GET plain:1 2>/dev/null | awk -F, 'NR > 1 {gsub(/"/, ""); printf "%d", $2}'; }
nextget() { redis-benchmark -p "$PORT" "${ARGS[@]}" --csv NEXTGET page:1 SOFTTAGS ${#TAGS[@]} "${TAGS[@]}" 2>/dev/null | awk -F, 'NR > 1 {gsub(/"/, ""); printf "%d", $2}'; }
get >/dev/null; nextget >/dev/null
REPORT=$(report_path nextget)
{
  echo "# NEXTGET against GET, $(date '+%F %H:%M')"
  echo
  echo "- commit $(commit_label), $(nproc) cores; value $SIZE B, entry with ${#TAGS[@]} tags, ${#TAGS[@]} soft tags per NEXTGET"
  echo "- redis-benchmark ${ARGS[*]}, $ROUNDS alternating rounds (command: bench/nextget.sh $COMMAND_LINE)"
  echo
  echo "| round | GET rps | NEXTGET rps | NEXTGET / GET |"
  echo "|---:|---:|---:|---:|"
} >"$REPORT"
total_get=0 total_next=0
for ((r = 1; r <= ROUNDS; r++)); do
  # Alternate which goes first, so neither always follows the other.
  if ((r % 2)); then g=$(get); n=$(nextget); else n=$(nextget); g=$(get); fi
  [ -n "$g" ] && [ -n "$n" ] || die "redis-benchmark failed (round $r)"
  total_get=$((total_get + g)) total_next=$((total_next + n))
  line=$(awk -v r=$r -v g=$g -v n=$n 'BEGIN {printf "| %d | %d | %d | %.2f |", r, g, n, n / g}')
  echo "$line" | tee -a "$REPORT"
done
summary=$(awk -v g=$total_get -v n=$total_next 'BEGIN {printf "total: GET %d, NEXTGET %d requests/s summed over the rounds; NEXTGET / GET %.3f", g, n, n / g}')
{ echo; echo "$summary"; } >>"$REPORT"
echo "$summary"
echo "written: $REPORT" >&2
