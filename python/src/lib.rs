//! The `whosaid._whosaid` extension module: the library's [`whosaid::Pipeline`] for Python.
//!
//! Records cross into Python as the JSON the library's serde serialisation makes (the same as the
//! command-line tool's `--format jsonl`), read by Python's `json.loads`: every field of the record
//! comes through, in its order and with its JSON value, without a list of fields here. The
//! Python half of the package (`whosaid/__init__.py`) adds the pandas interface.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyUserWarning, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use whosaid::{Document, NerModel};

create_exception!(
    _whosaid,
    WhosaidError,
    PyException,
    "Base class of the errors whosaid raises."
);
create_exception!(
    _whosaid,
    ModelError,
    WhosaidError,
    "A model could not be found or loaded (the message names the file or the folders searched)."
);
create_exception!(
    _whosaid,
    InputError,
    WhosaidError,
    "A document given is not usable: not a text, an id of the wrong type, text that is not valid Unicode."
);
create_exception!(
    _whosaid,
    DocumentError,
    WhosaidError,
    "The pipeline failed on one document (a bug: please report it); other documents are not affected."
);
create_exception!(
    _whosaid,
    WhosaidWarning,
    PyUserWarning,
    "A document skipped by `extract_many(..., errors=\"warn\")`."
);

/// Python's `json.loads`, looked up once.
fn json_loads(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    LOADS
        .get_or_try_init(py, || {
            Ok::<_, PyErr>(py.import("json")?.getattr("loads")?.unbind())
        })
        .map(|f| f.bind(py))
}

/// A document's records as a JSON array (the library's serde serialisation).
fn records_json(records: &[whosaid::Attribution]) -> String {
    serde_json::to_string(records).expect("records serialise to JSON")
}

/// The Python error for a library error: a model problem or a failure on a document.
fn model_error(e: whosaid::Error) -> PyErr {
    match e {
        whosaid::Error::Internal { .. } | whosaid::Error::Ner(_) => {
            DocumentError::new_err(e.to_string())
        }
        e => ModelError::new_err(e.to_string()),
    }
}

/// A document id from Python: a str, or an int (kept exactly as written, as the command-line tool
/// keeps a JSONL line's integer id).
fn doc_id(id: &Bound<'_, PyAny>) -> Result<String, String> {
    if let Ok(s) = id.cast::<PyString>() {
        return Ok(s
            .to_cow()
            .map_err(|_| "the id is not valid Unicode")?
            .into_owned());
    }
    if id.is_instance_of::<pyo3::types::PyInt>() && !id.is_instance_of::<pyo3::types::PyBool>() {
        return Ok(id.str().map_err(|e| e.to_string())?.to_string());
    }
    Err(format!(
        "an id must be a str or an int, not {}",
        type_name(id)
    ))
}

