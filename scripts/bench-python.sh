#!/usr/bin/env bash
# Throughput of the Python package and of the Spark example (local mode) against the command-line
# tool, on the same documents with the same number of threads: words per second, the best of
# several runs each (whole processes for the tool and for Python: start-up, loading the models,
# reading the JSONL and handing out every record included; for Spark, a job over a warm session,
# writing Parquet).
# Usage: scripts/bench-python.sh [--jobs N] [--python PYTHON] [--runs R] [--no-spark] [JSONL...]
# (default: 1 and all cores; python3; 5 runs; ../shared/data/quotes/polnear-dev.jsonl). PYTHON must
# have the package (pip install ./python) and, for Spark, pyspark, pandas and pyarrow.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs_list=(1 "$(nproc)")
python=python3
runs=5
spark=1
while [ $# -gt 0 ]; do
  case "$1" in
    --jobs) jobs_list=("$2"); shift 2 ;;
    --python) python=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --no-spark) spark=0; shift ;;
    *) break ;;
  esac
done
inputs=("$@")
[ ${#inputs[@]} -gt 0 ] || inputs=(../shared/data/quotes/polnear-dev.jsonl)
if ! "$python" -c 'import whosaid' 2>/dev/null; then
  echo "$python cannot import whosaid: pip install ./python first (or give --python)" >&2
  exit 1
fi
cargo build --release --quiet -p whosaid-cli
bin="${CARGO_TARGET_DIR:-target}/release/whosaid"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
corpus="$tmp/docs.jsonl"
# Keep only id and text, as a user's corpus would be.
python3 - "${inputs[@]}" > "$corpus" <<'PY'
import json, sys
for path in sys.argv[1:]:
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        print(json.dumps({"id": d["id"], "text": d["text"]}))
PY
words=$(python3 -c 'import json,sys; print(sum(len(json.loads(l)["text"].split()) for l in open(sys.argv[1])))' "$corpus")
cat > "$tmp/extract.py" <<'PY'
import json, sys
import whosaid
path, jobs = sys.argv[1], int(sys.argv[2])
with open(path, encoding="utf-8") as f:
    docs = [(d["id"], d["text"]) for d in map(json.loads, f)]
nlp = whosaid.Pipeline()
records = sum(1 for _ in nlp.extract_many(docs, jobs=jobs))
print(records, file=sys.stderr)
PY
# Nanoseconds of the best of $runs runs of a command.
best() {
  local b=0 start end i
  for i in $(seq "$runs"); do
    start=$(date +%s%N)
    "$@" > /dev/null 2>&1
    end=$(date +%s%N)
    if [ "$b" -eq 0 ] || [ $((end - start)) -lt "$b" ]; then b=$((end - start)); fi
  done
  echo "$b"
}
rate() { echo $(( words * 1000000000 / $1 )); }
echo "documents: $(wc -l < "$corpus"), words: $words, runs: best of $runs"
for jobs in "${jobs_list[@]}"; do
  cli=$(best "$bin" extract --jobs "$jobs" --format jsonl "$corpus")
  py=$(best "$python" "$tmp/extract.py" "$corpus" "$jobs")
  echo "jobs $jobs: CLI $(rate "$cli") words/s, Python $(rate "$py") words/s ($(( (py - cli) * 100 / cli ))% more time)"
done
[ "$spark" = 1 ] || exit 0
cat > "$tmp/spark.py" <<'PY'
import os, sys, time
sys.path.insert(0, os.path.join(os.getcwd(), "examples", "spark"))
os.environ["PYSPARK_PYTHON"] = sys.executable
os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
from pyspark.sql import SparkSession
import whosaid_spark as job
corpus, out, jobs, runs, whosaid_bin = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
spark = (SparkSession.builder.master(f"local[{jobs}]").config("spark.ui.enabled", "false")
         .config("spark.driver.host", "127.0.0.1").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
spark.sparkContext.addPyFile(job.__file__)
docs = job.read_documents(spark, corpus).repartition(4 * jobs).cache()
docs.count()
for route in ("pandas", "pipe"):
    if route == "pandas":
        records = job.extract_pandas(docs)
    else:
        records = job.extract_pipe(spark, docs, whosaid_bin=whosaid_bin)
    times = []
    for _ in range(runs + 1):  # the first run warms the workers (and loads the models)
        start = time.perf_counter()
        records.write.mode("overwrite").parquet(out)
        times.append(time.perf_counter() - start)
    print(route, min(times[1:]))
spark.stop()
PY
for jobs in "${jobs_list[@]}"; do
  cli=$(best "$bin" extract --jobs "$jobs" --format jsonl "$corpus")
  "$python" "$tmp/spark.py" "$corpus" "$tmp/out" "$jobs" 3 "$(realpath "$bin")" 2>/dev/null |
    while read -r route seconds; do
      ns=$(python3 -c "print(int($seconds * 1e9))")
      echo "jobs $jobs: Spark local[$jobs] $route route $(rate "$ns") words/s (job on a warm session, Parquet out), CLI $(rate "$cli") words/s"
    done
done
