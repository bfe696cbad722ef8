//! The library's one error type. Every fallible public function returns [`Error`]; the command-line
//! tool adds context and decides what to print.

use std::path::PathBuf;

/// What went wrong.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A folder given as an entity model is not a transformer checkpoint.
    #[error(
        "{path}: not a model folder: a transformer checkpoint folder holds {} (missing: {})",
        crate::models::CHECKPOINT_FILES.join(", "),
        missing.join(", ")
    )]
    NotAModelFolder {
        /// The folder.
        path: String,
        /// The checkpoint files it lacks.
        missing: Vec<&'static str>,
    },
    /// A shipped model was asked for by name and is in none of the folders searched.
    #[error(
        "{what} {name:?} not found (looked in: {}); give its path, or set WHOSAID_MODELS to the folder that holds it",
        looked.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    )]
    ModelNotFound {
        /// Which model ("NER model", "POS model").
        what: &'static str,
        /// The file or folder name searched for.
        name: String,
        /// The folders searched, in order.
        looked: Vec<PathBuf>,
    },
    /// A model file of the fast taggers could not be read.
    #[error(transparent)]
    Model(#[from] crate::tagging::codec::ModelError),
    /// The transformer tagger failed to load.
    #[cfg(feature = "transformer")]
    #[error(transparent)]
    Transformer(#[from] crate::ner::transformer::TransformerError),
    /// An entity tagger failed on a document.
    #[error(transparent)]
    Ner(#[from] crate::ner::NerError),
    /// A model kind that this build leaves out (built without the `transformer` feature).
    #[error(
        "{0} needs the transformer tagger, which this build leaves out (cargo feature \"transformer\")"
    )]
    NotBuilt(String),
    /// An input file or line could not be read.
    #[error(transparent)]
    Input(#[from] crate::io::documents::InputError),
    /// A CoNLL file could not be read or parsed.
    #[error(transparent)]
    Conll(#[from] crate::io::conll::ConllError),
    /// Reading or writing failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),

    /// A name table of the resolver could not be read.
    #[error("name table {path}: {message}")]
    NameTable {
        /// The table's path.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// The confidence calibration table could not be read.
    #[error("calibration table {path}: {message}")]
    Calibration {
        /// The table's path.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// A stage failed on one document with a bug (a panic). The document is lost; the others are
    /// not.
    #[error("internal error (please report it): {message}")]
    Internal {
        /// The panic message.
        message: String,
    },
    /// The worker threads could not be started.
    #[error("cannot start worker threads: {0}")]
    Threads(String),
}

/// `Result` with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
