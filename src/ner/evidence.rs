//! Document-level evidence for the fast tagger's second stage: how a first pass over the whole
//! article tagged the same word elsewhere.
//!
//! Words are compared in lower case, and only capitalised occurrences count: "Bush" in a headline
//! and "BUSH" in a results table support each other, "bush" in running text does not.

use std::collections::HashMap;

use crate::tagging::features::{DocEvidence, TokenInfo};

use super::Label;

/// A token's word in [`EvidenceCounts`]: its id, or [`NO_WORD`] for a token that does not count
/// (not capitalised).
pub type WordId = u32;

/// The id of a token that does not count.
pub const NO_WORD: WordId = u32::MAX;

/// What the first pass found in a document, gathered token by token: per capitalised word (in
/// lower case, interned once) the entity-type counts, the count of `O` labels and the type of the
/// first entity occurrence; and the share of number tokens. A compact per-document map: nothing
/// is kept per token but what the caller keeps (the word id and the label).
#[derive(Debug, Default)]
pub struct EvidenceCounts {
    ids: HashMap<String, WordId>,
    counts: Vec<([u16; 4], u16, u8)>,
    /// The lower-case form of the word being looked up (allocated anew only for a new word).
    lower: String,
    numbers: usize,
    tokens: usize,
}

impl EvidenceCounts {
    /// Counts a token with its first-pass label; gives its word id.
    pub fn add(&mut self, t: &TokenInfo, l: Label) -> WordId {
        let id = self.word(t);
        self.count(id, l);
        id
    }

    /// Counts a token towards the share of numbers and gives its word id, to be counted with its
    /// label by [`EvidenceCounts::count`] (in text order) once the label is known.
    pub fn word(&mut self, t: &TokenInfo) -> WordId {
        self.tokens += 1;
        self.numbers += t.norm.starts_with(|c: char| c.is_ascii_digit()) as usize;
        if !t.initial_cap {
            return NO_WORD;
        }
        self.lower.clear();
        if t.norm.is_ascii() {
            self.lower
                .extend(t.norm.chars().map(|c| c.to_ascii_lowercase()));
        } else {
            self.lower.push_str(&t.norm.to_lowercase());
        }
        match self.ids.get(self.lower.as_str()) {
            Some(&id) => id,
            None => {
                let id = self.counts.len() as WordId;
                self.ids.insert(self.lower.clone(), id);
                self.counts.push(Default::default());
                id
            }
        }
    }

    /// Counts the first-pass label of a word (nothing for [`NO_WORD`]).
    pub fn count(&mut self, id: WordId, l: Label) {
        if id == NO_WORD {
            return;
        }
        let e = &mut self.counts[id as usize];
        match l.entity_type() {
            Some(ty) => {
                e.0[ty.index()] = e.0[ty.index()].saturating_add(1);
                if e.2 == 0 {
                    e.2 = ty.index() as u8 + 1;
                }
            }
            None => e.1 = e.1.saturating_add(1),
        }
    }

    /// The share of number tokens in the document, bucketed (results tables versus prose).
    pub fn numeric(&self) -> u8 {
        match (self.numbers * 100).checked_div(self.tokens).unwrap_or(0) {
            0..=4 => 0,
            5..=9 => 1,
            10..=19 => 2,
            _ => 3,
        }
    }

    /// The evidence for token `i` of a sentence whose first-pass labels are `ls` and word ids
    /// `words`, once the whole document has been counted; `numeric` is [`EvidenceCounts::numeric`].
    pub fn evidence(&self, numeric: u8, words: &[WordId], ls: &[Label], i: usize) -> DocEvidence {
        let code = |l: Option<&Label>| l.map(|l| l.index() as u8 + 1).unwrap_or(0);
        let mut ev = DocEvidence {
            stage1: [
                if i > 0 { code(ls.get(i - 1)) } else { 0 },
                code(ls.get(i)),
                code(ls.get(i + 1)),
            ],
            numeric,
            ..Default::default()
        };
        if words[i] != NO_WORD {
            let (mut types, mut o, first) = self.counts[words[i] as usize];
            // Evidence from elsewhere: leave this occurrence out.
            match ls[i].entity_type() {
                Some(ty) => types[ty.index()] -= 1,
                None => o -= 1,
            }
            ev.type_counts = types;
            ev.o_count = o;
            ev.first_type = first;
        }
        ev
    }
}

/// Document evidence for every token of every sentence, from first-pass labels.
pub fn doc_evidence(infos: &[Vec<TokenInfo>], labels: &[Vec<Label>]) -> Vec<Vec<DocEvidence>> {
    let mut counts = EvidenceCounts::default();
    let words: Vec<Vec<WordId>> = infos
        .iter()
        .zip(labels)
        .map(|(s, ls)| s.iter().zip(ls).map(|(t, &l)| counts.add(t, l)).collect())
        .collect();
    let numeric = counts.numeric();
    words
        .iter()
        .zip(labels)
        .map(|(w, ls)| {
            (0..w.len())
                .map(|i| counts.evidence(numeric, w, ls, i))
                .collect()
        })
        .collect()
}
