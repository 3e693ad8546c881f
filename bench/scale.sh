#!/bin/sh
# scale.sh measures lambdasec's whole-process peak resident memory and
# wall time on 1, 4 and 16 copies of the shared corpus (issue 17), for each
# of the formats json, sarif, html and table, in one run so the ratios are
# comparable; each line gives the peak's ratio to the 1x peak of its format
# (the first count of copies given). On the first count it also checks that
# a serial run (--parallel 1) writes the same bytes as the default (every
# core). The copies are hard links in a temp dir (cp -l), falling back to
# plain copies.
# Usage: bench/scale.sh [LAMBDASEC_BINARY] [CORPUS] [COPIES...]
# Without a binary it builds ./cmd/lambdasec. Needs GNU time (/usr/bin/time).
# Env FORMATS overrides "json sarif html table"; SAME=0 skips the serial
# comparison. Env BASE names an earlier lambdasec binary: on the last count
# of copies each format is also run by it, and the line gives the wall-time
# ratio (this binary's wall / BASE's), so the two are measured in one run on
# the same machine. Exit status 1 when a serial report differs.
set -eu
bin=${1:-}
corpus=${2:-${LAMBDASEC_CORPUS:-$(dirname "$0")/../../shared/corpus}}
shift 2 2>/dev/null || shift $#
copies=${*:-1 4 16}
formats=${FORMATS:-json sarif html table}
same=${SAME:-1}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
if [ -z "$bin" ]; then
	bin=$dir/lambdasec
	go build -o "$bin" ./cmd/lambdasec
fi
status=0
first=
last=
for n in $copies; do last=$n; done
# seconds converts GNU time's elapsed "m:ss.cc" or "h:mm:ss" to seconds.
seconds() {
	echo "$1" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }'
}
for n in $copies; do
	first=${first:-$n}
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
		if [ "$n" = "$first" ]; then
			eval "base_$f=$rss"
		fi
		base=$(eval "echo \$base_$f")
		ratio=$(awk -v a="$rss" -v b="$base" 'BEGIN { printf "%.2f", a / b }')
		echo "${n}x $f: peak RSS $((rss / 1024)) MiB (${ratio}x the ${first}x peak), wall $wall, cpu $cpu, report $(($(wc -c <"$dir/report.$f") / 1024)) KiB"
		if [ "$n" = "$first" ] && [ "$same" = 1 ]; then
			"$bin" scan --now 2026-01-01 --no-color --parallel 1 --format "$f" -o "$dir/serial.$f" "$dir/x$n" >/dev/null 2>&1 || true
			if cmp -s "$dir/report.$f" "$dir/serial.$f"; then
				echo "${n}x $f: --parallel 1 writes the same $(wc -c <"$dir/serial.$f") bytes"
			else
				echo "${n}x $f: --parallel 1 writes DIFFERENT bytes"
				status=1
			fi
			rm -f "$dir/serial.$f"
		fi
		rm -f "$dir/report.$f"
		if [ -n "${BASE:-}" ] && [ "$n" = "$last" ]; then
			/usr/bin/time -v "$BASE" scan --now 2026-01-01 --no-color --format "$f" -o "$dir/base.$f" "$dir/x$n" >/dev/null 2>"$dir/time.txt" || true
			brss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time.txt")
			bwall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$dir/time.txt")
			bcpu=$(sed -n 's/.*Percent of CPU this job got: //p' "$dir/time.txt")
			wratio=$(awk -v a="$(seconds "$wall")" -v b="$(seconds "$bwall")" 'BEGIN { printf "%.2f", a / b }')
			echo "${n}x $f BASE: peak RSS $((brss / 1024)) MiB, wall $bwall, cpu $bcpu; this binary's wall is ${wratio}x BASE's"
			rm -f "$dir/base.$f"
		fi
	done
	rm -rf "$dir/x$n"
done
exit $status
