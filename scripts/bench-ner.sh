#!/usr/bin/env bash
# Tagging speed of an NER model on one core (release build): CoNLL++ test repeated five times,
# tagged three times; prints the best tokens per second, and the model's load time.
# Usage: scripts/bench-ner.sh [MODEL] [CONLL_FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-fast}
gold=${2:-../shared/data/ner/conllpp/test.txt}
[ -f "$gold" ] || { echo "no $gold: pass a CoNLL file" >&2; exit 1; }
cargo build --release --quiet
bin=./target/release/whosaid
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for _ in 1 2 3 4 5; do cat "$gold"; echo; done > "$tmp"
best=0
for _ in 1 2 3; do
  read -r tps tokens < <(taskset -c 0 "$bin" eval ner --ner "$model" --json --gold "$tmp" |
    python3 -c 'import json,sys; r=json.load(sys.stdin); print(int(r["tokens_per_second"]), r["tokens"])')
  [ "$tps" -gt "$best" ] && best=$tps
done
start=$(date +%s%N)
echo "" | "$bin" tag --ner "$model" > /dev/null
load_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "model: $model"
echo "tagging: $best tokens/s (one core, best of 3 runs over $tokens tokens)"
echo "start-up including model load: ${load_ms} ms"
