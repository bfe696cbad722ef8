//! Scoring attribution records against gold quotes (the gold JSONL format of the evaluation data).
//!
//! A gold quote g is found by a predicted quote p when |g ∩ p| / |g| exceeds a threshold (0.3, and
//! the stricter 0.8); pairs are matched greedily by overlap, each prediction used once. On found
//! quotes: the speaker mention is right when it overlaps the gold mention; the name is right when
//! it equals the gold `speaker_resolved` after dropping titles, case and punctuation (a record
//! with no resolved speaker offers its mention). End to end, a prediction is right when its quote is
//! found (0.3) and its name matches, or, where the gold has no resolved name, its mention overlaps.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::io::documents::{Document, InputError, decode_lossy};
use crate::pipeline::Pipeline;
use crate::record::Attribution;

/// Reads a gold file (JSONL: `{"id", "text", "quotes": [...]}` per line), runs the pipeline on
/// its documents in parallel and scores the records. Unless `raw_kinds`, gold kinds are corrected
/// as [`correct_kind`] says. Bad lines are returned, not scored.
pub fn evaluate(
    pipeline: &Pipeline,
    path: &std::path::Path,
    raw_kinds: bool,
) -> Result<(Report, Vec<InputError>)> {
    use rayon::prelude::*;
    let name = path.display().to_string();
    let (content, _) = decode_lossy(std::fs::read(path).map_err(|e| InputError {
        source_name: name.clone(),
        line: None,
        message: e.to_string(),
    })?);
    let mut gold = Vec::new();
    let mut skipped = Vec::new();
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<GoldDocument>(line) {
            Ok(d) => gold.push(d),
            Err(e) => skipped.push(InputError {
                source_name: name.clone(),
                line: Some(i + 1),
                message: e.to_string(),
            }),
        }
    }
    let mut relabelled = 0;
    if !raw_kinds {
        for d in &mut gold {
            for q in &mut d.quotes {
                relabelled += correct_kind(q, &d.text) as usize;
            }
        }
    }
    let words: usize = gold.iter().map(|d| d.text.split_whitespace().count()).sum();
    let start = std::time::Instant::now();
    let predicted: Vec<Vec<Attribution>> = gold
        .par_iter()
        .map(|d| pipeline.extract(&Document::new(d.id.clone(), d.text.clone())))
        .collect::<Result<_>>()?;
    let seconds = start.elapsed().as_secs_f64();
    let mut score = QuoteScore::default();
    for (d, p) in gold.iter().zip(&predicted) {
        score.add(&d.quotes, p);
    }
    let mut report = Report::new(&name, &score, gold.len(), words, seconds);
    report.relabelled = relabelled;
    Ok((report, skipped))
}

/// One quote of the gold data; offsets are code points into the document text, end exclusive.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldQuote {
    /// Where the quote starts.
    pub start: usize,
    /// Where the quote ends.
    pub end: usize,
    /// Where the speaker mention starts, when one is annotated.
    pub speaker_start: Option<usize>,
    /// Where the speaker mention ends, when one is annotated.
    pub speaker_end: Option<usize>,
    /// The speaker's canonical name, when one is annotated.
    pub speaker_resolved: Option<String>,
    /// `direct`, `mixed` or `indirect`.
    pub kind: String,
}

/// One line of a gold file: a document and its quotes.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct GoldDocument {
    pub id: String,
    pub text: String,
    pub quotes: Vec<GoldQuote>,
}

