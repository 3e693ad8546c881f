#!/usr/bin/env bash
# Fails when the linux/amd64 lambdasec binary, built as the README builds it
# (go build, not stripped), grows past issue 14's limit of 35,000,000 bytes.
# History: 105 MB while html/template was linked (text/template's
# reflect.Value.MethodByName keeps every exported method of every reachable
# type: all of the AWS SDK clients' operations); 33,853,747 bytes once the
# HTML report stopped using it; 36.9 MB after the Terraform reader (hcl/v2,
# go-cty and their Unicode tables, +2.9 MB); 32,427,866 bytes once
# internal/secrets applied gitleaks' rules itself instead of linking
# gitleaks' detect package (text/template, sprig, viper with five config
# formats, eight archive formats). When this fails, look for what reaches a
# reflect Method/MethodByName call:
#   go build -ldflags=-dumpdep -o /dev/null ./cmd/lambdasec 2>&1 | grep ReflectMethod
# and follow the "A -> B" lines back from them to our code; and compare
# `go list -deps ./cmd/lambdasec` with the last passing commit's.
set -euo pipefail
cd "$(dirname "$0")/.."

limit=35000000     # issue 14
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
echo "binary size: linux/amd64 lambdasec is $size bytes (limit $limit, issue 14)"
