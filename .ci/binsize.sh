#!/usr/bin/env bash
# Fails when the linux/amd64 lambdasec binary, built as the README builds it
# (go build, not stripped), grows past a regression guard of 38,000,000
# bytes. Issue 14's target is 35 MB (35,000,000 bytes): it was met at
# 33,853,747 bytes once the HTML report stopped using html/template, and
# lost again when the Terraform reader (hcl/v2, go-cty and their Unicode
# tables) added 2.9 MB; the next cut is gitleaks (~5.1 MB: its detect
# package pulls text/template, sprig, viper with five config formats and
# eight archive formats). It was 105 MB while html/template was linked:
# text/template's reflect.Value.MethodByName keeps every exported method of
# every reachable type (all of the AWS SDK clients' operations). When this
# fails, look for what reaches such a call:
#   go build -ldflags=-dumpdep -o /dev/null ./cmd/lambdasec 2>&1 | grep ReflectMethod
# and follow the "A -> B" lines back from them to our code.
set -euo pipefail
cd "$(dirname "$0")/.."

limit=38000000     # regression guard; target 35000000 (issue 14)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
GOOS=linux GOARCH=amd64 go build -o "$out/lambdasec" ./cmd/lambdasec
size=$(wc -c <"$out/lambdasec" | tr -d ' ')
if [ "$size" -gt "$limit" ]; then
  echo "binary size: linux/amd64 lambdasec is $size bytes, over the limit of $limit"
  echo "what keeps every method alive (reflect Method/MethodByName callers):"
  GOOS=linux GOARCH=amd64 go build -ldflags=-dumpdep -o /dev/null ./cmd/lambdasec 2>&1 | grep -o '^[^ ]* <ReflectMethod>' | sort -u || true
  exit 1
fi
echo "binary size: linux/amd64 lambdasec is $size bytes (regression guard $limit; issue 14 target 35000000)"
