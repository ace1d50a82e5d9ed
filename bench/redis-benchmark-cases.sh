#!/usr/bin/env bash
# redis-benchmark-cases.sh - compare.sh's fallback when ../shared/bench/anchor-bench.sh is absent: runs the
# p1/p16 cases against each target, rotating order per rep, and writes OUT/summary.csv (median rps, p50, p99,
# ratio vs the FIRST target) and OUT/rss.csv in anchor-bench's format. Starts and stops nothing.
#
# Usage: redis-benchmark-cases.sh [-r REPS] [-c p1,p16] [-x SCALE] [-T SEC] -o OUT NAME=HOST:PORT[@PID] ...
set -u
REPS=1 CASES=p1,p16 SCALE=1 TMO=120 OUT=""
while getopts "r:c:x:T:o:" o; do
  case $o in r) REPS=$OPTARG;; c) CASES=$OPTARG;; x) SCALE=$OPTARG;; T) TMO=$OPTARG;; o) OUT=$OPTARG;; *) sed -n '2,7p' "$0"; exit 2;; esac
done
shift $((OPTIND - 1))
[ -n "$OUT" ] && [ $# -ge 1 ] || { sed -n '2,7p' "$0"; exit 2; }
mkdir -p "$OUT"
N=$(awk -v s="$SCALE" 'BEGIN{v = int(100000 * s); print (v < 100) ? 100 : v}')

# One unrecorded pass each first: a JIT-compiled server is slow for its first requests.
for spec in "$@"; do
  addr=${spec#*=}; addr=${addr%@*}
  timeout -k 5 "$TMO" redis-benchmark -h "${addr%:*}" -p "${addr##*:}" -q -t set,get -n "$N" -r 100000 -d 100 -c 50 >/dev/null 2>&1
done

RAW=$OUT/raw.csv
echo "case,rep,target,test,rps,p50_ms,p99_ms,status" >"$RAW"
echo "case,rep,target,rss_kib" >"$OUT/rss.csv"
for ((rep = 1; rep <= REPS; rep++)); do
  for cs in ${CASES//,/ }; do
    case $cs in p1) depth=1;; p16) depth=16;; *) echo "case '$cs' needs anchor-bench.sh" >&2; exit 2;; esac
    for ((k = 0; k < $#; k++)); do
      spec=${@:$(((k + rep - 1) % $# + 1)):1}   # rotate who goes first each rep
      name=${spec%%=*} addr=${spec#*=} pid=""
      [[ $addr == *@* ]] && { pid=${addr##*@}; addr=${addr%@*}; }
      log=$OUT/$cs-r$rep-$name.log
      timeout -k 5 "$TMO" redis-benchmark -h "${addr%:*}" -p "${addr##*:}" --csv \
        -t set,get -n "$N" -r 100000 -d 100 -c 50 -P "$depth" >"$log" 2>&1
      rc=$? st=ok
      [ $rc -ne 0 ] && st=rc$rc
      # CSV rows: "TEST","rps","avg","min","p50","p95","p99","max"
      grep '^"[A-Z]' "$log" | tr -d '"' |
        awk -F, -v c="$cs" -v r="$rep" -v t="$name" -v s="$st" '{printf "%s,%s,%s,%s,%s,%s,%s,%s\n", c, r, t, $1, $2, $5, $7, s}' >>"$RAW"
      [ -n "$pid" ] && echo "$cs,$rep,$name,$(ps -o rss= -p "$pid" | tr -d ' ')" >>"$OUT/rss.csv"
      echo "rep $rep $cs $name: $st" >&2
    done
  done
done

# Median per (case, test, target); ratio of medians vs the first target; no paired ratio here.
ORDER=$(for spec in "$@"; do printf '%s,' "${spec%%=*}"; done)
awk -F, -v order="${ORDER%,}" '
  function med(s,   a, n, i, j, t) {
    n = split(s, a, " ")
    for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  NR == 1 { next }
  {
    k = $1 SUBSEP $4; if (!(k in seen)) { seen[k] = 1; keys[++nk] = k }
    kt = k SUBSEP $3; rps[kt] = rps[kt] " " $5; p50[kt] = p50[kt] " " $6; p99[kt] = p99[kt] " " $7
    if ($8 != "ok") bad[kt] = $8
  }
  END {
    nt = split(order, T, ",")
    print "case,test,target,rps_median,p50_ms,p99_ms,rps_spread_pct,n,ratio_vs_" T[1] ",paired_ratio,status"
    for (i = 1; i <= nk; i++) {
      split(keys[i], kk, SUBSEP)
      for (t = 1; t <= nt; t++) {
        kt = keys[i] SUBSEP T[t]; m = med(rps[kt]); if (t == 1) base = m
        printf "%s,%s,%s,%.0f,%s,%s,,%d,%s,,%s\n", kk[1], kk[2], T[t], m, med(p50[kt]), med(p99[kt]),
          split(rps[kt], d, " "), (base > 0) ? sprintf("%.2f", m / base) : "", (kt in bad) ? bad[kt] : "ok"
      }
    }
  }' "$RAW" >"$OUT/summary.csv"
