#!/usr/bin/env bash
# Renders the review page of one document with headless Chromium and saves it as a PNG.
# Usage: scripts/review-screenshot.sh [INPUT] [PNG] [QUOTE]
#   INPUT  a text file (default: examples/review-article.txt)
#   PNG    where to save the picture (default: docs/review.png)
#   QUOTE  the quote to show selected, 0-based (default: 3)
# Needs Debian's `chromium` package (or chromium-browser / google-chrome on the PATH); when none
# is found and apt-get is there, it is installed (as root, or with sudo). WIDTH and HEIGHT set the
# window (default 1400 x 1000).
set -euo pipefail
cd "$(dirname "$0")/.."
input=${1:-examples/review-article.txt}
png=${2:-docs/review.png}
quote=${3:-3}
width=${WIDTH:-1400}
height=${HEIGHT:-1000}

browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" > /dev/null; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
  if ! command -v apt-get > /dev/null; then
    echo "review-screenshot: no chromium found; install Debian's chromium package" >&2
    exit 1
  fi
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  echo "review-screenshot: installing chromium with apt-get" >&2
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
  browser=chromium
fi

cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/whosaid
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" review "$input" -o "$tmp/pages"
page=$(find "$tmp/pages" -name '0*.html' | sort | head -n 1)
mkdir -p "$(dirname "$png")"
out=$(cd "$(dirname "$png")" && pwd)/$(basename "$png")
# A profile of its own, so that a browser already open is not disturbed.
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
  --user-data-dir="$tmp/profile" --window-size="$width,$height" \
  --virtual-time-budget=2000 --screenshot="$out" "file://$page#q$quote" 2> "$tmp/browser.log" || {
  cat "$tmp/browser.log" >&2
  exit 1
}
echo "review-screenshot: saved $png" >&2
