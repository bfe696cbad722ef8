//! Reading input: documents (`documents`) and CoNLL files (`conll`).

pub mod conll;
pub mod documents;
