#!/bin/sh
# memory.sh measures lambdasec's peak resident memory and wall time on two
# generated estates (issue 18 item 6):
#   big:  one template of 50,000 functions (about 9 MB)
#   many: 20,000 templates of one function each
# Usage: bench/memory.sh [LAMBDASEC_BINARY] [big|many|all]
# Without a binary it builds ./cmd/lambdasec. Needs GNU time (/usr/bin/time).
set -eu
bin=${1:-}
which=${2:-all}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
if [ -z "$bin" ]; then
	bin=$dir/lambdasec
	go build -o "$bin" ./cmd/lambdasec
fi

# functions N FILE_PER_FUNCTION_DIR: N functions as template resources, in
# one stream (to stdout) or one template per function (in the directory).
functions() {
	awk -v n="$1" -v d="${2:-}" 'BEGIN {
		head = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:"
		if (d == "") print head
		for (i = 0; i < n; i++) {
			id = "Fn" i
			out = "/dev/stdout"
			if (d != "") { out = d "/t" i ".yaml"; print head > out }
			printf "  %s:\n    Type: AWS::Lambda::Function\n    Properties:\n", id > out
			printf "      Runtime: python3.13\n      Role: arn:aws:iam::111122223333:role/app\n" > out
			printf "      Code: {S3Bucket: b, S3Key: %s.zip}\n", id > out
			if (d != "") close(out)
		}
	}'
}

measure() { # $1: label, rest: paths
	label=$1
	shift
	/usr/bin/time -v "$bin" scan --no-code-scan --max-file-size 64 --format json -o "$dir/report.json" "$@" >/dev/null 2>"$dir/time.txt" || true
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time.txt")
	wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$dir/time.txt")
	echo "$label: peak RSS $((rss / 1024)) MiB, wall $wall"
}

if [ "$which" = big ] || [ "$which" = all ]; then
	functions 50000 >"$dir/big.yaml"
	measure "one template, 50000 functions ($(($(wc -c <"$dir/big.yaml") / 1024 / 1024)) MiB)" "$dir/big.yaml"
	rm -f "$dir/big.yaml" "$dir/report.json"
fi

if [ "$which" = many ] || [ "$which" = all ]; then
	mkdir "$dir/many"
	functions 20000 "$dir/many"
	measure "20000 templates of one function" "$dir/many"
fi
