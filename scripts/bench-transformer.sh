#!/usr/bin/env bash
# Inference speed of the transformer tagger beside the fast one (release build, this machine's
# cores), tagging CoNLL++ test: words (tokens) per second, and the F1 of each.
# Usage: scripts/bench-transformer.sh [MODEL_DIR] [CONLL_FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-transformer}
gold=${2:-../shared/data/ner/conllpp/test.txt}
[ -f "$gold" ] || { echo "no $gold: pass a CoNLL file" >&2; exit 1; }
cargo build --release --quiet
for m in "$model" fast; do
  ./target/release/whosaid eval ner --ner "$m" --json --gold "$gold" | python3 -c '
import json, sys
r = json.load(sys.stdin)
print(f"{sys.argv[1]:<14} {r[\"tokens_per_second\"]:>10.0f} words/s   F1 {r[\"overall\"][\"f1\"]:.2f}   ({r[\"model\"]})")' "$m"
done
