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

/// The most bytes of scores a [`WordTypes`] holds before it starts afresh, so that its memory
/// does not grow with the document.
const MAX_SCORE_BYTES: usize = 4 << 20;

/// The words that a cache sized to a document ([`WordTypes::sized_to`]) holds at least: more
/// than a long news article has distinct words, so that only very long documents ever start
/// afresh.
const MIN_WORDS: usize = 2048;

/// The words of a document seen so far (see the module documentation), each with a value `I`
/// computed from its text (a [`super::features::TokenInfo`] for the taggers) and its scores
/// under one or more models, whose labels are laid side by side in each slot. A word has one
/// slot of scores for its features as a token's own word, then one per neighbour offset.
#[derive(Debug)]
pub struct WordTypes<I> {
    /// Hash of a token's text → its word.
    index: HashMap<u64, u32, IdHasher>,
    /// The texts of the words, one after another (to check each hit).
    texts: String,
    /// Where each word's text ends in `texts`.
    ends: Vec<u32>,
    infos: Vec<I>,
    /// The neighbour offsets, in the order of their slots (the first slot is the word's own).
    offsets: Vec<isize>,
    /// `offsets.len() + 1` slots of `width` scores per word.
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

impl<I> WordTypes<I> {
    /// An empty cache for `models`, with a slot for each of the neighbour `offsets`;
    /// `pad(slot, f)` gives the features of a position outside the sentence as the neighbour of
    /// slot `slot` (from 1).
    pub fn new(
        models: &[&LinearModel],
        offsets: &[isize],
        pad: impl Fn(usize, &mut Vec<u64>),
    ) -> Self {
        let mut parts = Vec::with_capacity(models.len());
        let mut width = 0;
        for m in models {
            parts.push((width, m.n_labels));
            width += m.n_labels;
        }
        let slots = offsets.len() + 1;
        let mut pads = vec![0f32; slots * width];
        let mut scratch = Vec::new();
        for slot in 1..slots {
            scratch.clear();
            pad(slot, &mut scratch);
            let row = &mut pads[slot * width..(slot + 1) * width];
            for (m, &(start, n)) in models.iter().zip(&parts) {
                m.add_scores(&scratch, &mut row[start..start + n]);
            }
        }
        WordTypes {
            index: HashMap::default(),
            texts: String::new(),
            ends: Vec::new(),
            infos: Vec::new(),
            offsets: offsets.to_vec(),
            scores: Vec::new(),
            pads,
            width,
            parts,
            max_words: (MAX_SCORE_BYTES / (slots * width.max(1) * 4)).max(1024),
            scratch,
        }
    }

