//! The transformer and the fast linear tagger read as one (a product of experts): each word's
//! label distribution is the weighted geometric mean of the transformer's probabilities and the
//! fast model's marginals, renormalised, then decoded like the transformer's own (Viterbi under
//! IOB2 constraints).
//!
//! The two models err differently: the fast one carries entity lists, casing statistics and how
//! the same word was tagged elsewhere in the document, which the transformer has to infer from a
//! window of text. Their mix is better than either on CoNLL++ dev, at the transformer's speed (the
//! fast model costs under 1% of it).

use super::perceptron::PerceptronTagger;
use super::transformer::{self, TransformerTagger};
use super::{Entity, EntityTagger, NUM_LABELS};
use crate::text::segment::Token;

/// The transformer's share of the mix (the fast model has the rest), chosen on CoNLL++ dev among
/// 0.6 to 0.95 with the shipped models.
pub const TRANSFORMER_WEIGHT: f32 = 0.85;

/// The transformer and the fast tagger mixed, label by label, as one tagger.
pub struct CombinedTagger {
    /// The transformer tagger.
    pub transformer: TransformerTagger,
    /// The fast linear tagger.
    pub fast: PerceptronTagger,
    /// The transformer's share, 0..=1.
    pub weight: f32,
}

/// Mixes two distributions over our labels in place: `p^w * q^(1-w)`, renormalised.
pub fn mix(p: &mut [f32; NUM_LABELS], q: &[f32], w: f32) {
    let floor = 1e-9f32;
    let mut total = 0.0;
    for (pl, &ql) in p.iter_mut().zip(q) {
        *pl = (w * pl.max(floor).ln() + (1.0 - w) * ql.max(floor).ln()).exp();
        total += *pl;
    }
    for pl in p.iter_mut() {
        *pl /= total;
    }
}

impl EntityTagger for CombinedTagger {
    fn tag_document(
        &self,
        text: &str,
        sentences: &[&[Token]],
    ) -> Result<Vec<Vec<Entity>>, crate::ner::NerError> {
        let mut probs = self.transformer.document_probs(text, sentences)?;
        let fast = self.fast.document_marginals(text, sentences);
        for (sentence, marginals) in probs.iter_mut().zip(&fast.marginals) {
            for (row, q) in sentence.iter_mut().zip(marginals.chunks(NUM_LABELS)) {
                mix(row, q, self.weight);
            }
        }
        Ok(probs
            .iter()
            .zip(sentences)
            .map(|(p, toks)| transformer::decode(p, toks))
            .collect())
    }

    fn name(&self) -> String {
        format!(
            "combined ({:.2} {} + {:.2} {})",
            self.weight,
            self.transformer.name(),
            1.0 - self.weight,
            self.fast.name()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixing_weighs_both_and_stays_a_distribution() {
        let mut p = [0.0f32; NUM_LABELS];
        p[0] = 0.6;
        p[1] = 0.4;
        let mut q = [0.0f32; NUM_LABELS];
        q[0] = 0.1;
        q[1] = 0.9;
        let mut all_p = p;
        mix(&mut all_p, &q, 1.0);
        assert!((all_p[0] - 0.6).abs() < 1e-6, "weight 1 keeps the first");
        let mut all_q = p;
        mix(&mut all_q, &q, 0.0);
        assert!((all_q[1] - 0.9).abs() < 1e-6, "weight 0 keeps the second");
        let mut half = p;
        mix(&mut half, &q, 0.5);
        assert!((half.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        // sqrt(.6 * .1) < sqrt(.4 * .9): the second label wins when both count equally.
        assert!(half[1] > half[0]);
        // Labels both models rule out stay (almost) impossible.
        assert!(half[2] < 1e-6);
    }
}
