//! What the fast taggers share: feature hashing (`hash`), token features and word statistics
//! (`features`, `casing`, `clusters`), the linear-chain engine with its training (`linear`), the
//! model-file format (`codec`), and the part-of-speech tagger built on them (`pos`).

pub mod casing;
pub mod clusters;
pub mod codec;
pub mod features;
pub mod hash;
pub mod linear;
pub mod pos;
pub mod safetensors;