/// Counts for one kind (or all kinds).
#[derive(Debug, Clone, Default, Serialize)]
pub struct KindScore {
    /// Gold quotes.
    pub gold: usize,
    /// Predicted records.
    pub predicted: usize,
    /// Gold quotes found at the overlap threshold 0.3.
    pub found_03: usize,
    /// Gold quotes found at the overlap threshold 0.8.
    pub found_08: usize,
    /// Found quotes (0.3) whose gold has a speaker mention.
    pub speaker_checked: usize,
    /// Of those, the ones whose predicted mention overlaps the gold mention.
    pub speaker_right: usize,
    /// Found quotes (0.3) whose gold has a resolved speaker name.
    pub name_checked: usize,
    /// Of those, the ones whose offered name equals the gold name once normalised.
    pub name_right: usize,
    /// Found quotes (0.3) right end to end: the name matches, or the mention where there is no
    /// gold name.
    pub e2e_right: usize,
}

fn f1(right: usize, predicted: usize, gold: usize) -> (f64, f64, f64) {
    let p = if predicted == 0 {
        0.0
    } else {
        100.0 * right as f64 / predicted as f64
    };
    let r = if gold == 0 {
        0.0
    } else {
        100.0 * right as f64 / gold as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

fn pct(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| 100.0 * a as f64 / b as f64)
}

/// One row of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Gold quotes.
    pub gold: usize,
    /// Predicted records.
    pub predicted: usize,
    /// Predicted records matched to a gold quote at overlap 0.3, in percent (0 to 100).
    pub precision_03: f64,
    /// Gold quotes found at overlap 0.3, in percent (0 to 100).
    pub recall_03: f64,
    /// Harmonic mean of `precision_03` and `recall_03`, in percent (0 to 100).
    pub f1_03: f64,
    /// Predicted records matched to a gold quote at overlap 0.8, in percent (0 to 100).
    pub precision_08: f64,
    /// Gold quotes found at overlap 0.8, in percent (0 to 100).
    pub recall_08: f64,
    /// Harmonic mean of `precision_08` and `recall_08`, in percent (0 to 100).
    pub f1_08: f64,
    /// Right speaker mentions among the checked found quotes, in percent; `None` when none was
    /// checked.
    pub speaker_accuracy: Option<f64>,
    /// Right speaker names among the checked found quotes, in percent; `None` when none was
    /// checked.
    pub name_accuracy: Option<f64>,
    /// Predicted records right end to end, in percent (0 to 100).
    pub e2e_precision: f64,
    /// Gold quotes found right end to end, in percent (0 to 100).
    pub e2e_recall: f64,
    /// Harmonic mean of `e2e_precision` and `e2e_recall`, in percent (0 to 100).
    pub e2e_f1: f64,
}

impl KindScore {
    /// The counts as a report row of percentages.
    pub fn row(&self) -> Row {
        let (p3, r3, f3) = f1(self.found_03, self.predicted, self.gold);
        let (p8, r8, f8) = f1(self.found_08, self.predicted, self.gold);
        let (pe, re, fe) = f1(self.e2e_right, self.predicted, self.gold);
        Row {
            gold: self.gold,
            predicted: self.predicted,
            precision_03: p3,
            recall_03: r3,
            f1_03: f3,
            precision_08: p8,
            recall_08: r8,
            f1_08: f8,
            speaker_accuracy: pct(self.speaker_right, self.speaker_checked),
            name_accuracy: pct(self.name_right, self.name_checked),
            e2e_precision: pe,
            e2e_recall: re,
            e2e_f1: fe,
        }
    }
}

/// Corrects a gold quote's kind where the corpus converter missed a quotation convention: the
/// doubled apostrophe (''…'') that some newspapers' archives use for double quotes. Kinds in the
/// gold are derived from quote marks, not annotated; a span quoted with '' is re-derived as
/// `direct` (all inside the marks) or `mixed`. Returns whether the kind changed.
pub fn correct_kind(q: &mut GoldQuote, text: &str) -> bool {
    if q.kind != "indirect" {
        return false;
    }
    let chars: Vec<char> = text
        .chars()
        .skip(q.start)
        .take(q.end.saturating_sub(q.start))
        .collect();
    let span: String = chars.iter().collect();
    if !span.contains("''") {
        return false;
    }
    let trimmed = span.trim();
    let kind = if trimmed.starts_with("''")
        && trimmed.ends_with("''")
        && trimmed.matches("''").count() == 2
    {
        "direct"
    } else {
        "mixed"
    };
    q.kind = kind.to_string();
    true
}

