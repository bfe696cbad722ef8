#!/usr/bin/env bash
# Builds models/known-names.tsv from the PolNeAR training texts: the entity model tags every
# person, and each surname that one full name dominates is kept (see build-known-names.py).
# Usage: scripts/build-known-names.sh [TRAIN_JSONL] [BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
train="${1:-../shared/data/quotes/polnear-train.jsonl}"
bin="${2:-target/release/whosaid}"
[ -f "$train" ] || { echo "no training texts at $train" >&2; exit 1; }
[ -x "$bin" ] || cargo build --release
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
"$bin" tag --ner fast "$train" > "$tmp"
python3 scripts/build-known-names.py "$tmp" models/known-names.tsv
