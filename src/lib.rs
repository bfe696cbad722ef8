//! whosaid: reads news text and says who said what.
//!
//! The data flow is a pipeline of stages, each its own module with plain data in and out:
//! `segment` (paragraphs, sentences, tokens) -> `ner` (entity mentions) -> quotes, cues, linking,
//! resolution -> attribution records.

// Numeric code (Viterbi, weight tables) reads best with index loops.
#![allow(clippy::needless_range_loop)]

pub mod conll;
pub mod documents;
pub mod eval;
pub mod input;
pub mod linear;
pub mod models;
pub mod ner;
pub mod offsets;
pub mod pos;
pub mod safetensors;
pub mod segment;
