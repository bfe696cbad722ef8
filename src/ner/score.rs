//! Exact-span entity scoring, as conlleval defines it: a predicted entity is correct when its type
//! and both boundaries match a gold entity. Used to choose epochs in training and by `eval ner`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{EntityType, Label, spans_from_labels};

/// Entity counts for one entity type (or all types).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Entities in the gold data.
    pub gold: usize,
    /// Entities predicted.
    pub predicted: usize,
    /// Predicted entities whose type and boundaries match a gold entity.
    pub correct: usize,
}

impl Counts {
    /// Correct entities among the predicted ones, in percent (0 when none was predicted).
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }
    /// Gold entities found, in percent (0 when the gold has none).
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
    /// Harmonic mean of precision and recall, in percent (0 when both are 0).
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
    /// Counts over all entity types.
    pub overall: Counts,
    /// Counts per entity type.
    pub by_type: BTreeMap<EntityType, Counts>,
    /// Tokens scored.
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
