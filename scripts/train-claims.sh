#!/usr/bin/env bash
# Trains the shipped attribution model, models/claims-fast.bin, from PolNeAR train.
# Usage: scripts/train-claims.sh [TRAIN_JSONL] [CHECKPOINT]
#   TRAIN_JSONL  gold attributions (default ../shared/data/quotes/polnear-train.jsonl); every 10th
#                document is held out to choose the epoch and the posteriors' temperature
#   CHECKPOINT   written after every epoch (default target/claims-fast.ckpt); a run that stopped
#                goes on from it (--resume), and a finished one only writes the model again
# The features read the shipped POS and fast NER models, so retrain after changing them.
set -euo pipefail
cd "$(dirname "$0")/.."
train=${1:-../shared/data/quotes/polnear-train.jsonl}
checkpoint=${2:-target/claims-fast.ckpt}
cargo build --release --quiet
mkdir -p "$(dirname "$checkpoint")"
./target/release/whosaid train-claims --train "$train" --checkpoint "$checkpoint" --resume \
  --seed 1 --epochs 15 --patience 3 --min-count 2 --threshold 0.5 --stack-folds 5 --open-cues \
  --out models/claims-fast.bin
