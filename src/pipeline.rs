//! The pipeline: segment → parts of speech → entities → quotes ⇒ analysis → cues → links →
//! speakers → records. Built once with its models and shared by all worker threads.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use crate::analysis::Analysis;
use crate::calibration::Calibration;
use crate::claims_model::{ClaimsMode, ClaimsModel};
use crate::error::{Error, Result};
use crate::io::documents::{Document, InputError};
use crate::models::{self, NerModel};
use crate::ner::EntityTagger;
use crate::record::{self, Attribution};
use crate::resolve::NameTables;
use crate::tagging::pos::PosTagger;
use crate::text::quotes;
use crate::text::segment::{self, Token};
use crate::{cues, link, parallel, resolve};

/// Extracts attributions from documents. Cheap to share between threads (`&Pipeline` is all a
/// worker needs).
pub struct Pipeline {
    ner: Box<dyn EntityTagger>,
    pos: PosTagger,
    names: NameTables,
    calibration: Option<Calibration>,
    claims: Option<ClaimsModel>,
}

/// Chooses the models of a [`Pipeline`]: by default the shipped fast entity model and the shipped
/// part-of-speech model.
#[derive(Debug, Clone, Default)]
pub struct PipelineBuilder {
    ner: NerModel,
    pos: Option<PathBuf>,
    raw_confidence: bool,
    claims: ClaimsMode,
}

impl PipelineBuilder {
    /// The named-entity model.
    pub fn ner(mut self, model: NerModel) -> Self {
        self.ner = model;
        self
    }

    /// A part-of-speech model file instead of the shipped one.
    pub fn pos_model(mut self, path: impl Into<PathBuf>) -> Self {
        self.pos = Some(path.into());
        self
    }

    /// Leaves confidences raw (uncalibrated), as calibration is fitted on. By default the
    /// shipped table (`models/calibration.tsv`, looked up like the other models) calibrates
    /// them, where one is found.
    pub fn raw_confidence(mut self, raw: bool) -> Self {
        self.raw_confidence = raw;
        self
    }

    /// How claims are linked: by default the shipped attribution model beside the rules when it
    /// is there; [`ClaimsMode::Rules`] for the rules alone.
    pub fn claims(mut self, mode: ClaimsMode) -> Self {
        self.claims = mode;
        self
    }

    /// Loads the models.
    pub fn build(self) -> Result<Pipeline> {
        let claims = self.claims.load()?;
        // An attribution model with a calibration of its own (a transformer's) replaces the
        // shipped table.
        let calibration = match claims.as_ref().and_then(|m| m.calibration.clone()) {
            _ if self.raw_confidence => None,
            Some(own) => Some(own),
            None => models::load_calibration()?,
        };
        Ok(Pipeline {
            ner: self.ner.load()?,
            pos: models::load_pos(self.pos.as_deref())?,
            names: models::load_name_tables()?,
            calibration,
            claims,
        })
    }
}

/// What [`Pipeline::extract_all`] gives for each input item, in input order.
#[derive(Debug)]
pub enum Outcome {
    /// A document and its records (none when it attributes nothing).
    Records {
        /// The document, less its text.
        doc_id: String,
        /// Where it was read from, for messages.
        location: String,
        /// Its records, in text order.
        records: Vec<Attribution>,
    },
    /// A document that could not be processed; the others go on.
    Failed {
        /// The document's id.
        doc_id: String,
        /// Where it was read from, for messages.
        location: String,
        /// Why.
        error: Error,
    },
    /// An input that could not be read (a file, or a line of a JSONL file).
    Unreadable(InputError),
}

impl Pipeline {
    /// A builder; `Pipeline::builder().build()` loads the default models.
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// A pipeline from models already loaded.
    pub fn from_parts(ner: Box<dyn EntityTagger>, pos: PosTagger) -> Self {
        Pipeline {
            ner,
            pos,
            names: models::load_name_tables().unwrap_or_default(),
            calibration: models::load_calibration().unwrap_or_default(),
            claims: ClaimsMode::Auto.load().unwrap_or_default(),
        }
    }

