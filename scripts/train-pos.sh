#!/usr/bin/env bash
# Trains the shipped part-of-speech model, models/pos-fast.bin, from the POS column of CoNLL++.
# Usage: scripts/train-pos.sh [CONLL_DIR]   (default ../shared/data/ner/conllpp)
set -euo pipefail
cd "$(dirname "$0")/.."
conll=${1:-../shared/data/ner/conllpp}
cargo build --release --quiet
./target/release/whosaid train-pos --train "$conll/train.txt" --dev "$conll/dev.txt" \
  --seed 1 --out models/pos-fast.bin
