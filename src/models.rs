//! Finding and loading the shipped models. Nothing is fetched over the network: models come from
//! the `models/` folder of the installation, from `$WHOSAID_MODELS`, or from a path given by the user.

use std::path::{Path, PathBuf};

use crate::ner::EntityTagger;
use crate::ner::perceptron::PerceptronTagger;

/// File name of the shipped fast NER model inside the models folder.
pub const FAST_NER: &str = "ner-fast.bin";
/// File name of the shipped part-of-speech model.
pub const POS: &str = "pos-fast.bin";

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(
        "model {name:?} not found (looked in: {looked}); pass a path with --ner or set WHOSAID_MODELS"
    )]
    NotFound { name: String, looked: String },
    #[error(transparent)]
    Linear(#[from] crate::linear::ModelError),
    #[error(transparent)]
    Transformer(#[from] crate::ner::transformer::TransformerError),
}

/// Folders searched for shipped models, in order: `$WHOSAID_MODELS`, `models/` beside the executable
/// or in one of its parent folders (a build inside a clone), and the clone this binary was built from.
pub fn search_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(d) = std::env::var_os("WHOSAID_MODELS") {
        dirs.push(PathBuf::from(d));
    }
    if let Ok(exe) = std::env::current_exe() {
        dirs.extend(exe.ancestors().skip(1).take(4).map(|a| a.join("models")));
    }
    dirs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("models"));
    dirs
}

/// The path of a shipped model file or folder.
pub fn find(name: &str) -> Result<PathBuf, LoadError> {
    let dirs = search_dirs();
    dirs.iter()
        .map(|d| d.join(name))
        .find(|p| p.exists())
        .ok_or_else(|| LoadError::NotFound {
            name: name.to_string(),
            looked: dirs
                .iter()
                .map(|d| d.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
        })
}

/// Loads an entity tagger from a `--ner` value: `fast` (the shipped linear model), `transformer`
/// (the shipped transformer), `combined` (the two mixed), a linear model file, or a Hugging Face
/// token-classification folder.
pub fn load_tagger(spec: &str) -> Result<Box<dyn EntityTagger>, LoadError> {
    use crate::ner::transformer::{self, TransformerTagger};
    if spec == "combined" {
        use crate::ner::combined::{CombinedTagger, TRANSFORMER_WEIGHT};
        return Ok(Box::new(CombinedTagger {
            transformer: TransformerTagger::load(&find(transformer::SHIPPED)?)?,
            fast: PerceptronTagger::load(&find(FAST_NER)?)?,
            weight: TRANSFORMER_WEIGHT,
        }));
    }
    let path = match spec {
        "fast" => find(FAST_NER)?,
        "transformer" => find(transformer::SHIPPED)?,
        p => PathBuf::from(p),
    };
    if transformer::is_checkpoint(&path) {
        return Ok(Box::new(TransformerTagger::load(&path)?));
    }
    Ok(Box::new(PerceptronTagger::load(&path)?))
}

/// Loads the shipped part-of-speech model.
pub fn load_pos() -> Result<crate::pos::PosTagger, LoadError> {
    Ok(crate::pos::PosTagger::load(&find(POS)?)?)
}

/// Builds the extraction pipeline with the given `--ner` model.
pub fn load_pipeline(ner: &str) -> Result<crate::pipeline::Pipeline, LoadError> {
    Ok(crate::pipeline::Pipeline::new(
        load_tagger(ner)?,
        load_pos()?,
    ))
}
