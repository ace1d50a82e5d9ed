#!/usr/bin/env bash
# chart.sh - draws a benchmark summary as a PNG: throughput per case and server (left) and p99
# latency (right), one bar per server, from the summary.csv that anchor-bench.sh or
# redis-benchmark-cases.sh write. Installs gnuplot (Debian gnuplot-nox) when it is missing.
#
# Usage: bench/chart.sh SUMMARY_CSV OUTPUT_PNG [TITLE]
set -eu
SUMMARY=$1 PNG=$2 TITLE=${3:-NextCacheKv vs Redis}
if ! command -v gnuplot >/dev/null; then
  echo "chart: installing gnuplot-nox" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q gnuplot-nox >/dev/null || { echo "chart: gnuplot unavailable" >&2; exit 1; }
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/nextcachekv-chart.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
# summary.csv: case,test,target,rps_median,p50_ms,p99_ms,... -> one row per case/test, one column per server
awk -F, -v out="$WORK" 'NR > 1 {
    row = $1 "/" $2; if (!(row in seenRow)) { seenRow[row] = 1; rows[++nr] = row }
    if (!($3 in seenCol)) { seenCol[$3] = 1; cols[++nc] = $3 }
    rps[row, $3] = $4; p99[row, $3] = $6 }
  END {
    header = "case"; for (c = 1; c <= nc; c++) header = header " " cols[c]
    print header > (out "/rps.dat"); print header > (out "/p99.dat")
    for (r = 1; r <= nr; r++) {
      a = rows[r]; b = rows[r]
      for (c = 1; c <= nc; c++) {
        a = a " " (((rows[r], cols[c]) in rps) && rps[rows[r], cols[c]] != "" ? rps[rows[r], cols[c]] / 1000 : "?")
        b = b " " (((rows[r], cols[c]) in p99) && p99[rows[r], cols[c]] != "" ? p99[rows[r], cols[c]] : "?")
      }
      print a > (out "/rps.dat"); print b > (out "/p99.dat")
    }
    print nc > (out "/servers")
  }' "$SUMMARY"
SERVERS=$(cat "$WORK/servers")
ROWS=$(($(wc -l <"$WORK/rps.dat") - 1))
WIDTH=$((900 + ROWS * 60))
gnuplot <<GP
set terminal pngcairo size ${WIDTH},600 font "DejaVu Sans,10" noenhanced
set output "$PNG"
set multiplot layout 1,2 title "$TITLE"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set key top left autotitle columnhead
set xtics rotate by -35 scale 0
set grid ytics
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
set ylabel "thousand requests/s (median)"
set title "Throughput (higher is better)"
plot for [i=2:$((SERVERS + 1))] "$WORK/rps.dat" using i:xtic(1)
set ylabel "p99 latency, ms (median)"
set title "p99 latency (lower is better)"
plot for [i=2:$((SERVERS + 1))] "$WORK/p99.dat" using i:xtic(1)
unset multiplot
GP
echo "chart: $PNG" >&2
