//! Exact-span entity scoring, as conlleval defines it: a predicted entity is correct when its type
//! and both boundaries match a gold entity.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::Result;
use crate::io::conll::ConllDocument;
use crate::ner::gold::gold_tags;
pub use crate::ner::score::{Counts, NerScore};
use crate::ner::{EntityTagger, Label, labels_from_entities, tag_conll};

/// Tags the documents of a CoNLL file (in parallel) and scores them against its last column;
/// `name` is the file's name in messages and the report.
pub fn evaluate(tagger: &dyn EntityTagger, docs: &[ConllDocument], name: &str) -> Result<Report> {
    let gold = gold_tags(docs, name)?;
    let start = std::time::Instant::now();
    let predicted = tag_conll(tagger, docs)?;
    let seconds = start.elapsed().as_secs_f64();
    let mut score = NerScore::default();
    for (gdoc, pdoc) in gold.iter().zip(&predicted) {
        for (g, p) in gdoc.iter().zip(pdoc) {
            let gl: Vec<Label> = g
                .tags
                .iter()
                .map(|t| Label::parse(t).unwrap_or(Label::O))
                .collect();
            score.add(&gl, &labels_from_entities(p, g.tokens.len()));
        }
    }
    Ok(Report::new(&score, seconds, &tagger.name()))
}

/// Scores and speed, as printed by `whosaid eval ner`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The tagger's name.
    pub model: String,
    /// Scores over all entity types.
    pub overall: Row,
    /// Scores per entity type, by type name (`PER`, `ORG`, `LOC`, `MISC`).
    pub by_type: BTreeMap<String, Row>,
    /// Tokens scored.
    pub tokens: usize,
    /// Seconds spent tagging.
    pub seconds: f64,
    /// Tagging speed, tokens per second.
    pub tokens_per_second: f64,
}

/// Exact-span scores for one entity type (or all types).
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Correct entities among the predicted ones, in percent (0 to 100).
    pub precision: f64,
    /// Gold entities found, in percent (0 to 100).
    pub recall: f64,
    /// Harmonic mean of precision and recall, in percent (0 to 100).
    pub f1: f64,
    /// Entities in the gold data.
    pub gold: usize,
    /// Entities predicted.
    pub predicted: usize,
    /// Predicted entities whose type and boundaries match a gold entity.
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
    /// A report from accumulated scores, the seconds spent tagging and the tagger's name.
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
    use crate::ner::EntityType;

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
