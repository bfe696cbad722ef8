#!/usr/bin/env bash
# Fits the confidence calibration (models/calibration.tsv) on PolNeAR train, scored with raw
# confidences, then prints the reliability table on PolNeAR dev with the new table. Re-run it
# whenever rules, their confidences or a model's scores change.
# Usage: scripts/calibrate.sh [--ner MODEL] [DATA_DIR]   (DATA_DIR defaults to ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
ner=(--ner fast)
if [ "${1:-}" = "--ner" ]; then ner=(--ner "$2"); shift 2; fi
data=${1:-../shared/data}
cargo build --release --quiet
./target/release/whosaid eval quotes "${ner[@]}" --gold "$data/quotes/polnear-train.jsonl" \
  --fit-calibration models/calibration.tsv > /dev/null
./target/release/whosaid eval quotes "${ner[@]}" --gold "$data/quotes/polnear-dev.jsonl" \
  | sed -n '/^reliability/,/^$/p'
