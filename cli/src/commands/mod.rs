//! One module per command. Each returns how many inputs it skipped (reported as it went), or a
//! fatal error.

pub mod corpus;
pub mod eval;
pub mod extract;
pub mod review;
pub mod tag;
pub mod train;

use std::path::PathBuf;

use anyhow::{Context, Result};
use whosaid::{Attribution, Document, Outcome, Pipeline};

use crate::cli::{ClaimsArg, NerArg, PosArg};

/// The extraction pipeline with the models the flags name.
fn pipeline(ner: &NerArg, pos: &PosArg, claims: &ClaimsArg) -> Result<Pipeline> {
    pipeline_with(ner, pos, claims, false)
}

/// The pipeline; `raw_confidence` leaves confidences uncalibrated.
fn pipeline_with(
    ner: &NerArg,
    pos: &PosArg,
    claims: &ClaimsArg,
    raw_confidence: bool,
) -> Result<Pipeline> {
    let mut builder = Pipeline::builder()
        .ner(ner.ner.clone())
        .claims(claims.claims.clone())
        .raw_confidence(raw_confidence);
    if let Some(p) = &pos.pos_model {
        builder = builder.pos_model(p);
    }
    let mut pipeline = builder.build().context("loading models")?;
    if let Some(t) = claims.threshold {
        pipeline.set_claims_threshold(t);
    }
    Ok(pipeline)
}

/// The command-line inputs, standard input when there are none.
fn inputs_or_stdin(inputs: Vec<PathBuf>) -> Vec<PathBuf> {
    if inputs.is_empty() {
        vec!["-".into()]
    } else {
        inputs
    }
}

/// The worker threads to start: the number asked for, lowered (with a message) to what the
/// library allows, so that `--jobs 100000` does not try to start 100000 threads.
fn jobs(requested: Option<usize>) -> Option<usize> {
    let max = whosaid::parallel::max_jobs();
    match requested {
        Some(n) if n > max => {
            eprintln!("whosaid: --jobs {n} lowered to {max} (at most 4 per core)");
            Some(max)
        }
        other => other,
    }
}

/// Says where a document held invalid UTF-8 (decoded with replacement characters).
fn warn_lossy(doc: &Document) {
    warn_invalid_utf8(doc.location(), doc.invalid_utf8_at);
}

/// Says where an input held invalid UTF-8, if it did.
fn warn_invalid_utf8(location: &str, at: Option<usize>) {
    if let Some(at) = at {
        eprintln!("warning: {location}: invalid UTF-8 (first at byte {at}); replaced with U+FFFD");
    }
}

/// The records of an outcome; a document that failed or an input that could not be read is
/// reported on stderr and gives `None` (the caller counts it as skipped).
fn records_or_report(outcome: Outcome) -> Option<Vec<Attribution>> {
    match outcome {
        Outcome::Records { records, .. } => Some(records),
        Outcome::Failed {
            doc_id,
            location,
            error,
        } => {
            let id = if doc_id == location {
                String::new()
            } else {
                format!(" (id {doc_id})")
            };
            eprintln!("whosaid: skipped {location}{id}: {error}");
            None
        }
        Outcome::Unreadable(e) => {
            eprintln!("whosaid: skipped {e}");
            None
        }
    }
}
