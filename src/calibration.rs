//! Calibrated confidence: a map from a record's raw confidence (what its rule and, for a model's
//! records, the model's score give) to the probability that the record is right, fitted on
//! held-out gold data (`whosaid eval quotes --fit-calibration`).
//!
//! The map is one isotonic (non-decreasing, pool-adjacent-violators) step function per rule id
//! with enough records, and one pooled over all records for the other rules and for rule ids
//! the table does not know (a rule added after the fit). A record is right when it matches a
//! gold quote at overlap 0.3 with the right speaker mention (see `eval::breakdown`).
//!
//! The shipped table is `models/calibration.tsv`: a text file of tab-separated lines
//! `rule  raw_up_to  confidence  records`, one per step, the pooled steps under the rule `*`;
//! lines starting with `#` are comments. A raw confidence takes the confidence of the first step
//! of its rule whose `raw_up_to` is at or above it (the last step above them all). Without the
//! file, confidences stay raw.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Result};

/// The file name of the shipped table, looked up like the other models.
pub const FILE: &str = "calibration.tsv";

/// The rule name of the pooled steps.
pub const POOLED: &str = "*";

/// Fewest records for a rule of its own; rarer rules use the pooled steps.
pub const MIN_RECORDS: usize = 50;

/// One step: raw confidences up to `raw_up_to` map to `confidence`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// The highest raw confidence of the step.
    pub raw_up_to: f32,
    /// The calibrated confidence, 0..1.
    pub confidence: f32,
    /// Records the step was fitted on.
    pub records: usize,
}

/// Step functions by rule name, and the pooled one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Calibration {
    /// Steps by rule name (the pooled ones under [`POOLED`]), raw confidences increasing.
    pub steps: BTreeMap<String, Vec<Step>>,
}

impl Calibration {
    /// The calibrated confidence of a record of rule `rule` with raw confidence `raw`.
    pub fn apply(&self, rule: &str, raw: f32) -> f32 {
        let Some(steps) = self.steps.get(rule).or_else(|| self.steps.get(POOLED)) else {
            return raw;
        };
        steps
            .iter()
            .find(|s| raw <= s.raw_up_to)
            .or(steps.last())
            .map_or(raw, |s| s.confidence)
    }

    /// Fits the steps on `(rule, raw confidence, right)` triples: a rule with at least
    /// `min_records` records gets its own steps, and every record counts in the pooled ones.
    pub fn fit(records: &[(String, f32, bool)], min_records: usize) -> Self {
        let mut by_rule: BTreeMap<&str, Vec<(f32, bool)>> = BTreeMap::new();
        for (rule, raw, right) in records {
            by_rule.entry(rule).or_default().push((*raw, *right));
        }
        let mut steps = BTreeMap::new();
        for (rule, points) in by_rule {
            if points.len() >= min_records && rule != POOLED {
                steps.insert(rule.to_string(), isotonic(points));
            }
        }
        let all: Vec<(f32, bool)> = records.iter().map(|(_, r, ok)| (*r, *ok)).collect();
        if !all.is_empty() {
            steps.insert(POOLED.to_string(), isotonic(all));
        }
        Calibration { steps }
    }

    /// Reads a table; `Ok(None)` when the file does not exist.
    pub fn load(path: &Path) -> Result<Option<Self>> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(Error::Calibration {
                    path: path.to_path_buf(),
                    message: e.to_string(),
                });
            }
        };
        Self::parse(&text)
            .map(Some)
            .map_err(|(line, message)| Error::Calibration {
                path: path.to_path_buf(),
                message: format!("line {line}: {message}"),
            })
    }

    /// Parses a table; an error names the line (from 1) and what is wrong.
    pub fn parse(text: &str) -> std::result::Result<Self, (usize, String)> {
        let mut steps: BTreeMap<String, Vec<Step>> = BTreeMap::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 4 {
                return Err((
                    i + 1,
                    format!("expected 4 tab-separated fields, found {}", f.len()),
                ));
            }
            let num = |s: &str| {
                s.trim()
                    .parse::<f32>()
                    .map_err(|e| (i + 1, format!("{s:?}: {e}")))
            };
            let records = f[3]
                .trim()
                .parse::<usize>()
                .map_err(|e| (i + 1, format!("{:?}: {e}", f[3])))?;
            let step = Step {
                raw_up_to: num(f[1])?,
                confidence: num(f[2])?,
                records,
            };
            if !(0.0..=1.0).contains(&step.confidence) {
                return Err((
                    i + 1,
                    format!("confidence {} outside 0..1", step.confidence),
                ));
            }
            let rule = steps.entry(f[0].to_string()).or_default();
            if rule.last().is_some_and(|s| s.raw_up_to >= step.raw_up_to) {
                return Err((i + 1, "raw confidences of a rule must increase".into()));
            }
            rule.push(step);
        }
        Ok(Calibration { steps })
    }

    /// The table as text, with a header comment.
    pub fn to_tsv(&self) -> String {
        let mut out = String::from(
            "# whosaid confidence calibration: rule, raw confidence up to, calibrated confidence, \
             records fitted on (rule * = pooled)\n",
        );
        for (rule, steps) in &self.steps {
            for s in steps {
                out.push_str(&format!(
                    "{rule}\t{:.3}\t{:.3}\t{}\n",
                    s.raw_up_to, s.confidence, s.records
                ));
            }
        }
        out
    }
}