/// Names compare without titles, determiners, case and punctuation.
pub fn normalize_name(s: &str) -> String {
    const DROP: &[&str] = &[
        "the",
        "a",
        "an",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "dame",
        "lord",
        "lady",
        "prof",
        "rev",
        "sen",
        "rep",
        "gov",
        "gen",
        "president",
        "spokesman",
        "spokeswoman",
        "spokesperson",
    ];
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !DROP.contains(&w.as_str()))
        .collect::<Vec<_>>()
        .join(" ")
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// Greedy one-to-one matching of gold and predicted spans by overlap ratio above `threshold`.
fn match_pairs(
    gold: &[(usize, usize)],
    pred: &[(usize, usize)],
    threshold: f64,
) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        let len = (g.1 - g.0).max(1) as f64;
        for (pi, p) in pred.iter().enumerate() {
            let r = overlap(*g, *p) as f64 / len;
            if r > threshold {
                pairs.push((r, gi, pi));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut gu, mut pu) = (vec![false; gold.len()], vec![false; pred.len()]);
    let mut out = Vec::new();
    for (_, g, p) in pairs {
        if !gu[g] && !pu[p] {
            gu[g] = true;
            pu[p] = true;
            out.push((g, p));
        }
    }
    out
}

/// The name a record offers: its speaker, or its mention when the speaker is unknown.
fn offered_name(r: &Attribution) -> String {
    if r.speaker.is_empty() {
        normalize_name(&r.speaker_mention)
    } else {
        normalize_name(&r.speaker)
    }
}

/// Scores so far, overall and per kind.
#[derive(Debug, Clone, Default)]
pub struct QuoteScore {
    /// Counts by kind: `all`, `direct`, `mixed` and `indirect`.
    pub by_kind: BTreeMap<String, KindScore>,
}

impl QuoteScore {
    /// Adds one document's predictions.
    pub fn add(&mut self, gold: &[GoldQuote], pred: &[Attribution]) {
        for kind in ["all", "direct", "mixed", "indirect"] {
            let g: Vec<&GoldQuote> = gold
                .iter()
                .filter(|q| kind == "all" || q.kind == kind)
                .collect();
            let p: Vec<&Attribution> = pred
                .iter()
                .filter(|r| kind == "all" || r.kind.as_str() == kind)
                .collect();
            let gs: Vec<(usize, usize)> = g.iter().map(|q| (q.start, q.end)).collect();
            let ps: Vec<(usize, usize)> = p.iter().map(|r| (r.quote_start, r.quote_end)).collect();
            let s = self.by_kind.entry(kind.to_string()).or_default();
            s.gold += g.len();
            s.predicted += p.len();
            s.found_08 += match_pairs(&gs, &ps, 0.8).len();
            let found = match_pairs(&gs, &ps, 0.3);
            s.found_03 += found.len();
            for (gi, pi) in found {
                let (gq, pr) = (g[gi], p[pi]);
                let span_right = match (
                    gq.speaker_start,
                    gq.speaker_end,
                    pr.speaker_start,
                    pr.speaker_end,
                ) {
                    (Some(a), Some(b), Some(c), Some(d)) => Some(overlap((a, b), (c, d)) > 0),
                    (Some(_), Some(_), _, _) => Some(false),
                    _ => None,
                };
                if let Some(ok) = span_right {
                    s.speaker_checked += 1;
                    s.speaker_right += ok as usize;
                }
                let name_right = gq
                    .speaker_resolved
                    .as_ref()
                    .map(|n| normalize_name(n) == offered_name(pr));
                if let Some(ok) = name_right {
                    s.name_checked += 1;
                    s.name_right += ok as usize;
                }
                s.e2e_right += name_right.or(span_right).unwrap_or(false) as usize;
            }
        }
    }
}

