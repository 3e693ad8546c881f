#!/bin/sh
# scale.sh measures lambdasec's whole-process peak resident memory and
# wall time on 1, 4 and 16 copies of the shared corpus (issue 17), for each
# of the formats json, sarif, html and table, in one run so the ratios are
# comparable. The copies are hard links in a temp dir (cp -l), falling back
# to plain copies.
# Usage: bench/scale.sh [LAMBDASEC_BINARY] [CORPUS] [COPIES...]
# Without a binary it builds ./cmd/lambdasec. Needs GNU time (/usr/bin/time).
# Env FORMATS overrides "json sarif html table".
set -eu
bin=${1:-}
corpus=${2:-${LAMBDASEC_CORPUS:-$(dirname "$0")/../../shared/corpus}}
shift 2 2>/dev/null || shift $#
copies=${*:-1 4 16}
formats=${FORMATS:-json sarif html table}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
if [ -z "$bin" ]; then
	bin=$dir/lambdasec
	go build -o "$bin" ./cmd/lambdasec
fi
for n in $copies; do
	mkdir "$dir/x$n"
	i=0
	while [ $i -lt "$n" ]; do
		cp -rl "$corpus" "$dir/x$n/c$i" 2>/dev/null || cp -r "$corpus" "$dir/x$n/c$i"
		i=$((i + 1))
	done
	for f in $formats; do
		# Exit codes 1 (findings) and 2 (unreadable inputs) are normal here.
		/usr/bin/time -v "$bin" scan --now 2026-01-01 --no-color --format "$f" -o "$dir/report.$f" "$dir/x$n" >/dev/null 2>"$dir/time.txt" || true
		rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time.txt")
		wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$dir/time.txt")
		cpu=$(sed -n 's/.*Percent of CPU this job got: //p' "$dir/time.txt")
		echo "${n}x $f: peak RSS $((rss / 1024)) MiB, wall $wall, cpu $cpu, report $(($(wc -c <"$dir/report.$f") / 1024)) KiB"
		rm -f "$dir/report.$f"
	done
	rm -rf "$dir/x$n"
done
