//! `whosaid eval ner` and `whosaid eval quotes`: scores against gold data, as a table or JSON.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use whosaid::calibration::{self, Calibration};
use whosaid::eval::quotes;
use whosaid::io::conll::{self, ConllDocument};

use crate::cli::{EvalNerArgs, EvalQuotesArgs};
use crate::output::Output;

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
    let raw = args.raw_confidence || args.fit_calibration.is_some();
    let pipeline = super::pipeline_with(&args.ner, &args.pos, &args.claims, raw)?;
    let options = quotes::Options {
        only_resolved: args.only_resolved,
        min_confidence: args.min_confidence,
    };
    let (report, skipped) = quotes::evaluate(&pipeline, &args.gold, &options)?;
    for e in &skipped {
        eprintln!("whosaid: skipped {e}");
    }
    if let Some(path) = &args.errors {
        let tsv = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
        let mut out = Output::open(Some(path))?;
        match quotes::write_name_errors(&report.name_errors, out.writer(), tsv) {
            Ok(()) => out.commit()?,
            Err(e) => {
                out.abandon();
                return Err(e).with_context(|| format!("writing {}", path.display()));
            }
        }
    }
    if let Some(path) = &args.fit_calibration {
        let points: Vec<(String, f32, bool)> = report
            .records
            .iter()
            .map(|r| (r.rule.clone(), r.confidence, r.right))
            .collect();
        let table = Calibration::fit(&points, calibration::MIN_RECORDS);
        let mut out = Output::open(Some(path))?;
        match out.writer().write_all(table.to_tsv().as_bytes()) {
            Ok(()) => out.commit()?,
            Err(e) => {
                out.abandon();
                return Err(e).with_context(|| format!("writing {}", path.display()));
            }
        }
        eprintln!(
            "whosaid: calibration fitted on {} records ({} rules of their own) written to {}",
            points.len(),
            table.steps.len().saturating_sub(1),
            path.display()
        );
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        write!(out, "{report}")?;
    }
    Ok(skipped.len())
}
