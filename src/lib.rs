//! whosaid reads news text and says who said what: every quotation and reported claim, with who
//! made it, the words that name the speaker, the reporting cue, and the rule that linked them.
//!
//! ```
//! use whosaid::{Document, Pipeline};
//!
//! let pipeline = Pipeline::builder().build()?;
//! let doc = Document::new("d1", "“We will rebuild the bridge,” Mayor Ana Silva said on Tuesday.");
//! let records = pipeline.extract(&doc)?;
//! assert_eq!(records[0].speaker, "Ana Silva");
//! assert_eq!(records[0].quote, "We will rebuild the bridge,");
//! assert_eq!(records[0].rule.as_str(), "quote-speaker-said");
//! # Ok::<(), whosaid::Error>(())
//! ```
//!
//! The stages, each a module with plain data in and out:
//! `text::segment` (paragraphs, sentences, tokens) → `tagging::pos` (parts of speech) → `ner`
//! (entity mentions) → `text::quotes` (quote marks) ⇒ `analysis` (the annotated document) →
//! `cues` (reporting verbs and phrases) → `link` (named rules tie content to a speaker mention
//! and a cue) → `resolve` (the speaker's canonical name) → `record` (the [`Attribution`] users
//! get). [`Pipeline`] composes them; [`Pipeline::extract_all`] runs them over a stream of
//! documents in parallel, records in input order.
//!
//! Models load from files (see [`models`]); nothing is fetched over the network. The transformer
//! entity tagger needs the default cargo feature `transformer`.

#![warn(missing_docs)]
// Numeric code (Viterbi, weight tables) reads best with index loops.
#![allow(clippy::needless_range_loop)]

mod analysis;
pub mod calibration;
pub mod claims_model;
pub mod corpus;
mod cues;
mod error;
pub mod eval;
pub mod io;
mod lexicon;
mod link;
pub mod models;
pub mod ner;
pub mod parallel;
mod pipeline;
mod record;
mod resolve;
pub mod review;
pub mod tagging;
pub mod text;
pub mod writers;

pub use claims_model::ClaimsMode;
pub use cues::cue_type;
pub use error::{Error, Result};
pub use io::documents::{Document, InputError};
pub use link::rules::{Example, RULES, RuleInfo, RuleKind};
pub use models::NerModel;
pub use pipeline::{Outcome, Pipeline, PipelineBuilder};
pub use record::{Attribution, CueType, Kind, RuleId, SpeakerType};
pub use writers::{Format, RecordWriter};
