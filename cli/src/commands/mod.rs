//! One module per command. Each returns how many inputs it skipped (reported as it went), or a
//! fatal error.

pub mod eval;
pub mod extract;
pub mod tag;
pub mod train;

use std::path::PathBuf;

use whosaid::Document;

/// The command-line inputs, standard input when there are none.
fn inputs_or_stdin(inputs: Vec<PathBuf>) -> Vec<PathBuf> {
    if inputs.is_empty() {
        vec!["-".into()]
    } else {
        inputs
    }
}

/// Says where a document held invalid UTF-8 (decoded with replacement characters).
fn warn_lossy(doc: &Document) {
    if let Some(at) = doc.invalid_utf8_at {
        eprintln!(
            "warning: {}: invalid UTF-8 (first at byte {at}); replaced with U+FFFD",
            doc.location()
        );
    }
}
