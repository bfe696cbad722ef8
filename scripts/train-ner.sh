#!/usr/bin/env bash
# Trains the shipped fast NER model, models/ner-fast.bin, from CoNLL++.
# Usage: scripts/train-ner.sh [CONLL_DIR] [UNLABELLED_JSONL]
#   CONLL_DIR         folder with train.txt and dev.txt (default ../shared/data/ner/conllpp)
#   UNLABELLED_JSONL  unlabelled news text for word clusters (default: PolNeAR train texts)
# The word embeddings of all-MiniLM-L6-v2 are clustered into word classes; the base model is
# fetched by scripts/get-base-model.sh when it is not there yet.
set -euo pipefail
cd "$(dirname "$0")/.."
conll=${1:-../shared/data/ner/conllpp}
unlabeled=${2:-../shared/data/quotes/polnear-train.jsonl}
base=models/base/all-MiniLM-L6-v2
[ -f "$base/model.safetensors" ] || scripts/get-base-model.sh "$base"
cargo build --release --quiet
./target/release/whosaid train-ner \
  --train "$conll/train.txt" --dev "$conll/dev.txt" \
  --unlabeled "$unlabeled" --embeddings "$base" \
  --seed 1 --out models/ner-fast.bin
