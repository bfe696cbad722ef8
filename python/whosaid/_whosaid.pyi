"""Type stubs of the extension module (the Rust half of the package)."""

import os
import pathlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal, Union

Id = Union[str, int]
"""A document id: a str, or an int (kept as its decimal digits)."""

DocumentInput = Union[str, tuple[Union[Id, None], str], Mapping[str, Any]]
"""A text; an ``(id, text)`` pair; or a mapping with ``"text"`` and optionally ``"id"``."""

Record = dict[str, Any]
"""One attribution: the fields of ``FIELDS`` (and any the library adds later), as JSON values:

- ``doc_id`` (str), ``speaker`` (str, "" when unresolved), ``speaker_type`` ("PER", "ORG",
  "GROUP", "DOC" or "UNKNOWN"), ``speaker_mention`` (str), ``quote`` (str), ``kind``
  ("direct", "mixed" or "indirect"), ``cue`` (str), ``confidence`` (float, 0..1), ``rule`` (str),
- ``quote_start``, ``quote_end`` (int), ``speaker_start``, ``speaker_end``, ``cue_start``,
  ``cue_end`` (int or None): code-point offsets, end exclusive, so ``text[start:end]`` is the span,
- ``speaker_named`` (bool).
"""

FIELDS: tuple[str, ...]
"""The record's fields, in order (the columns of the command-line tool's CSV)."""

__version__: str

class WhosaidError(Exception):
    """Base class of the errors whosaid raises."""

class ModelError(WhosaidError):
    """A model could not be found or loaded (the message names the file or the folders searched)."""

class InputError(WhosaidError):
    """A document is not usable: not a str, an id of the wrong type, a lone surrogate in the text."""

class DocumentError(WhosaidError):
    """The pipeline failed on one document (a bug: please report it)."""

class WhosaidWarning(UserWarning):
    """A document skipped by ``extract_many(..., errors="warn")``."""

def model_search_path() -> list[pathlib.Path]:
    """The folders searched for shipped models, in order: ``$WHOSAID_MODELS``, the package's own
    ``models/``, folders beside the Python executable, the source tree the package was built from."""

def _add_models_dir(dir: Union[str, os.PathLike[str]]) -> None: ...

class Pipeline:
    """Extracts who said what. Load it once (it loads its models) and share it: calls may come
    from several threads at once, and each releases the GIL while Rust works."""

    def __init__(
        self,
        ner: Union[Literal["fast", "transformer", "combined"], str, os.PathLike[str]] = "fast",
        pos_model: Union[str, os.PathLike[str], None] = None,
    ) -> None:
        """``ner``: ``"fast"`` (the shipped linear model, inside the package), ``"transformer"`` or
        ``"combined"`` (the fine-tuned transformer, found through ``model_search_path()``), or the
        path of a model file or of a transformer checkpoint folder. ``pos_model``: a
        part-of-speech model file instead of the shipped one. Raises :class:`ModelError`."""

    @property
    def ner(self) -> str:
        """The entity tagger's name."""

    def extract(self, text: str, doc_id: Union[Id, None] = None) -> list[Record]:
        """Every attribution of ``text``, in text order. ``doc_id`` goes into each record's
        ``doc_id`` ("" when None). Raises :class:`InputError` for a text that is not a str or holds
        a lone surrogate, :class:`DocumentError` when a stage fails."""

    def extract_many(
        self,
        documents: Iterable[DocumentInput],
        jobs: Union[int, None] = None,
        errors: Literal["raise", "warn", "ignore"] = "raise",
    ) -> "RecordStream":
        """The records of many documents, streamed in input order, whatever the number of threads.

        Each item is a text (its id is its position, "0", "1", …), an ``(id, text)`` pair, or a
        mapping with ``"text"`` and optionally ``"id"``. Documents are read a batch at a time as
        records are consumed, and worked on by ``jobs`` threads (None: one per core) without the
        GIL, so memory stays bounded however long the input. ``errors`` says what happens to an
        item that is not a usable document (:class:`InputError`) or that the pipeline fails on
        (:class:`DocumentError`): raise it and end the stream, skip it with a
        :class:`WhosaidWarning`, or skip it silently. An exception raised by the input iterable
        itself always propagates."""

class RecordStream(Iterator[Record]):
    """The iterator :meth:`Pipeline.extract_many` returns."""

    def __iter__(self) -> "RecordStream": ...
    def __next__(self) -> Record: ...
