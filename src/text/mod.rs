//! Text stages that need no model: paragraphs, sentences and tokens with byte offsets into the
//! untouched text (`segment`), quotations from quote marks (`quotes`), and the conversion of byte
//! offsets to the code-point offsets users see (`offsets`).

pub mod offsets;
pub(crate) mod quotes;
pub mod segment;