/// Isotonic regression of rightness on raw confidence (pool adjacent violators), one step per
/// pooled block; a block's confidence is its share right with one right and one wrong record
/// added, so that no step says 0 or 1.
fn isotonic(mut points: Vec<(f32, bool)>) -> Vec<Step> {
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Blocks: (highest raw, right, records); equal raw confidences share a block.
    let mut blocks: Vec<(f32, usize, usize)> = Vec::new();
    for (raw, right) in points {
        match blocks.last_mut() {
            Some(b) if b.0 == raw => {
                b.1 += right as usize;
                b.2 += 1;
            }
            _ => blocks.push((raw, right as usize, 1)),
        }
        while blocks.len() >= 2 {
            let n = blocks.len();
            let (a, b) = (blocks[n - 2], blocks[n - 1]);
            if (a.1 as f64) / (a.2 as f64) < (b.1 as f64) / (b.2 as f64) {
                break;
            }
            blocks.pop();
            blocks[n - 2] = (b.0, a.1 + b.1, a.2 + b.2);
        }
    }
    blocks
        .into_iter()
        .map(|(raw, right, n)| Step {
            raw_up_to: raw,
            confidence: (right as f32 + 1.0) / (n as f32 + 2.0),
            records: n,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recs(rule: &str, raw: f32, right: usize, wrong: usize) -> Vec<(String, f32, bool)> {
        let mut v = vec![(rule.to_string(), raw, true); right];
        v.extend(vec![(rule.to_string(), raw, false); wrong]);
        v
    }

    #[test]
    fn isotonic_steps_never_go_down() {
        // 0.5: 9 of 10 right, 0.7: 5 of 10, 0.9: 19 of 20: the first two pool.
        let mut r = recs("a", 0.5, 9, 1);
        r.extend(recs("a", 0.7, 5, 5));
        r.extend(recs("a", 0.9, 19, 1));
        let c = Calibration::fit(&r, 10);
        let a = &c.steps["a"];
        assert_eq!(a.len(), 2, "{a:?}");
        assert_eq!((a[0].raw_up_to, a[0].records), (0.7, 20));
        assert!((a[0].confidence - 15.0 / 22.0).abs() < 1e-6);
        assert!((c.apply("a", 0.5) - 15.0 / 22.0).abs() < 1e-6);
        assert!((c.apply("a", 0.95) - 20.0 / 22.0).abs() < 1e-6);
    }

    #[test]
    fn rare_and_unknown_rules_use_the_pooled_steps() {
        let mut r = recs("common", 0.9, 40, 20);
        r.extend(recs("rare", 0.9, 1, 1));
        let c = Calibration::fit(&r, 50);
        assert!(c.steps.contains_key("common"));
        assert!(!c.steps.contains_key("rare"));
        let pooled = 42.0 / 64.0;
        assert!((c.apply("rare", 0.9) - pooled).abs() < 1e-6);
        assert!((c.apply("model:new", 0.9) - pooled).abs() < 1e-6);
        // No table at all: raw.
        assert_eq!(Calibration::default().apply("x", 0.42), 0.42);
    }

    #[test]
    fn table_round_trips_and_bad_lines_are_named() {
        let mut r = recs("a", 0.6, 30, 30);
        r.extend(recs("a", 0.9, 50, 5));
        let c = Calibration::fit(&r, 10);
        let back = Calibration::parse(&c.to_tsv()).unwrap();
        assert_eq!(back.steps.keys().collect::<Vec<_>>(), ["*", "a"]);
        assert!((back.apply("a", 0.6) - c.apply("a", 0.6)).abs() < 1e-3);
        let err = Calibration::parse("# c\na\t0.5\t0.9\t3\na\t0.4\t0.9\t3\n").unwrap_err();
        assert_eq!(err.0, 3);
        assert_eq!(Calibration::parse("a\t0.5\t0.9\n").unwrap_err().0, 1);
    }
}
