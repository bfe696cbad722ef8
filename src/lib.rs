//! whosaid: reads news text and says who said what.
//!
//! The data flow is a pipeline of stages, each its own module with plain data in and out:
//! `segment` (paragraphs, sentences, tokens) -> `ner` (entity mentions) -> quotes, cues, linking,
//! resolution -> attribution records.

// Numeric code (Viterbi, weight tables) reads best with index loops.
#![allow(clippy::needless_range_loop)]

pub mod analysis;
pub mod conll;
pub mod cues;
pub mod documents;
pub mod eval;
pub mod input;
pub mod linear;
pub mod link;
pub mod models;
pub mod ner;
pub mod offsets;
pub mod output;
pub mod pipeline;
pub mod pos;
pub mod quotes;
pub mod record;
pub mod resolve;
pub mod safetensors;
pub mod segment;
