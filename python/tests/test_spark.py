"""The Spark example (examples/spark/whosaid_spark.py) in local mode, local[2], on a few hundred
documents: both routes (mapInPandas over the package, rdd.pipe through the binary) write the same
records as the command-line tool, in Parquet and in CSV."""

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, missing
from corpus import documents, write_jsonl

JOB = REPO / "examples" / "spark" / "whosaid_spark.py"
DOCUMENTS = 300


def polnear_dev():
    """PolNeAR dev texts when the shared data is there (../shared/data, or WHOSAID_DATA)."""
    data = Path(os.environ.get("WHOSAID_DATA", REPO.parent / "shared" / "data"))
    path = data / "quotes" / "polnear-dev.jsonl"
    if not path.is_file():
        return []
    with open(path, encoding="utf-8") as f:
        return [(f"polnear-{d['id']}", d["text"]) for d in map(json.loads, f)]


@pytest.fixture(scope="module")
def spark(java):
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        missing("pyspark is not installed")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("whosaid-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )
    # As --py-files does on a cluster: the job's module on every executor.
    session.sparkContext.addPyFile(str(JOB))
    yield session
    session.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    docs = polnear_dev()
    docs += list(documents(DOCUMENTS - len(docs), seed=21))
    path = tmp_path_factory.mktemp("corpus") / "docs.jsonl"
    write_jsonl(path, docs)
    return path


@pytest.fixture(scope="module")
def expected(cli, corpus):
    done = subprocess.run(
        [str(cli), "extract", "--format", "jsonl", str(corpus)], capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    records = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert len(records) > 1000
    return records


def key(r):
    return (r["doc_id"], r["quote_start"], r["quote_end"], r["rule"])


def from_parquet(spark, folder):
    return sorted((row.asDict() for row in spark.read.parquet(str(folder)).collect()), key=key)


def from_csv(folder, fields):
    rows = []
    for part in sorted(Path(folder).glob("part-*.csv")):
        with open(part, encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            assert next(reader) == list(fields)
            rows.extend(reader)
    return rows


def as_csv_row(r):
    def cell(v):
        if v is None:
            return ""
        if isinstance(v, bool):
            return "true" if v else "false"
        return str(v)

    return [cell(v) for v in r.values()]


def run_job(spark, corpus, out, route, **kwargs):
    sys.path.insert(0, str(JOB.parent))
    try:
        import whosaid_spark as job
    finally:
        sys.path.pop(0)
    docs = job.read_documents(spark, str(corpus)).repartition(4)
    if route == "pandas":
        records = job.extract_pandas(docs)
    else:
        records = job.extract_pipe(spark, docs, **kwargs)
    job.write_records(records, str(out))
    return records.schema.fieldNames()


@pytest.mark.parametrize("route", ["pandas", "pipe"])
def test_spark_job_writes_the_clis_records(spark, corpus, expected, cli, tmp_path, route):
    fields = run_job(spark, corpus, tmp_path, route, whosaid_bin=str(cli))
    assert fields == list(expected[0])
    want = sorted(expected, key=key)
    got = from_parquet(spark, tmp_path / "parquet")
    assert len(got) == len(want)
    assert got == want
    rows = from_csv(tmp_path / "csv", fields)
    assert sorted(rows) == sorted(as_csv_row(r) for r in expected)


def test_spark_job_reads_parquet_and_integer_ids(spark, tmp_path, nlp):
    import pandas as pd

    docs = list(documents(30, seed=4))
    frame = pd.DataFrame({"id": range(1000, 1030), "text": [t for _, t in docs]})
    src = tmp_path / "docs.parquet"
    frame.to_parquet(src)
    run_job(spark, src, tmp_path / "out", "pandas")
    got = from_parquet(spark, tmp_path / "out" / "parquet")
    want = sorted(nlp.extract_many(zip(frame["id"], frame["text"])), key=key)
    assert got == want and len(got) > 30
