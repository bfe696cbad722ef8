//! Scoring: entity spans against CoNLL gold (`ner`), attribution records against gold quotes
//! (`quotes`), with exact-match spans, breakdowns and reliability (`breakdown`).

pub mod breakdown;
pub mod ner;
pub mod quotes;
