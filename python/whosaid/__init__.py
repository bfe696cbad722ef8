"""whosaid: who said what in news text.

Every quotation and reported claim of a text, with who made it (a canonical name such as
"Heidi Alexander"), the words that name the speaker, the reporting cue, the rule that linked them,
and code-point offsets, so that ``text[r["quote_start"]:r["quote_end"]] == r["quote"]``::

    import whosaid
    nlp = whosaid.Pipeline()
    for r in nlp.extract("“We will rebuild,” Mayor Ana Silva said."):
        print(r["speaker"], "said", r["quote"])

The shipped fast models travel inside the package; nothing is fetched over the network.
"""

from __future__ import annotations

import os as _os
import threading as _threading
from typing import TYPE_CHECKING, Any, Literal, Optional

from . import _whosaid
from ._whosaid import (
    FIELDS,
    DocumentError,
    InputError,
    ModelError,
    RecordStream,
    WhosaidError,
    WhosaidWarning,
    __version__,
    model_search_path,
)

__all__ = [
    "FIELDS",
    "DocumentError",
    "InputError",
    "ModelError",
    "Pipeline",
    "RecordStream",
    "WhosaidError",
    "WhosaidWarning",
    "__version__",
    "model_search_path",
    "shared_pipeline",
]

# The models inside the package are searched after $WHOSAID_MODELS, so that a folder named there
# still wins.
_whosaid._add_models_dir(_os.path.join(_os.path.dirname(__file__), "models"))


if TYPE_CHECKING:
    import pandas


def _pandas():
    try:
        import pandas
    except ImportError as e:
        raise ImportError(
            "Pipeline.extract_frame needs pandas: pip install pandas "
            "(or use Pipeline.extract_many, which gives dicts)"
        ) from e
    return pandas


class Pipeline(_whosaid.Pipeline):
    """Extracts who said what. See ``whosaid/_whosaid.pyi`` for the whole interface."""

    def extract_frame(
        self,
        documents: Any,
        jobs: Optional[int] = None,
        errors: Literal["raise", "warn", "ignore"] = "raise",
        *,
        text: str = "text",
        id: str = "id",
    ) -> pandas.DataFrame:
        """The records of many documents as a pandas DataFrame, one row per record.

        ``documents`` is what :meth:`extract_many` takes, or a pandas DataFrame (its column
        ``text``, and its column ``id`` when there is one, else its index, as ids) or Series (its
        index as ids). The columns are the record's fields, in order, also when there is no
        record; offsets that may be missing are nullable integers (``Int64``).
        """
        pd = _pandas()
        if isinstance(documents, pd.DataFrame):
            ids = documents[id] if id in documents.columns else documents.index
            documents = zip(ids, documents[text])
        elif isinstance(documents, pd.Series):
            documents = zip(documents.index, documents)
        records = list(self.extract_many(documents, jobs=jobs, errors=errors))
        if not records:
            return pd.DataFrame({f: pd.Series([], dtype=object) for f in FIELDS})
        frame = pd.DataFrame.from_records(records)
        for column in frame.columns:
            values = [r.get(column) for r in records]
            present = [v for v in values if v is not None]
            if (
                len(present) < len(values)
                and present
                and all(isinstance(v, int) and not isinstance(v, bool) for v in present)
            ):
                frame[column] = pd.array(values, dtype="Int64")
        return frame


_shared: dict = {}
_shared_lock = _threading.Lock()


def shared_pipeline(ner: str = "fast", pos_model: Optional[str] = None) -> Pipeline:
    """One :class:`Pipeline` per process for these arguments, loaded on first use and kept.

    For functions that a framework calls many times in one worker process (a Spark
    ``mapInPandas`` function, a Dask or multiprocessing task): the models load once per process,
    not once per call.
    """
    key = (str(ner), None if pos_model is None else str(pos_model), _os.getpid())
    with _shared_lock:
        pipeline = _shared.get(key)
        if pipeline is None:
            pipeline = _shared[key] = Pipeline(ner=ner, pos_model=pos_model)
        return pipeline
