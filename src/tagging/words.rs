//! The distinct words of a document, each with what the linear taggers compute from its text
//! alone: its [`TokenInfo`] and the scores that the features reading that word alone give under
//! the tagger's models, once as the token's own word and once for each neighbour position
//! ([`NEIGHBOURS`]). Running text repeats its words (a long article has several times fewer
//! distinct words than tokens), so a token's scores start from the sum of the cached scores of
//! the words around it, and only the features that read more than one word (bigrams, the
//! sentence's context, entity-list matches, document evidence) are looked up per token.

use std::collections::HashMap;

use super::features::{NEIGHBOURS, TokenInfo, neighbour_features, own_features};
use super::hash::{IdHasher, hash_str};
use super::linear::LinearModel;

/// Score slots per word: its own features', then one per neighbour position.
pub const SLOTS: usize = 1 + NEIGHBOURS.len();

/// The most bytes of scores a [`WordTypes`] holds before it starts afresh, so that its memory
/// does not grow with the document.
const MAX_SCORE_BYTES: usize = 4 << 20;

/// The words of a document seen so far (see the module documentation), under one or more models
/// whose labels are laid side by side in each slot.
#[derive(Debug)]
pub struct WordTypes {
    /// Hash of a token's text → its word.
    index: HashMap<u64, u32, IdHasher>,
    /// The texts of the words, one after another (to check each hit).
    texts: String,
    /// Where each word's text ends in `texts`.
    ends: Vec<u32>,
    infos: Vec<TokenInfo>,
    /// [`SLOTS`] slots of `width` scores per word.
    scores: Vec<f32>,
    /// The scores of a position outside the sentence, per slot (the first unused).
    pads: Vec<f32>,
    /// The labels of every model together.
    width: usize,
    /// Where each model's labels start in a slot, and how many they are.
    parts: Vec<(usize, usize)>,
    max_words: usize,
    scratch: Vec<u64>,
}

impl WordTypes {
    /// An empty cache for `models`.
    pub fn new(models: &[&LinearModel]) -> Self {
        let mut parts = Vec::with_capacity(models.len());
        let mut width = 0;
        for m in models {
            parts.push((width, m.n_labels));
            width += m.n_labels;
        }
        let mut pads = vec![0f32; SLOTS * width];
        let mut scratch = Vec::new();
        for (s, &k) in NEIGHBOURS.iter().enumerate() {
            scratch.clear();
            neighbour_features(k, None, &mut scratch);
            let slot = &mut pads[(s + 1) * width..(s + 2) * width];
            for (m, &(start, n)) in models.iter().zip(&parts) {
                m.add_scores(&scratch, &mut slot[start..start + n]);
            }
        }
        WordTypes {
            index: HashMap::default(),
            texts: String::new(),
            ends: Vec::new(),
            infos: Vec::new(),
            scores: Vec::new(),
            pads,
            width,
            parts,
            max_words: (MAX_SCORE_BYTES / (SLOTS * width.max(1) * 4)).max(1024),
            scratch,
        }
    }

    /// Empties the cache when it cannot take `more` new words within its bound; the words held
    /// before are then unknown (their ids are no longer valid).
    pub fn make_room(&mut self, more: usize) {
        if self.infos.len() + more > self.max_words {
            self.index.clear();
            self.texts.clear();
            self.ends.clear();
            self.infos.clear();
            self.scores.clear();
        }
    }

    /// The id of the word `token`, added when new: `info` makes its [`TokenInfo`] (with any
    /// word statistics filled in), and its scores are those of its features under the models,
    /// with `word_bits` (given the info) the entity lists' word evidence ([`own_features`]).
    pub fn id(
        &mut self,
        token: &str,
        info: impl FnOnce(&str) -> TokenInfo,
        word_bits: impl FnOnce(&TokenInfo) -> Option<u8>,
        models: &[&LinearModel],
    ) -> u32 {
        let h = hash_str(0x77_6f72_6473, token);
        if let Some(&id) = self.index.get(&h) {
            if self.text(id) == token {
                return id;
            }
            // Another word with the same hash: this one is added without an index entry.
            return self.add(token, info, word_bits, models, None);
        }
        self.add(token, info, word_bits, models, Some(h))
    }

    fn text(&self, id: u32) -> &str {
        let id = id as usize;
        let start = if id == 0 {
            0
        } else {
            self.ends[id - 1] as usize
        };
        &self.texts[start..self.ends[id] as usize]
    }

    fn add(
        &mut self,
        token: &str,
        info: impl FnOnce(&str) -> TokenInfo,
        word_bits: impl FnOnce(&TokenInfo) -> Option<u8>,
        models: &[&LinearModel],
        hash: Option<u64>,
    ) -> u32 {
        let id = u32::try_from(self.infos.len()).expect("under 4G words");
        let t = info(token);
        let bits = word_bits(&t);
        let w = self.width;
        let start = self.scores.len();
        self.scores.resize(start + SLOTS * w, 0.0);
        let row = &mut self.scores[start..];
        for slot in 0..SLOTS {
            self.scratch.clear();
            if slot == 0 {
                own_features(&t, bits, &mut self.scratch);
            } else {
                neighbour_features(NEIGHBOURS[slot - 1], Some(&t), &mut self.scratch);
            }
            let s = &mut row[slot * w..(slot + 1) * w];
            for (m, &(off, n)) in models.iter().zip(&self.parts) {
                m.add_scores(&self.scratch, &mut s[off..off + n]);
            }
        }
        self.infos.push(t);
        self.texts.push_str(token);
        self.ends.push(self.texts.len() as u32);
        if let Some(h) = hash {
            self.index.insert(h, id);
        }
        id
    }

