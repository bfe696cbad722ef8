"""Who said what over a corpus on Apache Spark.

    spark-submit examples/spark/whosaid_spark.py INPUT OUTPUT [--route pandas|pipe] [--ner fast]

INPUT is JSONL (one ``{"id": ..., "text": ...}`` object per line; other fields are ignored) or
Parquet with columns ``id`` and ``text`` (a folder or a file ending in ``.parquet``). The records
are written as Parquet to ``OUTPUT/parquet`` and as CSV (RFC 4180 quoting, header row) to
``OUTPUT/csv``, one row per record with the record's fields as columns.

Two routes, the same records:

- ``--route pandas`` (the default): the ``whosaid`` Python package on every executor, called
  from ``mapInPandas``. Each executor's Python worker loads the models once
  (``whosaid.shared_pipeline``) and works a partition at a time, an Arrow batch of documents at a
  time, with the GIL released.
- ``--route pipe``: nothing Python on the executors, only the ``whosaid`` binary (and its
  ``models/`` folder beside it, or ``WHOSAID_MODELS``): each partition is written as JSONL to
  ``whosaid extract --format jsonl -`` through ``rdd.pipe`` and the records read back from its
  output. A partition on which the binary exits with an error (or skips a document, exit 3) fails
  its task, so that no record is lost silently.

Every row needs an id (a string or an integer): it becomes each record's ``doc_id``.
"""

from __future__ import annotations

import argparse
import functools
import os
import shlex
import sys
from typing import Iterator, Optional

# A text the schema of the records is read from: it gives a record with every offset present.
_SAMPLE = "“We will rebuild the bridge,” Mayor Ana Silva said on Tuesday."


def record_schema(ner: str = "fast"):
    """The Spark schema of the records: the fields of the record the package makes of a sample
    text, typed by their Python values, so that fields the library adds appear without a change
    here. A field that is None in the sample is an offset (long) when named ``*_start`` or
    ``*_end``, else a string."""
    from pyspark.sql import types as T

    import whosaid

    sample = whosaid.shared_pipeline(ner).extract(_SAMPLE, doc_id="sample")[0]
    fields = []
    for name in whosaid.FIELDS + tuple(k for k in sample if k not in whosaid.FIELDS):
        value = sample.get(name)
        if isinstance(value, bool):
            kind = T.BooleanType()
        elif isinstance(value, int):
            kind = T.LongType()
        elif isinstance(value, float):
            kind = T.DoubleType()
        elif value is None and name.endswith(("_start", "_end")):
            kind = T.LongType()
        else:
            kind = T.StringType()
        fields.append(T.StructField(name, kind, nullable=True))
    return T.StructType(fields)


def extract_batches(batches: Iterator, ner: str, columns: list, jobs: int) -> Iterator:
    """The ``mapInPandas`` function: pandas DataFrames of (id, text) in, of records out."""
    import pandas as pd

    import whosaid

    nlp = whosaid.shared_pipeline(ner)
    for batch in batches:
        documents = zip(batch["id"].tolist(), batch["text"].tolist())
        records = list(nlp.extract_many(documents, jobs=jobs, errors="warn"))
        yield pd.DataFrame.from_records(records, columns=columns)


def read_documents(spark, path: str):
    """The corpus as a DataFrame of (id: string, text: string)."""
    from pyspark.sql import functions as F

    if path.endswith(".parquet") or _is_parquet_folder(spark, path):
        frame = spark.read.parquet(path)
    else:
        # A string schema keeps an integer id exactly as written.
        frame = spark.read.schema("id STRING, text STRING").json(path)
    return frame.select(
        F.coalesce(F.col("id").cast("string"), F.lit("")).alias("id"),
        F.col("text").cast("string").alias("text"),
    ).where(F.col("text").isNotNull())


def _is_parquet_folder(spark, path: str) -> bool:
    jvm = spark.sparkContext._jvm
    hadoop_path = jvm.org.apache.hadoop.fs.Path(path)
    fs = hadoop_path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    if not fs.isDirectory(hadoop_path):
        return False
    return any(s.getPath().getName().endswith(".parquet") for s in fs.listStatus(hadoop_path))


def extract_pandas(documents, ner: str = "fast", jobs: int = 1):
    """Records through the Python package, with ``mapInPandas``."""
    schema = record_schema(ner)
    fn = functools.partial(extract_batches, ner=ner, columns=schema.fieldNames(), jobs=jobs)
    return documents.mapInPandas(fn, schema=schema)


def extract_pipe(spark, documents, whosaid_bin: str = "whosaid", env: Optional[dict] = None, ner: str = "fast"):
    """Records through the command-line tool, with ``rdd.pipe`` (JSONL in and out)."""
    lines = documents.toJSON()
    # rdd.pipe runs the command with only the variables given: pass the search path of programs
    # and of models on.
    env = {
        **{k: os.environ[k] for k in ("PATH", "WHOSAID_MODELS") if k in os.environ},
        **(env or {}),
    }
    command = " ".join(
        shlex.quote(a) for a in [whosaid_bin, "extract", "--format", "jsonl", "--jobs", "1", "--ner", ner, "-"]
    )
    out = lines.pipe(command, env=env, checkCode=True)
    try:
        schema = record_schema(ner)
    except ImportError:
        # The package is not on the driver either: let Spark read the types from the JSON.
        return spark.read.json(out)
    return spark.read.schema(schema).json(out)


def write_records(records, output: str) -> None:
    records.write.mode("overwrite").parquet(f"{output}/parquet")
    (
        records.write.mode("overwrite")
        .option("header", True)
        .option("escape", '"')
        .option("ignoreLeadingWhiteSpace", False)
        .option("ignoreTrailingWhiteSpace", False)
        .csv(f"{output}/csv")
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="JSONL or Parquet corpus with columns id and text")
    parser.add_argument("output", help="folder for OUTPUT/parquet and OUTPUT/csv")
    parser.add_argument("--route", choices=["pandas", "pipe"], default="pandas")
    parser.add_argument("--ner", default="fast", help="fast (default), transformer, combined, or a path")
    parser.add_argument("--whosaid", default="whosaid", help="the binary for --route pipe")
    parser.add_argument("--partitions", type=int, help="repartition the corpus first")
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("whosaid").getOrCreate()
    documents = read_documents(spark, args.input)
    if args.partitions:
        documents = documents.repartition(args.partitions)
    if args.route == "pandas":
        records = extract_pandas(documents, ner=args.ner)
    else:
        records = extract_pipe(spark, documents, whosaid_bin=args.whosaid, ner=args.ner)
    write_records(records, args.output)
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
