//! Scoring: entity spans against CoNLL gold (`ner`), attribution records against gold quotes
//! (`quotes`).

pub mod ner;
pub mod quotes;
