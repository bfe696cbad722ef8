//! What the fast taggers share: feature hashing (`hash`), token features and word statistics
//! (`features`, `casing`, `clusters`), the linear-chain engine with its training (`linear`), the
//! model-file format (`codec`), the per-document cache of each distinct word's scores (`words`), and
//! the part-of-speech tagger built on them (`pos`).

pub(crate) mod casing;
pub mod clusters;
pub mod codec;
pub(crate) mod features;
pub(crate) mod hash;
pub(crate) mod linear;
pub mod pos;
pub(crate) mod safetensors;
pub(crate) mod words;

pub use linear::EpochReport;