    /// The cache bounded to a document of `text_bytes` bytes: its scores take at most half as
    /// many bytes as the document (and at most [`MAX_SCORE_BYTES`]), or [`MIN_WORDS`] words,
    /// whichever is more, so that on a long document it stays a fraction of the document's size.
    pub fn sized_to(mut self, text_bytes: usize) -> Self {
        let per_word = (self.offsets.len() + 1) * self.width.max(1) * 4;
        let bytes = (text_bytes / 2).min(MAX_SCORE_BYTES);
        self.max_words = self.max_words.min((bytes / per_word).max(MIN_WORDS));
        self
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

    /// The id of the word `token`, added when new: `info` makes its value, and `features(info,
    /// slot, f)` gives the features of each slot, whose scores under `models` (those given to
    /// [`WordTypes::new`]) are kept.
    pub fn id(
        &mut self,
        token: &str,
        info: impl FnOnce(&str) -> I,
        features: impl Fn(&I, usize, &mut Vec<u64>),
        models: &[&LinearModel],
    ) -> u32 {
        let h = hash_str(0x77_6f72_6473, token);
        if let Some(&id) = self.index.get(&h) {
            if self.text(id) == token {
                return id;
            }
            // Another word with the same hash: this one is added without an index entry.
            return self.add(token, info, features, models, None);
        }
        self.add(token, info, features, models, Some(h))
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
        info: impl FnOnce(&str) -> I,
        features: impl Fn(&I, usize, &mut Vec<u64>),
        models: &[&LinearModel],
        hash: Option<u64>,
    ) -> u32 {
        let id = u32::try_from(self.infos.len()).expect("under 4G words");
        let t = info(token);
        let w = self.width;
        let slots = self.offsets.len() + 1;
        let start = self.scores.len();
        self.scores.resize(start + slots * w, 0.0);
        let row = &mut self.scores[start..];
        for slot in 0..slots {
            self.scratch.clear();
            features(&t, slot, &mut self.scratch);
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

    /// The value of word `id`.
    #[inline]
    pub fn info(&self, id: u32) -> &I {
        &self.infos[id as usize]
    }

    /// Writes into `e` the scores under model `m` (its index in the models given to
    /// [`WordTypes::new`]) of the features that read one word alone of the token at position `i`:
    /// its own word's, then each neighbour's in the order of the offsets, a padding row for
    /// positions outside the sentence. `id(j)` is the word at position `j`, `None` outside the
    /// sentence.
    #[inline]
    pub fn word_scores(
        &self,
        m: usize,
        i: usize,
        id: impl Fn(isize) -> Option<u32>,
        e: &mut [f32],
    ) {
        let (off, n) = self.parts[m];
        let w = self.width;
        let slots = self.offsets.len() + 1;
        let row = |id: u32, slot: usize| {
            let start = (id as usize * slots + slot) * w + off;
            &self.scores[start..start + n]
        };
        e.copy_from_slice(row(id(i as isize).expect("a token in the sentence"), 0));
        for (s, &k) in self.offsets.iter().enumerate() {
            let add = match id(i as isize + k) {
                Some(j) => row(j, s + 1),
                None => {
                    let start = (s + 1) * w + off;
                    &self.pads[start..start + n]
                }
            };
            for (x, &y) in e.iter_mut().zip(add) {
                *x += y;
            }
        }
    }
}

/// The cache of the taggers' words ([`TokenInfo`] and the features of
/// [`super::features::own_features`] and [`neighbour_features`]).
pub type TaggerWords = WordTypes<TokenInfo>;

impl WordTypes<TokenInfo> {
    /// An empty cache of the taggers' words under `models`.
    pub fn for_taggers(models: &[&LinearModel]) -> Self {
        WordTypes::new(models, &NEIGHBOURS, |slot, f| {
            neighbour_features(NEIGHBOURS[slot - 1], None, f)
        })
    }

    /// The id of a tagger's word: `info` makes its [`TokenInfo`] (with any word statistics
    /// filled in), `word_bits` gives the entity lists' word evidence ([`own_features`]).
    pub fn tagger_word(
        &mut self,
        token: &str,
        info: impl FnOnce(&str) -> TokenInfo,
        word_bits: impl Fn(&TokenInfo) -> Option<u8>,
        models: &[&LinearModel],
    ) -> u32 {
        self.id(
            token,
            info,
            |t, slot, f| {
                if slot == 0 {
                    own_features(t, word_bits(t), f)
                } else {
                    neighbour_features(NEIGHBOURS[slot - 1], Some(t), f)
                }
            },
            models,
        )
    }
}

/// `id(j)` for [`WordTypes::word_scores`] over a sentence of `len` tokens whose words from
/// position `first` on are `ids`.
#[inline]
pub fn in_sentence(ids: &[u32], first: usize, len: usize) -> impl Fn(isize) -> Option<u32> + '_ {
    move |j| (j >= 0 && (j as usize) < len).then(|| ids[j as usize - first])
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
        let mut types = WordTypes::for_taggers(&models);
        let ids: Vec<u32> = words
            .iter()
            .map(|w| types.tagger_word(w, TokenInfo::new, |_| None, &models))
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
                types.word_scores(mi, i, in_sentence(&ids, 0, n), &mut got);
                m.add_scores(context.token(i), &mut got);
                assert_eq!(got, want, "model {mi}, token {i}");
            }
        }
    }

    /// A cache sized to a long document holds scores of at most half its size, and to a short
    /// one at least `MIN_WORDS` words, never more than the fixed bound.
    #[test]
    fn sized_to_the_document() {
        let m = LinearModel::from_dense(&[], &[], vec![0.0; 10 * 9], 9);
        let fixed = WordTypes::for_taggers(&[&m]).max_words;
        let per_word = (NEIGHBOURS.len() + 1) * 9 * 4;
        assert_eq!(
            WordTypes::for_taggers(&[&m]).sized_to(1000).max_words,
            MIN_WORDS
        );
        let long = 2_000_000;
        let words = WordTypes::for_taggers(&[&m]).sized_to(long).max_words;
        assert!(words > MIN_WORDS && words < fixed, "{words}");
        assert!(words * per_word <= long / 2, "{words}");
        let huge = WordTypes::for_taggers(&[&m]).sized_to(1 << 40).max_words;
        assert_eq!(huge, fixed);
    }

    /// The cache starts afresh at its bound, and words with the same hash stay apart.
    #[test]
    fn bounded_and_checked() {
        let m = LinearModel::from_dense(&[], &[], vec![0.0; 6], 2);
        let mut types = WordTypes::for_taggers(&[&m]);
        types.max_words = 3;
        let a = types.tagger_word("a", TokenInfo::new, |_| None, &[&m]);
        let b = types.tagger_word("b", TokenInfo::new, |_| None, &[&m]);
        assert_eq!(types.tagger_word("a", TokenInfo::new, |_| None, &[&m]), a);
        assert_ne!(a, b);
        types.make_room(1);
        assert_eq!(types.infos.len(), 2);
        types.make_room(2);
        assert_eq!(types.infos.len(), 0);
        // A forged collision: "c" under the hash of "a".
        let a = types.tagger_word("a", TokenInfo::new, |_| None, &[&m]);
        let h = hash_str(0x77_6f72_6473, "c");
        types.index.insert(h, a);
        let c = types.tagger_word("c", TokenInfo::new, |_| None, &[&m]);
        assert_ne!(c, a);
        assert_eq!(types.info(c).norm, "c");
        assert_eq!(types.info(a).norm, "a");
    }
}
