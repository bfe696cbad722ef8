#!/usr/bin/env bash
# Inference speed of the transformer tagger beside the combined and fast ones (release build, all
# of this machine's cores): words per second tagging CoNLL++ test (with its F1), and tagging news
# text (the PolNeAR dev articles) with `whosaid tag`, model loading included.
# Usage: scripts/bench-transformer.sh [MODEL_DIR] [CONLL_FILE] [NEWS_JSONL]
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-transformer}
gold=${2:-../shared/data/ner/conllpp/test.txt}
news=${3:-../shared/data/quotes/polnear-dev.jsonl}
[ -f "$gold" ] || { echo "no $gold: pass a CoNLL file" >&2; exit 1; }
cargo build --release --quiet
for m in "$model" combined fast; do
  ./target/release/whosaid eval ner --ner "$m" --json --gold "$gold" > /tmp/whosaid-bench.json
  python3 - "$m" <<'PY'
import json, sys
r = json.load(open("/tmp/whosaid-bench.json"))
print("%s: CoNLL++ test, %d words: %.0f words/s, F1 %.2f"
      % (sys.argv[1], r["tokens"], r["tokens_per_second"], r["overall"]["f1"]))
PY
done
if [ -f "$news" ]; then
  words=$(python3 -c 'import json,sys; print(sum(len(json.loads(l)["text"].split()) for l in open(sys.argv[1])))' "$news")
  for m in "$model" combined fast; do
    start=$(date +%s%N)
    ./target/release/whosaid tag --ner "$m" "$news" > /dev/null
    end=$(date +%s%N)
    echo "$m: news text, $words words: $(( words * 1000000000 / (end - start) )) words/s"
  done
fi
