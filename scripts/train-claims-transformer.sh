#!/usr/bin/env bash
# Fine-tunes the transformer attribution model, models/claims-transformer/, from the shipped NER
# transformer (models/ner-transformer: its encoder is kept, a new seven-label head added) on
# PolNeAR train; every 10th article is held out to choose the epoch. The checkpoint folder is
# written after every epoch and every 10 minutes within one; run the script again to go on from
# it (--resume). Run it in the background on two cores:
#   RAYON_NUM_THREADS=2 nohup nice -n 5 scripts/train-claims-transformer.sh > train.log 2>&1 &
# Usage: scripts/train-claims-transformer.sh [TRAIN_JSONL] [CHECKPOINT_DIR] [EPOCHS]
# The token types read the shipped POS and fast NER models (quotes and cues), so retrain after
# changing them. The model card (README.md) of the shipped folder is kept; the model's own
# confidence calibration (calibration.tsv) is fitted again on the held-out articles.
set -euo pipefail
cd "$(dirname "$0")/.."
train=${1:-../shared/data/quotes/polnear-train.jsonl}
checkpoint=${2:-target/claims-transformer.ckpt}
epochs=${3:-2}
cargo build --release --quiet
work=$(mktemp -d)
./target/release/whosaid train-claims --arch transformer --base models/ner-transformer \
  --train "$train" --checkpoint "$checkpoint" --resume --epochs "$epochs" --batch-size 4 \
  --lr 1e-4 --context-pieces 254 --seed 1 --threshold 0.65 --out "$work/claims-transformer"
rm -rf models/claims-transformer.new
cp -r "$work/claims-transformer" models/claims-transformer.new
[ -f models/claims-transformer/README.md ] && cp models/claims-transformer/README.md models/claims-transformer.new/
rm -rf models/claims-transformer && mv models/claims-transformer.new models/claims-transformer
# The held-out articles (every 10th, from the first), as training held them out.
awk 'NR % 10 == 1' "$train" > "$work/heldout.jsonl"
./target/release/whosaid eval quotes --claims models/claims-transformer --gold "$work/heldout.jsonl" \
  --fit-calibration models/claims-transformer/calibration.tsv > /dev/null
rm -rf "$work"
