//! Exact-span entity scoring, as conlleval defines it: a predicted entity is correct when its type
//! and both boundaries match a gold entity.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::ner::{EntityType, Label, spans_from_labels};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// Accumulated counts, overall and per entity type.
#[derive(Debug, Clone, Default)]
pub struct NerScore {
    pub overall: Counts,
    pub by_type: BTreeMap<EntityType, Counts>,
    pub tokens: usize,
}

impl NerScore {
    /// Adds one sentence. Both sequences must be valid IOB2 of the same length.
    pub fn add(&mut self, gold: &[Label], pred: &[Label]) {
        debug_assert_eq!(gold.len(), pred.len());
        self.tokens += gold.len();
        let g = spans_from_labels(gold);
        let p = spans_from_labels(pred);
        for (t, _) in &g {
            self.overall.gold += 1;
            self.by_type.entry(*t).or_default().gold += 1;
        }
        for (t, r) in &p {
            self.overall.predicted += 1;
            let c = self.by_type.entry(*t).or_default();
            c.predicted += 1;
            if g.iter().any(|(gt, gr)| gt == t && gr == r) {
                c.correct += 1;
                self.overall.correct += 1;
            }
        }
    }
}

/// Scores and speed, as printed by `whosaid eval ner`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub model: String,
    pub overall: Row,
    pub by_type: BTreeMap<String, Row>,
    pub tokens: usize,
    pub seconds: f64,
    pub tokens_per_second: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl From<&Counts> for Row {
    fn from(c: &Counts) -> Self {
        Row {
            precision: c.precision(),
            recall: c.recall(),
            f1: c.f1(),
            gold: c.gold,
            predicted: c.predicted,
            correct: c.correct,
        }
    }
}

impl Report {
    pub fn new(score: &NerScore, seconds: f64, model: &str) -> Self {
        Report {
            model: model.to_string(),
            overall: (&score.overall).into(),
            by_type: score
                .by_type
                .iter()
                .map(|(t, c)| (t.to_string(), c.into()))
                .collect(),
            tokens: score.tokens,
            seconds,
            tokens_per_second: score.tokens as f64 / seconds.max(1e-9),
        }
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "model: {}", self.model)?;
        writeln!(
            f,
            "{:<8} {:>9} {:>7} {:>7} {:>6} {:>6} {:>6}",
            "type", "precision", "recall", "F1", "gold", "pred", "right"
        )?;
        let rows = self
            .by_type
            .iter()
            .map(|(k, v)| (k.as_str(), v))
            .chain([("overall", &self.overall)]);
        for (name, r) in rows {
            writeln!(
                f,
                "{:<8} {:>9.2} {:>7.2} {:>7.2} {:>6} {:>6} {:>6}",
                name, r.precision, r.recall, r.f1, r.gold, r.predicted, r.correct
            )?;
        }
        writeln!(
            f,
            "{} tokens in {:.3} s: {:.0} tokens/s (tagging only)",
            self.tokens, self.seconds, self.tokens_per_second
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(s: &str) -> Vec<Label> {
        s.split_whitespace()
            .map(|t| Label::parse(t).unwrap())
            .collect()
    }

    #[test]
    fn exact_spans_only() {
        let mut s = NerScore::default();
        s.add(
            &labels("B-PER I-PER O B-LOC O"),
            &labels("B-PER I-PER O B-LOC I-LOC"),
        );
        s.add(&labels("B-ORG O"), &labels("B-ORG O"));
        assert_eq!(
            s.overall,
            Counts {
                gold: 3,
                predicted: 3,
                correct: 2
            }
        );
        assert_eq!(
            s.by_type[&EntityType::Loc],
            Counts {
                gold: 1,
                predicted: 1,
                correct: 0
            }
        );
        assert!((s.overall.f1() - 66.666).abs() < 0.01);
        assert_eq!(s.tokens, 7);
    }
}
