//! Where models are found and which entity model to use. Nothing is fetched over the network:
//! a model is a path given by the caller, or a shipped file looked up in, in order,
//! `$WHOSAID_MODELS`, folders added with [`add_search_dir`], a `models/` folder beside the
//! executable (or up to four folders above it, as in a build inside a clone), and the source tree
//! this library was built from.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::ner::EntityTagger;
use crate::ner::perceptron::PerceptronTagger;
use crate::resolve::NameTables;
use crate::resolve::first_names::FirstNames;
use crate::resolve::known_names::KnownNames;
use crate::tagging::pos::PosTagger;

/// File name of the shipped fast NER model inside a models folder.
pub const FAST_NER: &str = "ner-fast.bin";
/// File name of the shipped part-of-speech model.
pub const POS: &str = "pos-fast.bin";
/// File name of the shipped first-name table.
pub const FIRST_NAMES: &str = crate::resolve::first_names::FILE_NAME;
/// File name of the shipped known-names table.
pub const KNOWN_NAMES: &str = crate::resolve::known_names::FILE_NAME;
/// Folder name of the shipped transformer NER model.
pub const TRANSFORMER_NER: &str = "ner-transformer";

/// The files of a transformer checkpoint folder that the tagger loads.
pub const CHECKPOINT_FILES: [&str; 3] = ["config.json", "tokenizer.json", "model.safetensors"];

/// Which named-entity model a pipeline uses.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum NerModel {
    /// The shipped linear model (`ner-fast.bin`): fast, the default.
    #[default]
    Fast,
    /// The shipped fine-tuned transformer (`ner-transformer/`).
    Transformer,
    /// The transformer and the fast model mixed: the most accurate, at the transformer's speed.
    Combined,
    /// A model at a path: a linear model file, or a Hugging Face BERT token-classification folder
    /// (`config.json`, `tokenizer.json`, `model.safetensors`).
    Path(PathBuf),
}

impl NerModel {
    /// The names accepted by [`NerModel::parse`] besides paths.
    pub const NAMES: [&'static str; 3] = ["fast", "transformer", "combined"];

    /// `fast`, `transformer` or `combined`, or else a path (which must exist).
    pub fn parse(s: &str) -> std::result::Result<Self, String> {
        match s {
            "fast" => Ok(NerModel::Fast),
            "transformer" => Ok(NerModel::Transformer),
            "combined" => Ok(NerModel::Combined),
            p if Path::new(p).exists() => Ok(NerModel::Path(PathBuf::from(p))),
            p => Err(format!(
                "{p:?} is neither a model name ({}) nor an existing file or folder",
                Self::NAMES.join(", ")
            )),
        }
    }

    /// Loads the tagger.
    pub fn load(&self) -> Result<Box<dyn EntityTagger>> {
        match self {
            NerModel::Fast => Ok(Box::new(load_fast(&find(FAST_NER, "NER model")?)?)),
            NerModel::Transformer => load_transformer(&find(TRANSFORMER_NER, "NER model")?),
            NerModel::Combined => load_combined(),
            NerModel::Path(p) if is_checkpoint(p) => load_transformer(p),
            NerModel::Path(p) if p.is_dir() => Err(Error::NotAModelFolder {
                path: p.display().to_string(),
                missing: CHECKPOINT_FILES
                    .into_iter()
                    .filter(|f| !p.join(f).exists())
                    .collect(),
            }),
            NerModel::Path(p) => Ok(Box::new(load_fast(p)?)),
        }
    }
}

impl std::fmt::Display for NerModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NerModel::Fast => f.write_str("fast"),
            NerModel::Transformer => f.write_str("transformer"),
            NerModel::Combined => f.write_str("combined"),
            NerModel::Path(p) => write!(f, "{}", p.display()),
        }
    }
}

/// Whether a path is a transformer checkpoint folder (rather than a linear model file).
pub fn is_checkpoint(path: &Path) -> bool {
    path.is_dir() && path.join("config.json").exists()
}

fn load_fast(path: &Path) -> Result<PerceptronTagger> {
    Ok(PerceptronTagger::load(path)?)
}

#[cfg(feature = "transformer")]
fn load_transformer(path: &Path) -> Result<Box<dyn EntityTagger>> {
    Ok(Box::new(crate::ner::transformer::TransformerTagger::load(
        path,
    )?))
}

#[cfg(not(feature = "transformer"))]
fn load_transformer(path: &Path) -> Result<Box<dyn EntityTagger>> {
    Err(Error::NotBuilt(path.display().to_string()))
}

#[cfg(feature = "transformer")]
fn load_combined() -> Result<Box<dyn EntityTagger>> {
    use crate::ner::combined::{CombinedTagger, TRANSFORMER_WEIGHT};
    use crate::ner::transformer::TransformerTagger;
    Ok(Box::new(CombinedTagger {
        transformer: TransformerTagger::load(&find(TRANSFORMER_NER, "NER model")?)?,
        fast: load_fast(&find(FAST_NER, "NER model")?)?,
        weight: TRANSFORMER_WEIGHT,
    }))
}

