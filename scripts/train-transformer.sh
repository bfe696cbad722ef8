#!/usr/bin/env bash
# Fine-tunes all-MiniLM-L6-v2 on CoNLL++ into the shipped transformer model, models/ner-transformer/
# (half precision), reading up to 254 word pieces of consecutive sentences together (the default
# --context-pieces), then stores its reference logits and checks them against an independent NumPy
# forward pass. About 9 minutes an epoch on two cores (six by default); run it in the background.
# Usage: scripts/train-transformer.sh [CONLL_DIR] [EPOCHS]
set -euo pipefail
cd "$(dirname "$0")/.."
conll=${1:-../shared/data/ner/conllpp}
epochs=${2:-6}
base=models/base/all-MiniLM-L6-v2
[ -f "$base/model.safetensors" ] || scripts/get-base-model.sh "$base"
cargo build --release --quiet
work=$(mktemp -d)
./target/release/whosaid train-ner --arch transformer --base "$base" \
  --train "$conll/train.txt" --dev "$conll/dev.txt" \
  --epochs "$epochs" --lr 1e-4 --seed 1 --out "$work/ner-transformer"
rm -rf models/ner-transformer.new
cp -r "$work/ner-transformer" models/ner-transformer.new
[ -f models/ner-transformer/README.md ] && cp models/ner-transformer/README.md models/ner-transformer.new/
rm -rf models/ner-transformer && mv models/ner-transformer.new models/ner-transformer
rm -rf "$work"
WHOSAID_WRITE_REFERENCE=1 cargo test --release --quiet --test transformer shipped_model_matches_reference_logits
python3 scripts/check-reference.py models/ner-transformer
