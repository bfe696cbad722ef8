#!/usr/bin/env bash
# Attribution quality on the reference article, on PolNeAR dev, and on the 90 PolNeAR train
# articles with resolved speaker names (release build).
# Usage: scripts/evaluate.sh [--ner MODEL] [DATA_DIR]   (DATA_DIR defaults to ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
ner=(--ner fast)
if [ "${1:-}" = "--ner" ]; then ner=(--ner "$2"); shift 2; fi
data=${1:-../shared/data}
cargo build --release --quiet
for gold in "$data/seed/gold.jsonl" "$data/quotes/polnear-dev.jsonl"; do
  if [ -f "$gold" ]; then
    ./target/release/whosaid eval quotes "${ner[@]}" --gold "$gold"
    echo
  else
    echo "skipped: $gold not found" >&2
  fi
done
train="$data/quotes/polnear-train.jsonl"
if [ -f "$train" ]; then
  ./target/release/whosaid eval quotes "${ner[@]}" --only-resolved --gold "$train"
else
  echo "skipped: $train not found" >&2
fi