#[cfg(not(feature = "transformer"))]
fn load_combined() -> Result<Box<dyn EntityTagger>> {
    Err(Error::NotBuilt("--ner combined".into()))
}

/// Loads the part-of-speech model: the given file, or the shipped one.
pub fn load_pos(path: Option<&Path>) -> Result<PosTagger> {
    let path = match path {
        Some(p) => p.to_path_buf(),
        None => find(POS, "POS model")?,
    };
    Ok(PosTagger::load(&path)?)
}

/// The name tables the resolver reads: the shipped first-name table (a first name's likely
/// gender) and known-names table (a well-known surname's full name). A table that no models
/// folder holds is left out (the resolver then goes by the text alone); one that is there but
/// cannot be read is an error.
pub(crate) fn load_name_tables() -> Result<NameTables> {
    Ok(NameTables {
        first_names: load_table(FIRST_NAMES, "first-name table", FirstNames::load, |t| {
            t.is_empty()
        })?,
        known_names: load_table(KNOWN_NAMES, "known-names table", KnownNames::load, |t| {
            t.is_empty()
        })?,
    })
}

/// One shipped name table: `None` when no models folder holds it; an error naming the file when
/// it cannot be read or holds nothing.
fn load_table<T>(
    name: &str,
    what: &'static str,
    load: impl Fn(&Path) -> std::io::Result<T>,
    is_empty: impl Fn(&T) -> bool,
) -> Result<Option<T>> {
    let Ok(path) = find(name, what) else {
        return Ok(None);
    };
    match load(&path) {
        Ok(t) if is_empty(&t) => Err(Error::NameTable {
            path,
            message: "the table holds no names".into(),
        }),
        Ok(t) => Ok(Some(t)),
        Err(e) => Err(Error::NameTable {
            path,
            message: e.to_string(),
        }),
    }
}

/// The shipped confidence calibration table, where one is found; `None` (raw confidences)
/// where there is none.
pub fn load_calibration() -> Result<Option<crate::calibration::Calibration>> {
    match search_dirs()
        .into_iter()
        .map(|d| d.join(crate::calibration::FILE))
        .find(|p| p.exists())
    {
        Some(p) => crate::calibration::Calibration::load(&p),
        None => Ok(None),
    }
}

/// Folders added by [`add_search_dir`], searched after `$WHOSAID_MODELS`.
static EXTRA_DIRS: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Adds a folder to search for shipped models, after `$WHOSAID_MODELS` and before the folders
/// found from the executable: how a package that carries its own models (the Python wheel, whose
/// executable is the Python interpreter) points the library at them. Adding a folder twice adds
/// it once.
pub fn add_search_dir(dir: impl Into<PathBuf>) {
    let dir = dir.into();
    let mut extra = EXTRA_DIRS.lock().unwrap_or_else(|e| e.into_inner());
    if !extra.contains(&dir) {
        extra.push(dir);
    }
}

/// Folders searched for shipped models, in order.
pub fn search_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(d) = std::env::var_os("WHOSAID_MODELS") {
        dirs.push(PathBuf::from(d));
    }
    dirs.extend(
        EXTRA_DIRS
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .cloned(),
    );
    if let Ok(exe) = std::env::current_exe() {
        dirs.extend(exe.ancestors().skip(1).take(4).map(|a| a.join("models")));
    }
    dirs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("models"));
    dirs
}

/// The path of a shipped model file or folder, `what` naming it in the error.
pub fn find(name: &str, what: &'static str) -> Result<PathBuf> {
    let dirs = search_dirs();
    dirs.iter()
        .map(|d| d.join(name))
        .find(|p| p.exists())
        .ok_or_else(|| Error::ModelNotFound {
            what,
            name: name.to_string(),
            looked: dirs,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_folders_are_searched_once_before_the_executables() {
        let dir = PathBuf::from("/nonexistent/whosaid-added-models");
        add_search_dir(&dir);
        add_search_dir(&dir);
        let dirs = search_dirs();
        let at: Vec<usize> = (0..dirs.len()).filter(|&i| dirs[i] == dir).collect();
        assert_eq!(at.len(), 1, "{dirs:?}");
        let exe = std::env::current_exe().unwrap();
        let beside_exe = exe.parent().unwrap().join("models");
        let exe_at = dirs.iter().position(|d| *d == beside_exe).unwrap();
        assert!(at[0] < exe_at, "{dirs:?}");
        // A missing model names the added folder among those searched.
        let err = find("no-such-model.bin", "NER model")
            .unwrap_err()
            .to_string();
        assert!(err.contains("whosaid-added-models"), "{err}");
    }
}
