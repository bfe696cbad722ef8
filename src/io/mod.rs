//! Reading and writing: input documents (`documents`), CoNLL files (`conll`), and the record
//! writers (`writers`).

pub mod conll;
pub mod documents;
pub mod writers;
