#!/bin/sh
# code.sh measures the analysis of handler code (internal/needs/code):
# functions per second, allocations and peak resident memory on the
# generated 1,000-function estate of BenchmarkAnalyzeEstate (200-line
# handlers in Python, JavaScript and Go, one directory each).
# Usage: bench/code.sh [ITERATIONS]   (default 3). Needs GNU time (/usr/bin/time).
set -eu
n=${1:-3}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go test -c -o "$dir/code.test" ./internal/needs/code
/usr/bin/time -v "$dir/code.test" -test.run '^$' -test.bench '^BenchmarkAnalyzeEstate$' -test.benchmem -test.benchtime "${n}x" 2>"$dir/time.txt"
grep -E 'Maximum resident set size|Elapsed \(wall clock\)|Percent of CPU|User time|System time' "$dir/time.txt"
