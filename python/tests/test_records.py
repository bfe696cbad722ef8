"""Records from Python: offsets that slice the Python string, the same records as the command-line
tool's JSONL, the fields in order, and the models the package carries."""

import json
import os
import subprocess
from pathlib import Path

import pytest

import whosaid
from corpus import FIXTURES, documents, read, write_jsonl

HARD = [
    # Characters outside the Basic Multilingual Plane count one each, as Python indexes them.
    "🙂🙂 “We will rebuild the 𝔅ridge,” Mayor Ana Silva said on Tuesday. 🙂",
    # CR LF line ends stay in the text and in the offsets.
    "Intro.\r\n\r\n“Prices will fall,” said Finance Minister Jonas Berg.\r\n\r\nHe added: “Soon.”",
    # Combining accents are code points of their own.
    "Ame\u0301lie Durand said the plan was “a good start” and promised more.",
    "",
    "No quotation here at all.",
]


def check_offsets(text, records):
    for r in records:
        assert text[r["quote_start"] : r["quote_end"]] == r["quote"], r
        if r["speaker_start"] is not None:
            assert text[r["speaker_start"] : r["speaker_end"]] == r["speaker_mention"], r
        else:
            assert r["speaker_mention"] == "", r
        if r["cue_start"] is not None:
            assert text[r["cue_start"] : r["cue_end"]] == r["cue"], r
        else:
            assert r["cue"] == "", r


def test_three_line_example_from_the_readme():
    nlp = whosaid.Pipeline(ner="fast")
    records = nlp.extract("“We will rebuild,” Mayor Ana Silva said.", doc_id="d1")
    assert [(r["doc_id"], r["speaker"], r["quote"], r["rule"]) for r in records] == [
        ("d1", "Ana Silva", "We will rebuild,", "quote-speaker-said")
    ]


def test_offsets_slice_the_python_string(nlp):
    count = 0
    texts = HARD + [read(p) for p in FIXTURES] + [t for _, t in documents(60)]
    for text in texts:
        records = nlp.extract(text)
        check_offsets(text, records)
        count += len(records)
    assert count > 100
    # The first hard text puts the quote after two astral characters.
    first = nlp.extract(HARD[0])[0]
    assert first["quote_start"] == 4 and first["speaker"] == "Ana Silva"


def test_fields_are_the_records_fields_in_order(nlp):
    records = nlp.extract(read(FIXTURES[1]))
    assert records
    for r in records:
        assert tuple(r) == whosaid.FIELDS
    r = records[0]
    assert isinstance(r["confidence"], float) and 0 < r["confidence"] <= 1
    assert isinstance(r["speaker_named"], bool)
    assert isinstance(r["quote_start"], int)
    assert r["kind"] in ("direct", "mixed", "indirect")


def test_doc_ids(nlp):
    text = "“Yes,” Ana Silva said."
    assert nlp.extract(text)[0]["doc_id"] == ""
    assert nlp.extract(text, doc_id="a/b.txt")[0]["doc_id"] == "a/b.txt"
    assert nlp.extract(text, doc_id=12345678901234567890)[0]["doc_id"] == "12345678901234567890"
    many = list(nlp.extract_many([text, ("x", text), {"id": 7, "text": text}, {"text": text}, (None, text)]))
    assert [r["doc_id"] for r in many] == ["0", "x", "7", "3", "4"]


def run_cli(cli, *args, stdin=None):
    done = subprocess.run(
        [str(cli), *map(str, args)], input=stdin, capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode("utf-8")


def test_same_records_as_the_command_line_tool_on_text_files(nlp, cli):
    lines = run_cli(cli, "extract", "--format", "jsonl", *FIXTURES).splitlines()
    expected = [json.loads(line) for line in lines]
    got = [r for p in FIXTURES for r in nlp.extract(read(p), doc_id=str(p))]
    assert len(got) > 20
    assert got == expected


def test_same_records_as_the_command_line_tool_on_jsonl(nlp, cli, tmp_path):
    docs = list(documents(200, seed=11)) + [(f"hard-{i}", t) for i, t in enumerate(HARD)]
    path = tmp_path / "docs.jsonl"
    write_jsonl(path, docs)
    lines = run_cli(cli, "extract", "--format", "jsonl", "--jobs", "2", path).splitlines()
    expected = [json.loads(line) for line in lines]
    got = list(nlp.extract_many(docs, jobs=2))
    assert len(got) > 500
    assert got == expected


def test_models_inside_the_package_are_every_file_of_models(repo):
    """The wheel carries every file directly in models/ (model files, tables, cards), by rule."""
    package_models = Path(whosaid.__file__).parent / "models"
    if not (Path(whosaid.__file__).parent / "models").is_dir() or package_models.is_symlink():
        pytest.skip("the package is not an installed wheel (an editable or in-tree build)")
    shipped = sorted(p.name for p in (repo / "models").iterdir() if p.is_file())
    packed = sorted(p.name for p in package_models.iterdir())
    assert packed == shipped
    for name in shipped:
        assert (package_models / name).read_bytes() == (repo / "models" / name).read_bytes()
    # Searched right after $WHOSAID_MODELS.
    search = [str(p) for p in whosaid.model_search_path()]
    first = 1 if os.environ.get("WHOSAID_MODELS") else 0
    assert search[first] == str(package_models)


def test_transformer_found_by_the_usual_search():
    try:
        nlp = whosaid.Pipeline(ner="transformer")
    except whosaid.ModelError as e:
        # Not beside the package: the message names every folder searched.
        assert "ner-transformer" in str(e) and "looked in" in str(e)
        pytest.skip(f"no transformer model where the search looks: {e}")
    assert "transformer" in nlp.ner.lower() or "bert" in nlp.ner.lower()
    records = nlp.extract("“We will rebuild,” Mayor Ana Silva said.")
    assert records[0]["speaker"] == "Ana Silva"
