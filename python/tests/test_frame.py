"""extract_frame: a pandas DataFrame of the records."""

import pytest

import whosaid
from conftest import missing
from corpus import documents

try:
    import pandas as pd
except ImportError:
    pd = None


@pytest.fixture(autouse=True)
def need_pandas():
    if pd is None:
        missing("pandas is not installed")


def test_frame_has_the_records(nlp):
    docs = list(documents(40, seed=9))
    frame = nlp.extract_frame(docs, jobs=2)
    records = list(nlp.extract_many(docs))
    assert tuple(frame.columns) == whosaid.FIELDS
    assert len(frame) == len(records) > 50
    assert frame["quote"].tolist() == [r["quote"] for r in records]
    # Missing offsets are nullable integers, not floats.
    assert str(frame["cue_start"].dtype) == "Int64" or frame["cue_start"].notna().all()
    assert frame["quote_start"].dtype.kind == "i"
    assert frame["speaker_named"].dtype == bool
    assert frame["confidence"].dtype.kind == "f"
    back = frame.astype(object).where(frame.notna(), None).to_dict("records")
    assert back == records


def test_frame_from_a_dataframe_or_series(nlp):
    texts = ["“Yes,” Ana Silva said.", "Nothing said.", "“No,” said Bo Park."]
    by_column = nlp.extract_frame(pd.DataFrame({"id": ["a", "b", "c"], "text": texts}))
    assert by_column["doc_id"].tolist() == ["a", "c"]
    by_index = nlp.extract_frame(pd.DataFrame({"body": texts}, index=[10, 11, 12]), text="body")
    assert by_index["doc_id"].tolist() == ["10", "12"]
    series = nlp.extract_frame(pd.Series(texts, index=["x", "y", "z"]))
    assert series["doc_id"].tolist() == ["x", "z"]
    assert series["speaker"].tolist() == ["Ana Silva", "Bo Park"]


def test_frame_with_no_records_keeps_the_columns(nlp):
    frame = nlp.extract_frame(["Nothing was said here."])
    assert len(frame) == 0
    assert tuple(frame.columns) == whosaid.FIELDS
