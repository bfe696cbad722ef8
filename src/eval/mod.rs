//! Scoring: entity spans against CoNLL gold (`ner`).

pub mod ner;
