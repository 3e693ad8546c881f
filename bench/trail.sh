#!/usr/bin/env bash
# bench/trail.sh: how fast `lambdasec trail` reads gzipped CloudTrail log
# files, against `gzip -dc > /dev/null` on the same files in the same run.
# It generates SIZE_MIB (default 1024) MiB of gzipped realistic records in a
# temporary directory (removed at the end; never committed), then reports
# MB/s of compressed input per core (input MB / CPU seconds, user+sys, so
# other load on the machine does not count), the wall-clock rate, the
# CPU% (above 100% means more than one core was used), and peak RSS.
# Targets (DESIGN.md, issue 11): >= 70% of gunzip's rate per core; peak RSS
# < 200 MiB; all cores used when files are many.
# TRAIL_LOGS=DIR reads the files already generated in DIR (by
# go run bench/trailgen/main.go DIR SIZE_MIB) instead of generating them.
# Needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MIB=${SIZE_MIB:-1024}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/lambdasec" ./cmd/lambdasec
logs=${TRAIL_LOGS:-}
if [ -z "$logs" ]; then
	logs="$tmp/logs"
	go run bench/trailgen/main.go "$logs" "$SIZE_MIB"
fi
mb=$(du -sb "$logs" | awk '{printf "%.1f", $1/1e6}')
files=$(find "$logs" -name '*.json.gz' | wc -l)

measure() { # label, command...
	local label=$1; shift
	/usr/bin/time -f '%U %S %e %P %M' -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
	read -r user sys wall cpu rss <"$tmp/t"
	awk -v l="$label" -v mb="$mb" -v u="$user" -v s="$sys" -v w="$wall" -v c="$cpu" -v r="$rss" 'BEGIN {
		printf "%-10s %8.1f MB/s per core  %8.1f MB/s wall  CPU %5s  peak RSS %6.1f MiB\n", l, mb/(u+s), mb/w, c, r/1024 }'
	echo "$user $sys" >"$tmp/$label.cpu"
}

echo "input: $files files, $mb MB gzipped"
measure gunzip sh -c "find '$logs' -name '*.json.gz' -print0 | xargs -0 cat | gzip -dc"
measure lambdasec "$tmp/lambdasec" trail --format json -o "$tmp/report.json" "$logs"
awk -v g="$(cat "$tmp/gunzip.cpu")" -v l="$(cat "$tmp/lambdasec.cpu")" 'BEGIN {
	split(g, a, " "); split(l, b, " "); printf "lambdasec per core / gunzip per core: %.0f%%\n", 100*(a[1]+a[2])/(b[1]+b[2]) }'