    /// The attribution model, when claims are linked with it.
    #[cfg(test)]
    pub(crate) fn claims_model(&self) -> Option<&ClaimsModel> {
        self.claims.as_ref()
    }

    /// Whether the attribution model links claims beside the rules.
    pub fn uses_claims_model(&self) -> bool {
        self.claims.is_some()
    }

    /// Sets the attribution model's threshold (the span score below which its own claims are
    /// left out), for tuning.
    pub fn set_claims_threshold(&mut self, threshold: f32) {
        if let Some(m) = &mut self.claims {
            m.threshold = threshold;
        }
    }

    /// The entity tagger's name, for reports.
    pub fn ner_name(&self) -> String {
        self.ner.name()
    }

    /// Every attribution of a document, in text order. A bug in a stage (a panic) is caught and
    /// returned as [`Error::Internal`], so one document never takes others down with it.
    pub fn extract(&self, doc: &Document) -> Result<Vec<Attribution>> {
        match catch_unwind(AssertUnwindSafe(|| self.extract_unguarded(doc))) {
            Ok(r) => r,
            Err(payload) => {
                let message = payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a stage panicked".into());
                Err(Error::Internal { message })
            }
        }
    }

    fn extract_unguarded(&self, doc: &Document) -> Result<Vec<Attribution>> {
        let a = self.analyse(&doc.text)?;
        // Each stage's tables are dropped once the stages after it no longer read them: the cues
        // after linking, the analysis before the records are built (from the links' byte spans).
        let links = {
            let cues = cues::find(&a);
            match &self.claims {
                Some(m) => link::link_with_model(&a, &cues, m)?,
                None => link::link(&a, &cues),
            }
        };
        let speakers = resolve::resolve(&a, &links, &self.names);
        let spans = record::spans(&a, &links);
        drop(a);
        let mut records = record::build(&doc.id, &doc.text, &links, &spans, speakers);
        if let Some(c) = &self.calibration {
            for r in &mut records {
                r.confidence = (c.apply(r.rule.as_str(), r.confidence) * 1000.0).round() / 1000.0;
            }
        }
        Ok(records)
    }

    /// The stages before linking: segmentation, parts of speech, entities and quotes.
    pub(crate) fn analyse<'t>(&self, text: &'t str) -> Result<Analysis<'t, '_>> {
        let seg = segment::segment(text);
        let sentences: Vec<&[Token]> = (0..seg.sentences.len())
            .map(|i| seg.sentence_tokens(i))
            .collect();
        let pos = self.pos.tag_sentences(text, &sentences);
        let mut entities = self.ner.tag_document(text, &sentences)?;
        crate::ner::join_split_names(text, &sentences, &mut entities);
        let quotes = quotes::find(text, &seg.paragraphs);
        Ok(Analysis::new(text, seg, pos, entities, quotes))
    }

    /// The name tables the resolver reads.
    #[cfg(test)]
    pub(crate) fn name_tables(&self) -> &NameTables {
        &self.names
    }

    /// Extracts from a stream of documents on `jobs` threads (`None`: all cores), giving one
    /// [`Outcome`] per input item in input order, whatever the number of threads. Documents are
    /// read a batch at a time as the outcomes are consumed: a caller that stops consuming (a
    /// writer that failed) stops the reading, and memory stays bounded by one batch.
    pub fn extract_all<'p, I>(
        &'p self,
        documents: I,
        jobs: Option<usize>,
    ) -> Result<impl Iterator<Item = Outcome> + 'p>
    where
        I: IntoIterator<Item = std::result::Result<Document, InputError>> + 'p,
        I::IntoIter: 'p,
    {
        let pool = parallel::pool(jobs)?;
        Ok(parallel::ordered_map(
            documents,
            pool,
            move |item| match item {
                Err(e) => Outcome::Unreadable(e),
                Ok(doc) => {
                    let location = doc.location().to_string();
                    match self.extract(&doc) {
                        Ok(records) => Outcome::Records {
                            doc_id: doc.id,
                            location,
                            records,
                        },
                        Err(error) => Outcome::Failed {
                            doc_id: doc.id,
                            location,
                            error,
                        },
                    }
                }
            },
        ))
    }
}