    /// The [`TokenInfo`] of word `id`.
    #[inline]
    pub fn info(&self, id: u32) -> &TokenInfo {
        &self.infos[id as usize]
    }

    /// Writes into `e` the scores under model `m` (its index in the models given to
    /// [`WordTypes::new`]) of the features that read one word alone of the token at position `i`
    /// of a sentence of `len` tokens: its own word's, then each neighbour's in [`NEIGHBOURS`]
    /// order, a padding row for positions outside the sentence. `id(j)` is the word at `j`.
    #[inline]
    pub fn word_scores(
        &self,
        m: usize,
        i: usize,
        len: usize,
        id: impl Fn(usize) -> u32,
        e: &mut [f32],
    ) {
        let (off, n) = self.parts[m];
        let w = self.width;
        let row = |id: u32, slot: usize| {
            let start = id as usize * SLOTS * w + slot * w + off;
            &self.scores[start..start + n]
        };
        e.copy_from_slice(row(id(i), 0));
        for (s, &k) in NEIGHBOURS.iter().enumerate() {
            let j = i as isize + k;
            let add = if j >= 0 && (j as usize) < len {
                row(id(j as usize), s + 1)
            } else {
                let start = (s + 1) * w + off;
                &self.pads[start..start + n]
            };
            for (x, &y) in e.iter_mut().zip(add) {
                *x += y;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tagging::features::{Window, extract_context_window, extract_window};
    use crate::tagging::linear::{Rng, SentenceFeatures};

    /// A model that weighs every feature (hashes are not known in advance, so every hash the
    /// features of `words` can take gets a row) with small integers, so that sums are exact
    /// whatever their order.
    fn model_for(words: &[&str], n: usize, rng: &mut Rng) -> LinearModel {
        let infos: Vec<TokenInfo> = words.iter().map(|w| TokenInfo::new(w)).collect();
        let mut f = SentenceFeatures::default();
        crate::tagging::features::extract(&infos, None, None, &mut f);
        let mut keys: Vec<u64> = f.feats.clone();
        keys.sort_unstable();
        keys.dedup();
        let weights: Vec<f32> = (0..keys.len() * n)
            .map(|_| rng.below(9) as f32 - 4.0)
            .collect();
        LinearModel::from_dense(&keys, &weights, vec![0.0; (n + 1) * n], n)
    }

    /// A token's word scores plus its context features' scores are the scores of all its
    /// features; repeated words are cached once.
    #[test]
    fn word_scores_and_context_make_the_whole() {
        let words: Vec<&str> = "the minister said the plan would work , the minister said"
            .split(' ')
            .collect();
        let mut rng = Rng::new(3);
        let a = model_for(&words, 9, &mut rng);
        let b = model_for(&words[2..], 45, &mut rng);
        let models = [&a, &b];
        let mut types = WordTypes::new(&models);
        let ids: Vec<u32> = words
            .iter()
            .map(|w| types.id(w, TokenInfo::new, |_| None, &models))
            .collect();
        assert_eq!(ids[0], ids[3]);
        assert_eq!(types.infos.len(), 7);
        let infos: Vec<&TokenInfo> = ids.iter().map(|&id| types.info(id)).collect();
        let n = words.len();
        let w = Window {
            first: 0,
            len: n,
            headline: false,
        };
        let (mut all, mut context) = (SentenceFeatures::default(), SentenceFeatures::default());
        extract_window(&infos, &w, 0..n, None, None, &mut all);
        extract_context_window(&infos, &w, 0..n, None, None, &mut context);
        for (mi, m) in models.iter().enumerate() {
            for i in 0..n {
                let mut want = vec![0f32; m.n_labels];
                m.add_scores(all.token(i), &mut want);
                let mut got = vec![0f32; m.n_labels];
                types.word_scores(mi, i, n, |j| ids[j], &mut got);
                m.add_scores(context.token(i), &mut got);
                assert_eq!(got, want, "model {mi}, token {i}");
            }
        }
    }

    /// The cache starts afresh at its bound, and words with the same hash stay apart.
    #[test]
    fn bounded_and_checked() {
        let m = LinearModel::from_dense(&[], &[], vec![0.0; 6], 2);
        let mut types = WordTypes::new(&[&m]);
        types.max_words = 3;
        let a = types.id("a", TokenInfo::new, |_| None, &[&m]);
        let b = types.id("b", TokenInfo::new, |_| None, &[&m]);
        assert_eq!(types.id("a", TokenInfo::new, |_| None, &[&m]), a);
        assert_ne!(a, b);
        types.make_room(1);
        assert_eq!(types.infos.len(), 2);
        types.make_room(2);
        assert_eq!(types.infos.len(), 0);
        // A forged collision: "c" under the hash of "a".
        let a = types.id("a", TokenInfo::new, |_| None, &[&m]);
        let h = hash_str(0x77_6f72_6473, "c");
        types.index.insert(h, a);
        let c = types.id("c", TokenInfo::new, |_| None, &[&m]);
        assert_ne!(c, a);
        assert_eq!(types.info(c).norm, "c");
        assert_eq!(types.info(a).norm, "a");
    }
}