/// The report printed by `whosaid eval quotes`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The gold file's name.
    pub gold_file: String,
    /// Documents scored.
    pub documents: usize,
    /// Words (separated by white space) in their texts.
    pub words: usize,
    /// Seconds spent running the pipeline.
    pub seconds: f64,
    /// Pipeline speed, words per second.
    pub words_per_second: f64,
    /// Gold quotes whose kind was re-derived (see `correct_kind`).
    pub relabelled: usize,
    /// Scores by kind: `all`, `direct`, `mixed` and `indirect`.
    pub rows: BTreeMap<String, Row>,
}

impl Report {
    /// A report of the scores of `documents` documents holding `words` words, run in `seconds`;
    /// `relabelled` starts at 0.
    pub fn new(
        file: &str,
        score: &QuoteScore,
        documents: usize,
        words: usize,
        seconds: f64,
    ) -> Self {
        Report {
            gold_file: file.to_string(),
            documents,
            words,
            seconds,
            words_per_second: words as f64 / seconds.max(1e-9),
            relabelled: 0,
            rows: score
                .by_kind
                .iter()
                .map(|(k, v)| (k.clone(), v.row()))
                .collect(),
        }
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{} ({} documents)", self.gold_file, self.documents)?;
        writeln!(
            f,
            "{:<9}{:>6}{:>6} | {:>6}{:>6}{:>6} | {:>6}{:>6}{:>6} | {:>8}{:>7} | {:>7}",
            "kind",
            "gold",
            "pred",
            "P@.3",
            "R@.3",
            "F1@.3",
            "P@.8",
            "R@.8",
            "F1@.8",
            "speaker",
            "name",
            "e2e F1"
        )?;
        let opt = |x: Option<f64>| x.map(|v| format!("{v:.1}")).unwrap_or_else(|| "-".into());
        for k in ["all", "direct", "mixed", "indirect"] {
            let Some(r) = self.rows.get(k) else { continue };
            writeln!(
                f,
                "{:<9}{:>6}{:>6} | {:>6.1}{:>6.1}{:>6.1} | {:>6.1}{:>6.1}{:>6.1} | {:>8}{:>7} | {:>7.1}",
                k,
                r.gold,
                r.predicted,
                r.precision_03,
                r.recall_03,
                r.f1_03,
                r.precision_08,
                r.recall_08,
                r.f1_08,
                opt(r.speaker_accuracy),
                opt(r.name_accuracy),
                r.e2e_f1
            )?;
        }
        if self.relabelled > 0 {
            writeln!(
                f,
                "gold kinds: {} quotes marked with '' counted as direct or mixed (--raw-kinds keeps them as given)",
                self.relabelled
            )?;
        }
        writeln!(
            f,
            "speed: {} words in {:.2} s, {:.0} words/s (whole pipeline)",
            self.words, self.seconds, self.words_per_second
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise() {
        assert_eq!(normalize_name("Mr. Trump"), "trump");
        assert_eq!(
            normalize_name("The US State Department"),
            "us state department"
        );
        assert_eq!(
            normalize_name("Heidi Alexander"),
            normalize_name("heidi  alexander.")
        );
    }

    #[test]
    fn matching_is_one_to_one() {
        let gold = [(0, 10), (20, 30)];
        let pred = [(0, 30)];
        assert_eq!(match_pairs(&gold, &pred, 0.3).len(), 1);
        assert_eq!(match_pairs(&[(0, 10)], &[(7, 20)], 0.3).len(), 0);
        assert_eq!(match_pairs(&[(0, 10)], &[(6, 20)], 0.3).len(), 1);
        assert_eq!(match_pairs(&[(0, 10)], &[(1, 10)], 0.8).len(), 1);
    }
}
