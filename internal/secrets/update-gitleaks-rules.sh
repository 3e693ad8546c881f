#!/usr/bin/env bash
# Replaces the embedded gitleaks rule set with that of another gitleaks
# release: gitleaks.toml (its config/gitleaks.toml, unchanged, the source
# of truth), gitleaks.LICENSE, and GitleaksVersion in rules.go; regenerates
# gitleaks.json from gitleaks.toml (go run ./internal/gen: the binary embeds
# the JSON and links no TOML parser); then runs the package's tests, which
# check that the JSON is the TOML's conversion, load the new rules and
# check the labelled secrets against them.
# Usage: update-gitleaks-rules.sh [VERSION]   (default: latest)
# The module is fetched through the Go module proxy into the module cache;
# go.mod does not change (lambdasec does not import gitleaks).
set -euo pipefail
cd "$(dirname "$0")"
json=$(go mod download -json "github.com/zricethezav/gitleaks/v8@${1:-latest}")
field() { printf '%s\n' "$json" | sed -n "s/^[[:space:]]*\"$1\": \"\(.*\)\",\{0,1\}$/\1/p"; }
dir=$(field Dir)
version=$(field Version)
if [ -z "$dir" ] || [ ! -f "$dir/config/gitleaks.toml" ]; then
  echo "update-gitleaks-rules: no config/gitleaks.toml in gitleaks ${1:-latest}:" >&2
  printf '%s\n' "$json" >&2
  exit 1
fi
install -m 644 "$dir/config/gitleaks.toml" gitleaks.toml
install -m 644 "$dir/LICENSE" gitleaks.LICENSE
sed -i.bak "s/^const GitleaksVersion = .*/const GitleaksVersion = \"$version\"/" rules.go && rm -f rules.go.bak
go run ./internal/gen gitleaks.toml gitleaks.json
gzip -9nkf gitleaks.json # what the binary embeds (go generate)
echo "gitleaks rules: $version"
go test . ./internal/...
