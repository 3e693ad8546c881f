#!/usr/bin/env bash
# Fails when the linux/amd64 lambdasec binary, built as the README builds it
# (go build, not stripped), is larger than the limit of issue 14: 35 MiB
# (36,700,160 bytes). It was 105 MB while html/template was linked:
# text/template's reflect.Value.MethodByName keeps every exported method of
# every reachable type (all of the AWS SDK clients' operations). When this
# fails, look for what reaches such a call:
#   go build -ldflags=-dumpdep -o /dev/null ./cmd/lambdasec 2>&1 | grep ReflectMethod
# and follow the "A -> B" lines back from them to our code.
set -euo pipefail
cd "$(dirname "$0")/.."

limit=36700160
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
GOOS=linux GOARCH=amd64 go build -o "$out/lambdasec" ./cmd/lambdasec
size=$(wc -c <"$out/lambdasec" | tr -d ' ')
if [ "$size" -gt "$limit" ]; then
  echo "binary size: linux/amd64 lambdasec is $size bytes, over the limit of $limit (35 MiB)"
  echo "what keeps every method alive (reflect Method/MethodByName callers):"
  GOOS=linux GOARCH=amd64 go build -ldflags=-dumpdep -o /dev/null ./cmd/lambdasec 2>&1 | grep -o '^[^ ]* <ReflectMethod>' | sort -u || true
  exit 1
fi
echo "binary size: linux/amd64 lambdasec is $size bytes (limit $limit)"
