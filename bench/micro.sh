#!/usr/bin/env bash
# micro.sh - runs the BenchmarkDotNet suite (parser, command lookup, store, whole pipeline) with
# BenchmarkDotNet's short job and collects the result tables in bench/results/<date>-micro.md.
# About 6 minutes on 2 cores for the whole suite.
#
# Usage: bench/micro.sh [FILTER] [extra BenchmarkDotNet args...]
#   FILTER  BenchmarkDotNet --filter glob (default '*'), e.g. '*Pipeline*'
#   e.g.    bench/micro.sh '*Parser*' --job dry      (a quick check that everything runs)
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
[[ ${1:-} == -h || ${1:-} == --help ]] && { awk 'NR > 1 && /^#/ {print; next} NR > 1 {exit}' "$0"; exit 0; }
FILTER=${1:-*}
shift || true
JOB=(--job short)
[[ " $* " == *" --job "* ]] && JOB=()
BENCH_NAME=micro
. "$ROOT/bench/lib.sh"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/nextcachekv-micro.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

cd "$ROOT/bench/NextCacheKv.Benchmarks" || exit 1
dotnet run -c Release -- --filter "$FILTER" "${JOB[@]}" --artifacts "$WORK" "$@" || exit 1

REPORT=$(report_path micro)
{
  echo "# BenchmarkDotNet suite, $(date '+%F %H:%M')"
  echo
  echo "commit $(commit_label); filter '$FILTER'; times are per batch of 100 commands (per call for Find)."
  for report in "$WORK"/results/*-report-github.md; do
    echo
    echo "## $(basename "$report" -report-github.md | sed 's/^NextCacheKv\.Benchmarks\.//')"
    echo
    cat "$report"
  done
} >"$REPORT"
echo "written: $REPORT"
