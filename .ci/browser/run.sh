#!/usr/bin/env bash
# Browser test of the HTML report: builds lambdasec, writes the HTML report
# of examples/orders-api and of an estate full of XSS payloads, opens both
# in headless Chromium (Debian's package) through playwright-core, checks
# the filters, that no payload runs and that nothing is fetched, checks the
# exposure view of examples/vulnerable-shop (the SVG renders, every hop links
# to a finding), and writes the screenshots docs/html-report.png and
# docs/exposure-view.png. Installs Chromium (apt-get) and
# playwright-core (npm ci, from the committed lock file) when missing.
# Exits non-zero on any failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ! -x /usr/bin/chromium ]; then
  echo "== installing chromium (Debian packages chromium, chromium-driver)"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
fi
if ! command -v node >/dev/null 2>&1; then
  echo "== installing node (Debian packages nodejs, npm)"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "browser test: node $(node --version) is too old; playwright-core needs node 20 or later" >&2
  exit 1
fi

want=$(cd "$here" && node -p 'require("./package-lock.json").packages["node_modules/playwright-core"].version')
have=$(cd "$here" && node -e 'try { console.log(require("./node_modules/playwright-core/package.json").version) } catch (e) { console.log("") }')
if [ "$want" != "$have" ]; then
  echo "== npm ci (playwright-core $want)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "== go build ./cmd/lambdasec"
go build -o "$tmp/lambdasec" ./cmd/lambdasec

# A fixed date keeps the screenshot the same from run to run.
now=2026-11-21
echo "== lambdasec scan --format html examples/orders-api"
"$tmp/lambdasec" scan --now "$now" --format html -o "$tmp/example.html" examples/orders-api

# The XSS estate, under a file name that is itself a payload, next to a
# file whose name and warning (a Ref to a payload, left unresolved) are
# payloads too, and an unreadable file whose name is a payload (so the scan
# exits 2: a file was skipped).
mkdir "$tmp/xss"
cp internal/report/testdata/xss.yaml "$tmp/xss/<svg onload=alert(30)>.yaml"
printf 'Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties: {TopicName: !Ref "<img src=x onerror=alert(31)>"}\n' \
  > "$tmp/xss/\"><img src=x onerror=alert(32)>.yaml"
printf 'Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties: [\n' > "$tmp/xss/<img src=x onerror=alert(33)>.yaml"
echo "== lambdasec scan --format html (XSS estate)"
set +e
"$tmp/lambdasec" scan --now "$now" --format html --show-pass -o "$tmp/xss.html" "$tmp/xss" 2>"$tmp/xss.stderr"
code=$?
set -e
if [ "$code" -ne 2 ] || ! grep -q 'skipped' "$tmp/xss.stderr"; then
  echo "browser test: scan of the XSS estate exited $code, want 2 with a skipped file:" >&2
  cat "$tmp/xss.stderr" >&2
  exit 1
fi

echo "== lambdasec scan --format html examples/vulnerable-shop"
"$tmp/lambdasec" scan --now "$now" --format html -o "$tmp/shop.html" examples/vulnerable-shop

echo "== chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'): filters, XSS, network, exposure view, screenshots"
mkdir -p docs
node "$here/report.test.mjs" "$tmp/example.html" "$tmp/xss.html" "$root/docs/html-report.png" "$tmp/shop.html" "$root/docs/exposure-view.png"
