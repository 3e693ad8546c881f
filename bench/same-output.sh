#!/bin/sh
# same-output.sh BASE_BINARY NEW_BINARY [CORPUS]
#
# Scans two directories of the shared corpus with both binaries in every
# machine-readable format (json, sarif) and compares the reports byte for
# byte. A refactor that must not change behaviour runs this before it is
# committed. The clock is fixed (--now) so runtime deadlines do not drift
# between the two runs. Exit status: 0 when every report is identical, 1
# when one differs (a diff of the first lines is printed), 2 on bad usage.
set -u
if [ $# -lt 2 ]; then
	echo "usage: $0 BASE_BINARY NEW_BINARY [CORPUS]" >&2
	exit 2
fi
base=$1
new=$2
corpus=${3:-${LAMBDASEC_CORPUS:-$(dirname "$0")/../../shared/corpus}}
for d in serverless-patterns sam-translator/tests/translator; do
	if [ ! -d "$corpus/$d" ]; then
		echo "$0: $corpus/$d: no such directory (set LAMBDASEC_CORPUS)" >&2
		exit 2
	fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for d in serverless-patterns sam-translator/tests/translator; do
	for f in json sarif; do
		name=$(echo "$d" | tr / _).$f
		# Exit codes 1 (findings) and 2 (some input unreadable) are normal
		# on the corpus; the two binaries must agree on them too.
		"$base" scan --now 2026-01-01 --no-color --format "$f" "$corpus/$d" >"$tmp/base.$name" 2>"$tmp/base.$name.err"
		echo "exit $?" >>"$tmp/base.$name.err"
		"$new" scan --now 2026-01-01 --no-color --format "$f" "$corpus/$d" >"$tmp/new.$name" 2>"$tmp/new.$name.err"
		echo "exit $?" >>"$tmp/new.$name.err"
		for s in "" .err; do
			if cmp -s "$tmp/base.$name$s" "$tmp/new.$name$s"; then
				echo "same      $d ($f${s:+ stderr}, $(wc -c <"$tmp/new.$name$s") bytes)"
			else
				echo "DIFFERENT $d ($f${s:+ stderr})"
				diff "$tmp/base.$name$s" "$tmp/new.$name$s" | head -20
				status=1
			fi
		done
	done
done
exit $status
