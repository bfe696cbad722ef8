//! Scores beside the overlap table of `quotes`: exact-match span precision, recall and F1 for
//! content and source (the measure of sequence-labelling work on attribution corpora such as
//! PolNeAR), records by rule and by cue type, and a reliability table (records by confidence
//! band, share right) that says whether `confidence` can be read as a probability.
//!
//! Exact match: a span is trimmed of white space, quote marks and punctuation at both edges
//! before comparing, and each document's spans are compared as sets (a source that speaks twice
//! is one span, as in a BIO labelling), so a predicted span is right when a gold span of the same
//! document has the same trimmed offsets.
//!
//! A record is *right* when it is matched to a gold quote at overlap 0.3 (the one-to-one matching
//! of all kinds) and, where the gold quote has a speaker mention, its speaker mention overlaps it.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

/// What one record came to: its rule, cue type and confidence, and how it scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordOutcome {
    /// The record's rule (`rule` column).
    pub rule: String,
    /// The record's cue type (`cue_type` column).
    pub cue_type: String,
    /// The record's confidence.
    pub confidence: f32,
    /// Matched to a gold quote at overlap 0.3.
    pub matched: bool,
    /// Matched, with the right speaker mention where the gold has one.
    pub right: bool,
}

/// Whether a character is trimmed from the edges of a span before exact comparison.
fn trimmed(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\''
                | '`'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '«'
                | '»'
                | '„'
                | '‚'
                | '.'
                | ','
                | ';'
                | ':'
                | '!'
                | '?'
                | '-'
                | '–'
                | '—'
                | '…'
                | '('
                | ')'
                | '['
                | ']'
        )
}

/// The span `(start, end)` of `chars` (code points) less its trimmed edges; `None` when nothing
/// is left or the span lies outside the text.
pub fn trim_span(chars: &[char], (mut start, mut end): (usize, usize)) -> Option<(usize, usize)> {
    end = end.min(chars.len());
    while start < end && trimmed(chars[start]) {
        start += 1;
    }
    while end > start && trimmed(chars[end - 1]) {
        end -= 1;
    }
    (start < end).then_some((start, end))
}

/// Exact-match counts for one kind of span.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct ExactCount {
    /// Distinct gold spans (per document).
    pub gold: usize,
    /// Distinct predicted spans (per document).
    pub predicted: usize,
    /// Predicted spans equal to a gold span.
    pub right: usize,
}

impl ExactCount {
    /// Adds one document's gold and predicted spans (code points; trimmed here).
    pub fn add(
        &mut self,
        chars: &[char],
        gold: impl Iterator<Item = (usize, usize)>,
        pred: impl Iterator<Item = (usize, usize)>,
    ) {
        let g: BTreeSet<_> = gold.filter_map(|s| trim_span(chars, s)).collect();
        let p: BTreeSet<_> = pred.filter_map(|s| trim_span(chars, s)).collect();
        self.gold += g.len();
        self.predicted += p.len();
        self.right += g.intersection(&p).count();
    }

    /// Precision, recall and F1 in percent.
    pub fn prf(&self) -> ExactRow {
        let p = pct0(self.right, self.predicted);
        let r = pct0(self.right, self.gold);
        ExactRow {
            gold: self.gold,
            predicted: self.predicted,
            right: self.right,
            precision: p,
            recall: r,
            f1: if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            },
        }
    }
}

fn pct0(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// Exact-match precision, recall and F1 of one kind of span.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ExactRow {
    /// Distinct gold spans.
    pub gold: usize,
    /// Distinct predicted spans.
    pub predicted: usize,
    /// Predicted spans equal to a gold span.
    pub right: usize,
    /// In percent.
    pub precision: f64,
    /// In percent.
    pub recall: f64,
    /// In percent.
    pub f1: f64,
}

/// Records of one rule or cue type.
#[derive(Debug, Clone, Serialize)]
pub struct GroupRow {
    /// The rule or cue type.
    pub name: String,
    /// Records.
    pub records: usize,
    /// Records matched at overlap 0.3, in percent.
    pub precision_03: f64,
    /// Records right (matched, right speaker mention), in percent.
    pub right: f64,
    /// Mean confidence, 0..1.
    pub mean_confidence: f64,
}

