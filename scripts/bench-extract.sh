#!/usr/bin/env bash
# End-to-end throughput of `whosaid extract` (release build) over the PolNeAR texts (train and dev,
# 924 articles): words per second on one core (--jobs 1), and with all cores.
# Usage: scripts/bench-extract.sh [--ner MODEL] [--claims MODE] [JSONL...]
set -euo pipefail
cd "$(dirname "$0")/.."
ner=(--ner fast)
claims=(--claims auto)
while [ $# -ge 2 ]; do
  case "$1" in
    --ner) ner=(--ner "$2"); shift 2 ;;
    --claims) claims=(--claims "$2"); shift 2 ;;
    *) break ;;
  esac
done
inputs=("$@")
[ ${#inputs[@]} -gt 0 ] || inputs=(../shared/data/quotes/polnear-train.jsonl ../shared/data/quotes/polnear-dev.jsonl)
cargo build --release --quiet
tmp=$(mktemp --suffix=.jsonl)
trap 'rm -f "$tmp"' EXIT
# Keep only id and text, as a user's corpus would be.
python3 - "${inputs[@]}" > "$tmp" <<'PY'
import json, sys
for path in sys.argv[1:]:
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        print(json.dumps({"id": d["id"], "text": d["text"]}))
PY
words=$(python3 -c 'import json,sys; print(sum(len(json.loads(l)["text"].split()) for l in open(sys.argv[1])))' "$tmp")
run() {
  local start end
  start=$(date +%s%N)
  ./target/release/whosaid extract "${ner[@]}" "${claims[@]}" "$@" --format jsonl "$tmp" > /dev/null 2>&1
  end=$(date +%s%N)
  echo $(( words * 1000000000 / (end - start) ))
}
one=$(run --jobs 1)
all=$(run)
echo "model: ${ner[1]}, claims: ${claims[1]}"
echo "documents: $(wc -l < "$tmp"), words: $words"
echo "one core:  $one words/s"
echo "all cores ($(nproc)): $all words/s"
