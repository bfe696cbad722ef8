#!/usr/bin/env bash
# Writes whosaid's outputs on fixed inputs into a folder, so that two builds can be compared with
# `diff -r`: before a refactoring that must not change what users see, save the outputs, change the
# code, save them again and diff the two folders.
#
# Usage: scripts/golden.sh OUT_DIR [BINARY] [DATA_DIR]
#   BINARY defaults to target/release/whosaid (built first); DATA_DIR to ../shared/data.
#   The project's own fixtures are always run; the reference article and the PolNeAR dev and train
#   texts only when DATA_DIR has them (a line says which were skipped).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/golden.sh OUT_DIR [BINARY] [DATA_DIR]}
bin=${2:-}
data=${3:-../shared/data}
if [ -z "$bin" ]; then
  cargo build --release --quiet
  bin=./target/release/whosaid
fi
mkdir -p "$out"
# Timings differ from run to run; scores must not.
untimed() { grep -v -e '"seconds"' -e 'per_second' -e '^speed:'; }

fixtures=(examples/article.txt tests/fixtures/article.txt tests/fixtures/quotes-article.txt)
for format in csv jsonl text; do
  "$bin" extract --format "$format" "${fixtures[@]}" > "$out/fixtures.$format"
done
"$bin" extract --format jsonl --ner combined "${fixtures[@]}" > "$out/fixtures-combined.jsonl"
"$bin" tag "${fixtures[@]}" > "$out/fixtures-tag.tsv"
"$bin" tag --conll tests/fixtures/ner-sample.conll > "$out/ner-sample-tagged.conll"

if [ -f "$data/seed/gold.jsonl" ]; then
  "$bin" extract --format csv "$data/seed/article.txt" > "$out/seed.csv"
  "$bin" extract --format jsonl --ner combined "$data/seed/article.txt" > "$out/seed-combined.jsonl"
  "$bin" eval quotes --json --gold "$data/seed/gold.jsonl" | untimed > "$out/seed-eval.json"
else
  echo "skipped: $data/seed (not found)" >&2
fi
for split in dev train; do
  gold="$data/quotes/polnear-$split.jsonl"
  if [ -f "$gold" ]; then
    for format in csv jsonl; do
      "$bin" extract --format "$format" "$gold" > "$out/polnear-$split.$format"
    done
  else
    echo "skipped: $gold (not found)" >&2
  fi
done
if [ -f "$data/quotes/polnear-dev.jsonl" ]; then
  "$bin" eval quotes --json --gold "$data/quotes/polnear-dev.jsonl" | untimed > "$out/polnear-dev-eval.json"
  "$bin" eval quotes --gold "$data/quotes/polnear-dev.jsonl" | untimed > "$out/polnear-dev-eval.txt"
fi
echo "wrote $(ls "$out" | wc -l) files to $out"
