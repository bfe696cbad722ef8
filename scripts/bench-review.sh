#!/usr/bin/env bash
# Speed of `whosaid review` against `whosaid extract` (release build) on a folder of 1,000 text
# files made at run time from the PolNeAR texts (train and dev, taken in turn until there are
# 1,000; nothing is kept). Each command runs three times, in turn; the best times count.
# Usage: scripts/bench-review.sh [--jobs N] [JSONL...]
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=()
if [ "${1:-}" = "--jobs" ]; then jobs=(--jobs "$2"); shift 2; fi
inputs=("$@")
[ ${#inputs[@]} -gt 0 ] || inputs=(../shared/data/quotes/polnear-train.jsonl ../shared/data/quotes/polnear-dev.jsonl)
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/whosaid
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/docs"
python3 - "$tmp/docs" "${inputs[@]}" <<'PY'
import json, os, sys
out, paths = sys.argv[1], sys.argv[2:]
texts = [json.loads(l)["text"] for p in paths for l in open(p, encoding="utf-8") if l.strip()]
for i in range(1000):
    with open(os.path.join(out, f"doc{i:04d}.txt"), "w", encoding="utf-8", newline="") as f:
        f.write(texts[i % len(texts)])
PY
words=$(cat "$tmp"/docs/*.txt | wc -w)
# One run: "WALL CPU" in ms (CPU: user + system; on a busy machine the steadier measure).
measure() {
  local t r u sys
  t=$( { TIMEFORMAT='%R %U %S'; time "$@" > /dev/null 2>&1; } 2>&1 )
  read -r r u sys <<< "$t"
  python3 -c "print(round($r * 1000), round(($u + $sys) * 1000))"
}
# Three rounds, the two commands in turn (so that a change in the machine's load hits both); the
# best time of each counts.
extract_wall=0; extract_cpu=0; review_wall=0; review_cpu=0
min() { if [ "$1" -eq 0 ] || [ "$2" -lt "$1" ]; then echo "$2"; else echo "$1"; fi; }
for _ in 1 2 3; do
  read -r w c <<< "$(measure "$bin" extract "${jobs[@]}" --format jsonl "$tmp/docs")"
  extract_wall=$(min "$extract_wall" "$w"); extract_cpu=$(min "$extract_cpu" "$c")
  rm -rf "$tmp/pages"
  read -r w c <<< "$(measure "$bin" review "${jobs[@]}" -o "$tmp/pages" "$tmp/docs")"
  review_wall=$(min "$review_wall" "$w"); review_cpu=$(min "$review_cpu" "$c")
done
pages=$(find "$tmp/pages" -name '*.html' | wc -l)
bytes=$(du -sk "$tmp/pages" | cut -f1)
echo "documents: 1000, words: $words, threads: ${jobs[1]:-all cores ($(nproc))}"
echo "extract: wall $extract_wall ms ($(( words * 1000 / extract_wall )) words/s), CPU $extract_cpu ms"
echo "review:  wall $review_wall ms ($(( words * 1000 / review_wall )) words/s), CPU $review_cpu ms; $pages pages, $bytes KB"
echo "review speed / extract speed: wall $(( extract_wall * 100 / review_wall ))%, CPU $(( extract_cpu * 100 / review_cpu ))%"