/// Records grouped by `key`, largest group first.
pub fn groups(records: &[RecordOutcome], key: impl Fn(&RecordOutcome) -> &str) -> Vec<GroupRow> {
    let mut m: BTreeMap<&str, (usize, usize, usize, f64)> = BTreeMap::new();
    for r in records {
        let e = m.entry(key(r)).or_default();
        e.0 += 1;
        e.1 += r.matched as usize;
        e.2 += r.right as usize;
        e.3 += r.confidence as f64;
    }
    let mut rows: Vec<GroupRow> = m
        .into_iter()
        .map(|(name, (n, matched, right, conf))| GroupRow {
            name: if name.is_empty() {
                "(none)".into()
            } else {
                name.to_string()
            },
            records: n,
            precision_03: pct0(matched, n),
            right: pct0(right, n),
            mean_confidence: conf / n as f64,
        })
        .collect();
    rows.sort_by(|a, b| b.records.cmp(&a.records).then(a.name.cmp(&b.name)));
    rows
}

/// One confidence band of the reliability table.
#[derive(Debug, Clone, Serialize)]
pub struct Band {
    /// Lowest confidence in the band.
    pub from: f64,
    /// Highest confidence in the band (exclusive, but for the last band).
    pub to: f64,
    /// Records.
    pub records: usize,
    /// Mean confidence of the band's records, 0..1.
    pub mean_confidence: f64,
    /// Share of the band's records that are right, 0..1.
    pub share_right: f64,
}

/// Records in ten confidence bands of width 0.1 (empty bands left out).
pub fn reliability(records: &[RecordOutcome]) -> Vec<Band> {
    let mut bands = vec![(0usize, 0usize, 0f64); 10];
    for r in records {
        let b = ((r.confidence.clamp(0.0, 1.0) * 10.0) as usize).min(9);
        bands[b].0 += 1;
        bands[b].1 += r.right as usize;
        bands[b].2 += r.confidence as f64;
    }
    bands
        .into_iter()
        .enumerate()
        .filter(|(_, b)| b.0 > 0)
        .map(|(i, (n, right, conf))| Band {
            from: i as f64 / 10.0,
            to: (i + 1) as f64 / 10.0,
            records: n,
            mean_confidence: conf / n as f64,
            share_right: right as f64 / n as f64,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_trimmed_of_marks_spaces_and_edge_punctuation() {
        let text: Vec<char> = "He said: “We won.” Then".chars().collect();
        // " “We won.”" (8..18) trims to "We won" (10..16).
        assert_eq!(trim_span(&text, (8, 18)), Some((10, 16)));
        assert_eq!(trim_span(&text, (7, 9)), None);
        assert_eq!(trim_span(&text, (0, 2)), Some((0, 2)));
        // The doubled apostrophe of some archives counts as a quote mark.
        let t: Vec<char> = "''No,'' he said".chars().collect();
        assert_eq!(trim_span(&t, (0, 7)), Some((2, 4)));
    }

    #[test]
    fn exact_match_compares_distinct_trimmed_spans() {
        let text: Vec<char> = "“It works,” Ann said. Bob said it fails.".chars().collect();
        let mut c = ExactCount::default();
        // Gold: the quote with its marks, and "it fails"; predicted: the quote without its marks
        // (the same once trimmed), and a wrong span, twice (counted once).
        c.add(
            &text,
            [(0, 11), (31, 39)].into_iter(),
            [(1, 9), (27, 39), (27, 39)].into_iter(),
        );
        assert_eq!((c.gold, c.predicted, c.right), (2, 2, 1));
        let row = c.prf();
        assert!((row.f1 - 50.0).abs() < 1e-9);
    }

    fn rec(rule: &str, confidence: f32, right: bool) -> RecordOutcome {
        RecordOutcome {
            rule: rule.into(),
            cue_type: "speech".into(),
            confidence,
            matched: right,
            right,
        }
    }

    #[test]
    fn groups_and_bands() {
        let r = [
            rec("a", 0.95, true),
            rec("a", 0.91, false),
            rec("b", 0.42, true),
            rec("b", 1.0, true),
        ];
        let g = groups(&r, |r| &r.rule);
        assert_eq!(g.len(), 2);
        assert_eq!((g[0].name.as_str(), g[0].records), ("a", 2));
        assert!((g[0].precision_03 - 50.0).abs() < 1e-9);
        let b = reliability(&r);
        assert_eq!(b.len(), 2);
        assert_eq!((b[0].from, b[0].records), (0.4, 1));
        // 1.0 falls in the last band.
        assert_eq!((b[1].from, b[1].records), (0.9, 3));
        assert!((b[1].share_right - 2.0 / 3.0).abs() < 1e-9);
    }
}
