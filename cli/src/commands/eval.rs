//! `whosaid eval ner` and `whosaid eval quotes`: scores against gold data, as a table or JSON.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use whosaid::io::conll::{self, ConllDocument};

use crate::cli::{EvalNerArgs, EvalQuotesArgs};

/// Reads a CoNLL file, warning where it held invalid UTF-8.
pub fn read_conll(path: &Path) -> Result<Vec<ConllDocument>> {
    let (docs, invalid_at) = conll::read_lossy(path)?;
    super::warn_invalid_utf8(&path.display().to_string(), invalid_at);
    Ok(docs)
}

pub fn ner(args: EvalNerArgs) -> Result<()> {
    let tagger = args
        .ner
        .ner
        .load()
        .with_context(|| format!("loading NER model {}", args.ner.ner))?;
    let docs = read_conll(&args.gold)?;
    let report =
        whosaid::eval::ner::evaluate(tagger.as_ref(), &docs, &args.gold.display().to_string())?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        write!(out, "{report}")?;
    }
    Ok(())
}

/// Returns how many gold lines were skipped.
pub fn quotes(args: EvalQuotesArgs) -> Result<usize> {
    let pipeline = super::pipeline(&args.ner, &args.pos)?;
    let (report, skipped) = whosaid::eval::quotes::evaluate(&pipeline, &args.gold, args.raw_kinds)?;
    for e in &skipped {
        eprintln!("whosaid: skipped {e}");
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        write!(out, "{report}")?;
    }
    Ok(skipped.len())
}