fn type_name(x: &Bound<'_, PyAny>) -> String {
    x.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// A text from Python. A str with a lone surrogate (which no UTF-8 text can hold) is refused
/// rather than changed, as any replacement would move the offsets after it.
fn text(t: &Bound<'_, PyAny>) -> Result<String, String> {
    let s = t
        .cast::<PyString>()
        .map_err(|_| format!("a text must be a str, not {}", type_name(t)))?;
    s.to_cow()
        .map(|t| t.into_owned())
        .map_err(|_| "the text is not valid Unicode (it holds a lone surrogate)".to_string())
}

/// One item of `extract_many`'s input as a document: a text, an `(id, text)` pair, or a mapping
/// with a `"text"` and an optional `"id"`. `index` is its position, the id when none is given.
fn document(index: usize, item: &Bound<'_, PyAny>) -> Result<Document, String> {
    let default_id = || index.to_string();
    if item.is_instance_of::<PyString>() {
        return Ok(Document::new(default_id(), text(item)?));
    }
    if let Ok(pair) = item.cast::<PyTuple>() {
        if pair.len() != 2 {
            return Err(format!(
                "a tuple must be an (id, text) pair, not of {} items",
                pair.len()
            ));
        }
        let id = pair.get_item(0).map_err(|e| e.to_string())?;
        let t = pair.get_item(1).map_err(|e| e.to_string())?;
        let id = if id.is_none() {
            default_id()
        } else {
            doc_id(&id)?
        };
        return Ok(Document::new(id, text(&t)?));
    }
    if let Ok(map) = item.cast::<PyDict>() {
        let t = map
            .get_item("text")
            .map_err(|e| e.to_string())?
            .ok_or("a mapping must have a \"text\"")?;
        let id = match map.get_item("id").map_err(|e| e.to_string())? {
            Some(id) if !id.is_none() => doc_id(&id)?,
            _ => default_id(),
        };
        return Ok(Document::new(id, text(&t)?));
    }
    Err(format!(
        "expected a text (str), an (id, text) pair or a dict with \"text\", not {}",
        type_name(item)
    ))
}

/// Extracts who said what: quotations and reported claims with their speakers.
///
/// `Pipeline(ner="fast", pos_model=None)` loads the models once; share one pipeline between
/// threads and calls. `ner` is `"fast"` (the shipped linear model, inside the package),
/// `"transformer"`, `"combined"`, or the path of a model file or folder.
#[pyclass(module = "whosaid._whosaid", subclass, frozen)]
struct Pipeline {
    inner: Arc<whosaid::Pipeline>,
}

#[pymethods]
impl Pipeline {
    #[new]
    #[pyo3(signature = (ner = None, pos_model = None))]
    fn new(
        py: Python<'_>,
        ner: Option<&Bound<'_, PyAny>>,
        pos_model: Option<PathBuf>,
    ) -> PyResult<Self> {
        let ner = match ner {
            None => NerModel::Fast,
            Some(n) => {
                if let Ok(s) = n.extract::<String>() {
                    NerModel::parse(&s).map_err(ModelError::new_err)?
                } else {
                    let p: PathBuf = n.extract().map_err(|_| {
                        PyValueError::new_err(format!(
                            "ner must be a model name ({}) or a path, not {}",
                            NerModel::NAMES.join(", "),
                            type_name(n)
                        ))
                    })?;
                    if !p.exists() {
                        return Err(ModelError::new_err(format!(
                            "{}: no such model file or folder",
                            p.display()
                        )));
                    }
                    NerModel::Path(p)
                }
            }
        };
        let mut builder = whosaid::Pipeline::builder().ner(ner);
        if let Some(p) = pos_model {
            builder = builder.pos_model(p);
        }
        let inner = py.detach(|| builder.build()).map_err(model_error)?;
        Ok(Pipeline {
            inner: Arc::new(inner),
        })
    }

    /// The entity tagger's name.
    #[getter]
    fn ner(&self) -> String {
        self.inner.ner_name()
    }

    /// Every attribution of one text, in text order, as dicts (the record's fields).
    #[pyo3(signature = (text, doc_id = None))]
    fn extract<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        doc_id: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let id = match doc_id {
            Some(id) if !id.is_none() => self::doc_id(id).map_err(InputError::new_err)?,
            _ => String::new(),
        };
        let doc = Document::new(id, self::text(text).map_err(InputError::new_err)?);
        let pipeline = &self.inner;
        let json = py.detach(|| pipeline.extract(&doc).map(|r| records_json(&r)));
        json_loads(py)?.call1((json.map_err(model_error)?,))
    }

    /// The records of many documents, streamed in input order (see the stub for the details).
    #[pyo3(signature = (documents, jobs = None, errors = "raise"))]
    fn extract_many(
        &self,
        documents: &Bound<'_, PyAny>,
        jobs: Option<i64>,
        errors: &str,
    ) -> PyResult<RecordStream> {
        let errors = match errors {
            "raise" => OnError::Raise,
            "warn" => OnError::Warn,
            "ignore" => OnError::Ignore,
            e => {
                return Err(PyValueError::new_err(format!(
                    "errors must be \"raise\", \"warn\" or \"ignore\", not {e:?}"
                )));
            }
        };
        let jobs = match jobs {
            None => None,
            Some(j) if j >= 1 => Some(j as usize),
            Some(j) => {
                return Err(PyValueError::new_err(format!(
                    "jobs must be at least 1 (or None for one thread per core), not {j}"
                )));
            }
        };
        let source = Source {
            iter: documents.try_iter()?.unbind(),
            next_index: 0,
            done: false,
        };
        let pool = whosaid::parallel::pool(jobs).map_err(model_error)?;
        let pipeline = Arc::clone(&self.inner);
        let outcomes = whosaid::parallel::ordered_map(source, pool, move |item| match item {
            Item::Doc(index, doc) => match pipeline.extract(&doc) {
                Ok(records) => Outcome::Records(records_json(&records)),
                Err(e) => Outcome::Failed(format!("document {index} (id {:?}): {}", doc.id, e)),
            },
            Item::Bad(index, message) => Outcome::Bad(format!("document {index}: {message}")),
            Item::Raised(e) => Outcome::Raised(e),
        });
        Ok(RecordStream {
            outcomes: Mutex::new(Some(Box::new(outcomes))),
            ready: VecDeque::new(),
            errors,
        })
    }
}

