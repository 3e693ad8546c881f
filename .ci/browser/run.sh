#!/usr/bin/env bash
# Browser test of the HTML report (issue 19): builds lambdasec, writes the
# HTML report (and the JSON report beside it) of examples/, of the shared
# corpus when ../shared/corpus is there, of a live snapshot of the fake
# account (collected through the real SDK from internal/source/live/awstest
# by TestWriteBrowserSnapshots), of a 5,000-function snapshot, and of an
# estate full of XSS payloads; opens them in headless Chromium (Debian's
# package) through playwright-core and checks the section order, UNKNOWN
# badges, sorting, URL-fragment filters, the CSV export, the PDF printed
# from them (read with pdftotext: every remediation of the failing rules),
# the open time at 5,000 functions, that no payload runs and that nothing
# is fetched; writes the screenshots docs/html-report.png (first screen)
# and docs/html-report-pdf.png (a PDF page); checks the exposure view of
# examples/vulnerable-shop (the SVG renders, every hop links to its
# finding) and writes docs/exposure-view.png. Installs Chromium and
# poppler-utils (apt-get) and playwright-core (npm ci, from the committed
# lock file) when missing. Exits non-zero on any failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ! -x /usr/bin/chromium ] || ! command -v pdftotext >/dev/null 2>&1; then
  echo "== installing chromium and poppler-utils (Debian packages chromium, poppler-utils)"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium poppler-utils
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

# A fixed date keeps the screenshots the same from run to run.
now=2026-11-21
report() { # NAME ARGS...: the HTML and JSON reports of one scan, exit 0 or 2
  local name=$1; shift
  set +e
  "$tmp/lambdasec" scan --now "$now" --format html -o "$tmp/$name.html" --output-file "json=$tmp/$name.json" "$@" 2>"$tmp/$name.stderr"
  local code=$?
  set -e
  if [ "$code" -ne 0 ] && [ "$code" -ne 2 ]; then
    echo "browser test: scan for $name exited $code:" >&2; cat "$tmp/$name.stderr" >&2; exit 1
  fi
  echo "$name: exit $code, $(wc -c <"$tmp/$name.html") bytes of HTML"
}
echo "== lambdasec scan --format html examples/"
report example examples

echo "== live snapshots of the fake account (awstest, through the real SDK): fake account, 5,000 functions"
LAMBDASEC_BROWSER_DIR="$tmp" go test ./internal/scan -run '^TestWriteBrowserSnapshots$' -count=1 >"$tmp/snapshots.log" 2>&1 || { cat "$tmp/snapshots.log"; exit 1; }
# Scanned from $tmp by relative name, so the report (and the PDF page in
# docs/) names the snapshot the same from run to run.
(cd "$tmp" && report fake fake-account.json)
(cd "$tmp" && report scale --max-file-size 64 scale-account.json)

corpus_args=()
if [ -d ../shared/corpus/serverless-patterns ]; then
  echo "== lambdasec scan --format html ../shared/corpus/serverless-patterns"
  report corpus ../shared/corpus/serverless-patterns
  corpus_args=(--corpus "$tmp/corpus.html")
fi

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

echo "== chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'): order, badges, sorting, fragments, CSV, PDF, open time, exposure view, XSS, network, screenshots"
mkdir -p docs
node "$here/report.test.mjs" --example "$tmp/example.html" --xss "$tmp/xss.html" --fake "$tmp/fake.html" \
  --scale "$tmp/scale.html" --shop "$tmp/shop.html" "${corpus_args[@]}" --shot "$root/docs/html-report.png" \
  --pdf-shot "$root/docs/html-report-pdf.png" --exposure-shot "$root/docs/exposure-view.png" --out "$tmp"
