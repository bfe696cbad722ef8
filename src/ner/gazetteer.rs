//! Entity lists learnt from training data: which token sequences were seen as which entity types.
//!
//! Names and token sequences are stored as 64-bit hashes, so the list is compact in the model file
//! and matching needs no allocation.

use std::borrow::Borrow;
use std::collections::HashMap;

use super::{EntityType, Label, spans_from_labels};
use crate::tagging::codec::{DecodeError, Reader, decode_map, encode_map};
use crate::tagging::features::{GazetteerHit, TokenInfo};
use crate::tagging::hash::{IdHasher, hash_str, mix};

/// Longest entity (in tokens) the matcher looks for.
pub const MAX_LEN: usize = 6;

/// Type bit masks (bit = `EntityType::index`) for whole names and for single words inside names.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    pub names: HashMap<u64, u8, IdHasher>,
    pub words: HashMap<u64, u8, IdHasher>,
}

fn key_of(words: &[u64]) -> u64 {
    words.iter().fold(0x9e37_79b9_7f4a_7c15, |h, &w| mix(h, w))
}

impl Gazetteer {
    /// Adds the entities of a labelled sentence (`words` are normalised token forms).
    pub fn add_sentence(&mut self, words: &[&str], labels: &[Label]) {
        let hashes: Vec<u64> = words.iter().map(|w| hash_str(0, w)).collect();
        for (t, r) in spans_from_labels(labels) {
            if r.len() <= MAX_LEN {
                *self.names.entry(key_of(&hashes[r.clone()])).or_default() |= 1 << t.index();
            }
            for &h in &hashes[r] {
                *self.words.entry(h).or_default() |= 1 << t.index();
            }
        }
    }

    /// Matches a sentence (`word_hashes` = `hash_str(0, normalised form)` of each token). At every
    /// start the longest listed name wins.
    pub fn hits(&self, word_hashes: &[u64]) -> Vec<GazetteerHit> {
        let n = word_hashes.len();
        let mut out = vec![GazetteerHit::default(); n];
        for i in 0..n {
            out[i].word_bits = self.words.get(&word_hashes[i]).copied().unwrap_or(0);
            let mut best: Option<(usize, u8)> = None;
            let mut h = 0x9e37_79b9_7f4a_7c15u64;
            for j in i..n.min(i + MAX_LEN) {
                h = mix(h, word_hashes[j]);
                if let Some(&bits) = self.names.get(&h) {
                    best = Some((j + 1, bits));
                }
            }
            if let Some((end, bits)) = best {
                for t in EntityType::ALL {
                    if bits & (1 << t.index()) != 0 {
                        out[i].name_bits |= 1 << (2 * t.index());
                        for hit in &mut out[i + 1..end] {
                            hit.name_bits |= 1 << (2 * t.index() + 1);
                        }
                    }
                }
            }
        }
        out
    }

    pub fn encode(&self, out: &mut Vec<u8>) {
        encode_map(&self.names, out);
        encode_map(&self.words, out);
    }

    pub(crate) fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Gazetteer {
            names: decode_map(r)?,
            words: decode_map(r)?,
        })
    }
}

/// Gazetteer hits for a sentence.
pub fn gazetteer_hits<I: Borrow<TokenInfo>>(gaz: &Gazetteer, infos: &[I]) -> Vec<GazetteerHit> {
    let hashes: Vec<u64> = infos.iter().map(|t| t.borrow().h_norm).collect();
    gaz.hits(&hashes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_longest_names() {
        let mut g = Gazetteer::default();
        let l = |s: &str| Label::parse(s).unwrap();
        g.add_sentence(
            &["New", "York", "Times", "said"],
            &[l("B-ORG"), l("I-ORG"), l("I-ORG"), l("O")],
        );
        g.add_sentence(&["in", "New", "York"], &[l("O"), l("B-LOC"), l("I-LOC")]);
        let words = ["the", "New", "York", "Times"];
        let hashes: Vec<u64> = words.iter().map(|w| hash_str(0, w)).collect();
        let hits = g.hits(&hashes);
        assert_eq!(hits[0], GazetteerHit::default());
        assert_eq!(hits[1].name_bits, 1 << (2 * EntityType::Org.index()));
        assert_eq!(hits[3].name_bits, 1 << (2 * EntityType::Org.index() + 1));
        assert_eq!(
            hits[1].word_bits,
            (1 << EntityType::Org.index()) | (1 << EntityType::Loc.index())
        );
    }
}