/// What `extract_many` does with a document it cannot use or fails on.
#[derive(Clone, Copy, PartialEq)]
enum OnError {
    Raise,
    Warn,
    Ignore,
}

/// One item of the input, read with the GIL held.
enum Item {
    Doc(usize, Document),
    Bad(usize, String),
    /// The input iterator raised: the stream raises it in its turn and ends.
    Raised(PyErr),
}

/// What the workers make of an item, without the GIL.
enum Outcome {
    /// The records as a JSON array.
    Records(String),
    /// The pipeline failed on the document.
    Failed(String),
    /// The item is not a usable document.
    Bad(String),
    Raised(PyErr),
}

/// The Python iterable `extract_many` reads, an item at a time (taking the GIL for each).
struct Source {
    iter: Py<pyo3::types::PyIterator>,
    next_index: usize,
    done: bool,
}

impl Iterator for Source {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if self.done {
            return None;
        }
        Python::attach(|py| {
            let index = self.next_index;
            match self.iter.bind(py).clone().next() {
                None => {
                    self.done = true;
                    None
                }
                Some(Err(e)) => {
                    self.done = true;
                    Some(Item::Raised(e))
                }
                Some(Ok(item)) => {
                    self.next_index += 1;
                    Some(match document(index, &item) {
                        Ok(doc) => Item::Doc(index, doc),
                        Err(message) => Item::Bad(index, message),
                    })
                }
            }
        })
    }
}

/// The records of `extract_many`, in input order: a batch of documents is read from the input
/// and worked on (without the GIL) as the records are consumed, so memory holds one batch however
/// long the input.
#[pyclass(module = "whosaid._whosaid")]
struct RecordStream {
    /// In a mutex only to make the class `Sync`: Python's borrow of the stream (`PyRefMut`)
    /// already keeps one reader at a time, so it is reached with `get_mut`, never locked.
    outcomes: Mutex<Option<Box<dyn Iterator<Item = Outcome> + Send>>>,
    ready: VecDeque<Py<PyAny>>,
    errors: OnError,
}

#[pymethods]
impl RecordStream {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(mut slf: PyRefMut<'_, Self>, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        loop {
            if let Some(record) = slf.ready.pop_front() {
                return Ok(Some(record));
            }
            let slot = slf.outcomes.get_mut().unwrap_or_else(|e| e.into_inner());
            let Some(outcomes) = slot.as_mut() else {
                return Ok(None);
            };
            let next = py.detach(|| outcomes.next());
            let (message, class) = match next {
                None => {
                    *slot = None;
                    return Ok(None);
                }
                Some(Outcome::Records(json)) => {
                    let list = json_loads(py)?.call1((json,))?;
                    let list = list.cast::<PyList>()?;
                    slf.ready.extend(list.iter().map(Bound::unbind));
                    continue;
                }
                Some(Outcome::Raised(e)) => {
                    *slot = None;
                    return Err(e);
                }
                Some(Outcome::Failed(m)) => (m, "document"),
                Some(Outcome::Bad(m)) => (m, "input"),
            };
            match slf.errors {
                OnError::Ignore => {}
                OnError::Warn => {
                    let category = py.get_type::<WhosaidWarning>();
                    PyErr::warn(
                        py,
                        &category,
                        &std::ffi::CString::new(message.replace('\0', " ")).unwrap(),
                        1,
                    )?;
                }
                OnError::Raise => {
                    *slf.outcomes.get_mut().unwrap_or_else(|e| e.into_inner()) = None;
                    return Err(if class == "document" {
                        DocumentError::new_err(message)
                    } else {
                        InputError::new_err(message)
                    });
                }
            }
        }
    }
}

/// The folder of models shipped inside the package, searched after `$WHOSAID_MODELS`.
#[pyfunction]
fn _add_models_dir(dir: PathBuf) {
    whosaid::models::add_search_dir(dir);
}

/// The folders searched for shipped models, in order.
#[pyfunction]
fn model_search_path() -> Vec<PathBuf> {
    whosaid::models::search_dirs()
}

#[pymodule]
fn _whosaid(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<Pipeline>()?;
    m.add_class::<RecordStream>()?;
    m.add("WhosaidError", py.get_type::<WhosaidError>())?;
    m.add("ModelError", py.get_type::<ModelError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("DocumentError", py.get_type::<DocumentError>())?;
    m.add("WhosaidWarning", py.get_type::<WhosaidWarning>())?;
    m.add(
        "FIELDS",
        PyTuple::new(py, whosaid::writers::CSV_HEADER.iter().copied())?,
    )?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(_add_models_dir, m)?)?;
    m.add_function(wrap_pyfunction!(model_search_path, m)?)?;
    Ok(())
}
