"""Typed errors: bad models, bad input, bad arguments, and what extract_many does with them."""

import os
import subprocess
import sys
import warnings

import pytest

import whosaid

GOOD = "“Yes,” Ana Silva said."


def test_error_classes():
    for cls in (whosaid.ModelError, whosaid.InputError, whosaid.DocumentError):
        assert issubclass(cls, whosaid.WhosaidError)
    assert issubclass(whosaid.WhosaidError, Exception)
    assert issubclass(whosaid.WhosaidWarning, UserWarning)


def test_bad_models(tmp_path):
    with pytest.raises(whosaid.ModelError, match="neither a model name"):
        whosaid.Pipeline(ner="no-such-model")
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"not a model at all")
    with pytest.raises(whosaid.ModelError, match="junk.bin"):
        whosaid.Pipeline(ner=str(junk))
    with pytest.raises(whosaid.ModelError, match="junk.bin"):
        whosaid.Pipeline(ner=junk)  # a pathlib.Path
    with pytest.raises(whosaid.ModelError, match="junk.bin"):
        whosaid.Pipeline(pos_model=junk)
    with pytest.raises(whosaid.ModelError, match="not a model folder"):
        whosaid.Pipeline(ner=tmp_path)
    with pytest.raises(whosaid.ModelError, match="no such model file or folder"):
        whosaid.Pipeline(ner=tmp_path / "missing.bin")
    with pytest.raises(ValueError, match="ner must be"):
        whosaid.Pipeline(ner=3)


def test_whosaid_models_is_searched_before_the_package(tmp_path):
    """A folder named by WHOSAID_MODELS wins over the models inside the package."""
    (tmp_path / "ner-fast.bin").write_bytes(b"broken")
    env = dict(os.environ, WHOSAID_MODELS=str(tmp_path))
    code = "import whosaid\ntry:\n    whosaid.Pipeline()\nexcept whosaid.ModelError as e:\n    print('ModelError', e)\n"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("ModelError") and str(tmp_path) in out.stdout


def test_bad_input_to_extract(nlp):
    with pytest.raises(whosaid.InputError, match="must be a str, not int"):
        nlp.extract(123)
    with pytest.raises(whosaid.InputError, match="lone surrogate"):
        nlp.extract("“Yes,” \ud800 Ana Silva said.")
    with pytest.raises(whosaid.InputError, match="id must be a str or an int, not float"):
        nlp.extract(GOOD, doc_id=1.5)
    with pytest.raises(whosaid.InputError, match="not bool"):
        nlp.extract(GOOD, doc_id=True)


def test_bad_arguments_to_extract_many(nlp):
    with pytest.raises(ValueError, match="jobs must be at least 1"):
        nlp.extract_many([GOOD], jobs=0)
    with pytest.raises(ValueError, match="errors must be"):
        nlp.extract_many([GOOD], errors="skip")
    with pytest.raises(TypeError):
        nlp.extract_many(42)


BAD_ITEMS = [GOOD, 17, ("a", GOOD, "extra"), {"id": "b"}, ("c", b"bytes"), ("d", GOOD), (2.5, GOOD)]


def test_extract_many_raises_on_a_bad_item_naming_it(nlp):
    stream = nlp.extract_many(BAD_ITEMS)
    first = next(stream)
    assert first["doc_id"] == "0"
    with pytest.raises(whosaid.InputError, match=r"document 1: .*not int"):
        next(stream)
    # The stream ends after raising.
    assert next(stream, None) is None


def test_extract_many_warns_or_ignores_and_goes_on(nlp):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = [r["doc_id"] for r in nlp.extract_many(BAD_ITEMS, errors="warn")]
    assert got == ["0", "d"]
    messages = [str(w.message) for w in caught if issubclass(w.category, whosaid.WhosaidWarning)]
    assert len(messages) == 5, messages
    assert messages[0].startswith("document 1:")
    assert "(id, text) pair" in messages[1]
    assert '"text"' in messages[2]
    assert "must be a str, not bytes" in messages[3]
    assert "not float" in messages[4]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = [r["doc_id"] for r in nlp.extract_many(BAD_ITEMS, errors="ignore")]
    assert got == ["0", "d"]


def test_an_exception_of_the_input_propagates(nlp):
    def source():
        yield GOOD
        raise RuntimeError("the source broke")

    stream = nlp.extract_many(source(), errors="ignore")
    with pytest.raises(RuntimeError, match="the source broke"):
        list(stream)


def test_extract_frame_without_pandas_says_so():
    code = (
        "import sys\nsys.modules['pandas'] = None\nimport whosaid\n"
        "try:\n    whosaid.Pipeline().extract_frame(['x'])\n"
        "except ImportError as e:\n    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "extract_frame needs pandas: pip install pandas" in out.stdout
