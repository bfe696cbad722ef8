//! One document with everything the linker and the resolver read: segmentation, part-of-speech
//! tags, entities and quotations, indexed by token. It is assembled from the outputs of the stages
//! before it and runs no model, so tests can build one from hand-made tags.

use std::ops::Range;

use crate::lexicon;
use crate::ner::{Entity, EntityType};
use crate::tagging::features::normalize;
use crate::tagging::pos::PosTags;
use crate::text::quotes::Quote;
use crate::text::segment::Segmentation;

/// An entity mention with document-wide token indices.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub kind: EntityType,
    pub tokens: Range<usize>,
    pub score: f32,
}

pub struct Analysis<'t, 'p> {
    pub text: &'t str,
    pub seg: Segmentation,
    /// The normalised lower-case forms of tokens (see [`Analysis::w`]), kept only for those whose
    /// form differs from their text.
    lower: LowerForms,
    /// Penn Treebank tag of each token (`pos[i]` is a `&str`).
    pub pos: PosTags<'p>,
    pub entities: Vec<Mention>,
    /// Where to look up the entity of a token (see [`Analysis::entity_at`]).
    entity_at: EntityIndex,
    pub quotes: Vec<Quote>,
    /// Quote index of each token: that of the quote whose content holds it, or with [`MARK`] set,
    /// that of the quote of which it is an opening or closing mark ([`NONE`] for neither; see
    /// [`Analysis::quote_at`] and [`Analysis::mark_of`]).
    quote_of: Vec<u32>,
    /// The tokens inside a quote's content that are also a mark of another quote (a quote inside
    /// a single-mark quote), ascending, with the quote they mark.
    marks_inside: Vec<(u32, u32)>,
    /// The sentence of every [`BLOCK`]th token (see [`Analysis::sentence_of`]).
    sentence_of: Vec<u32>,
    /// Paragraph index of each sentence.
    pub paragraph_of: Vec<usize>,
}

/// Tokens per entry of the block indexes of an [`Analysis`] (sentences and entities): a lookup
/// starts at its block's entry and steps over the few sentences or entities before the token.
const BLOCK: usize = 16;

/// The normalised lower-case forms of a document's tokens: one bit per token that says whether
/// its form differs from its text, and the forms of those that do, one after another.
#[derive(Default)]
struct LowerForms {
    /// Bit `i % 64` of word `i / 64`: token `i`'s form differs from its text.
    differs: Vec<u64>,
    /// Per word of `differs`, the tokens before it whose forms differ.
    before: Vec<u32>,
    /// The forms that differ, one after another; the `k`th ends at `ends[k]`.
    forms: String,
    ends: Vec<u32>,
}

impl LowerForms {
    /// The forms of `tokens` (`text(i)`: the text of token `i`).
    fn new<'t>(n: usize, text: impl Fn(usize) -> &'t str) -> Self {
        let mut l = LowerForms {
            differs: vec![0; n.div_ceil(64)],
            before: Vec::with_capacity(n.div_ceil(64)),
            ..Default::default()
        };
        for i in 0..n {
            if i % 64 == 0 {
                l.before
                    .push(u32::try_from(l.ends.len()).expect("under 4G tokens"));
            }
            let t = text(i);
            let word = normalize(t);
            let start = l.forms.len();
            if word.is_ascii() {
                l.forms.extend(word.chars().map(|c| c.to_ascii_lowercase()));
            } else {
                l.forms.push_str(&word.to_lowercase());
            }
            if l.forms[start..] == *t {
                l.forms.truncate(start);
            } else {
                l.differs[i / 64] |= 1 << (i % 64);
                l.ends
                    .push(u32::try_from(l.forms.len()).expect("a document under 4 GB"));
            }
        }
        l.forms.shrink_to_fit();
        l.ends.shrink_to_fit();
        l
    }

    /// The form of token `i` when it differs from the token's text.
    #[inline]
    fn get(&self, i: usize) -> Option<&str> {
        let bits = self.differs[i / 64];
        let bit = 1u64 << (i % 64);
        if bits & bit == 0 {
            return None;
        }
        let k = self.before[i / 64] as usize + (bits & (bit - 1)).count_ones() as usize;
        let start = if k == 0 { 0 } else { self.ends[k - 1] };
        Some(&self.forms[start as usize..self.ends[k] as usize])
    }
}

/// The entity of each token: per [`BLOCK`] of tokens, the first entity that ends after the
/// block's first token, when the entities are in order and apart (as taggers give them);
/// otherwise (hand-made entities that overlap) the entity of every token, the later one where
/// two overlap.
enum EntityIndex {
    Blocks(Vec<u32>),
    Tokens(Vec<u32>),
}

/// No entity or quote, in the per-token tables of an [`Analysis`].
const NONE: u32 = u32::MAX;
/// A quote mark rather than content, in [`Analysis::quote_of`].
const MARK: u32 = 1 << 31;
/// A table index as stored per token.
fn index(i: usize) -> u32 {
    u32::try_from(i)
        .ok()
        .filter(|&i| i < NONE)
        .expect("fewer than 2^32 - 1 tokens, entities or quotes")
}

impl<'t, 'p> Analysis<'t, 'p> {
    /// Assembles the analysis of `text` from its segmentation, one POS tag per token, the entities
    /// of each sentence (token indices within the sentence, as taggers give them) and its quotes.
    pub fn new(
        text: &'t str,
        seg: Segmentation,
        pos: impl Into<PosTags<'p>>,
        sentence_entities: Vec<Vec<Entity>>,
        quotes: Vec<Quote>,
    ) -> Self {
        let pos = pos.into();
        let n = seg.tokens.len();
        assert_eq!(pos.len(), n, "one POS tag per token");
        let lower = LowerForms::new(n, |i| seg.tokens[i].text(text));

        let mut entities = Vec::new();
        for (si, ents) in sentence_entities.into_iter().enumerate() {
            let base = seg.sentences[si].tokens.start;
            for e in ents {
                entities.push(Mention {
                    kind: e.kind,
                    tokens: base + e.tokens.start..base + e.tokens.end,
                    score: e.score,
                });
            }
        }
        let apart = entities
            .windows(2)
            .all(|w| w[0].tokens.end <= w[1].tokens.start)
            && entities.iter().all(|e| e.tokens.start < e.tokens.end);
        let entity_at = if apart {
            let mut blocks = Vec::with_capacity(n.div_ceil(BLOCK));
            let mut e = 0;
            for b in (0..n).step_by(BLOCK) {
                while e < entities.len() && entities[e].tokens.end <= b {
                    e += 1;
                }
                blocks.push(index(e));
            }
            EntityIndex::Blocks(blocks)
        } else {
            let mut at = vec![NONE; n];
            for (k, e) in entities.iter().enumerate() {
                at[e.tokens.clone()].fill(index(k));
            }
            EntityIndex::Tokens(at)
        };

        // A later quote's content or mark replaces an earlier one's at a token; a token that is
        // both content and a mark keeps its mark in `marks_inside` (the last entry of a token
        // wins).
        let mut quote_of = vec![NONE; n];
        let mut marks_inside = Vec::new();
        for (qi, q) in quotes.iter().enumerate() {
            let qi = u32::try_from(qi)
                .ok()
                .filter(|&q| q < MARK - 1)
                .expect("fewer than 2^31 - 1 quotes");
            let first = seg.tokens.partition_point(|t| t.start < q.open);
            for (i, t) in seg.tokens.iter().enumerate().skip(first) {
                if t.start >= q.close.max(q.end) {
                    break;
                }
                let cur = quote_of[i];
                if t.start >= q.start && t.end <= q.end {
                    if cur != NONE && cur & MARK != 0 {
                        marks_inside.push((index(i), cur & !MARK));
                    }
                    quote_of[i] = qi;
                } else if (t.start >= q.open && t.end <= q.start)
                    || (t.start >= q.end && t.end <= q.close && q.close > q.end)
                {
                    if cur == NONE || cur & MARK != 0 {
                        quote_of[i] = qi | MARK;
                    } else {
                        marks_inside.push((index(i), qi));
                    }
                }
            }
        }
        // Stable: the last entry of a token stays last.
        marks_inside.sort_by_key(|&(i, _)| i);
        marks_inside.dedup_by(|later, earlier| {
            if later.0 == earlier.0 {
                *earlier = *later;
                true
            } else {
                false
            }
        });

        let mut sentence_of = Vec::with_capacity(n.div_ceil(BLOCK));
        let mut si = 0;
        for b in (0..n).step_by(BLOCK) {
            while seg.sentences[si].tokens.end <= b {
                si += 1;
            }
            sentence_of.push(index(si));
        }
        let mut paragraph_of = vec![0; seg.sentences.len()];
        for (pi, p) in seg.paragraphs.iter().enumerate() {
            for si in p.sentences.clone() {
                paragraph_of[si] = pi;
            }
        }
        Analysis {
            text,
            seg,
            lower,
            pos,
            entities,
            entity_at,
            quotes,
            quote_of,
            marks_inside,
            sentence_of,
            paragraph_of,
        }
    }

    /// Number of tokens.
    pub(crate) fn len(&self) -> usize {
        self.seg.tokens.len()
    }

    /// The entity that token `i` is part of.
    #[inline]
    pub fn entity_at(&self, i: usize) -> Option<usize> {
        match &self.entity_at {
            EntityIndex::Blocks(blocks) => {
                let mut e = blocks[i / BLOCK] as usize;
                while e < self.entities.len() && self.entities[e].tokens.end <= i {
                    e += 1;
                }
                (e < self.entities.len() && self.entities[e].tokens.start <= i).then_some(e)
            }
            EntityIndex::Tokens(at) => {
                let e = at[i];
                (e != NONE).then_some(e as usize)
            }
        }
    }

    /// The quote whose content holds token `i`.
    #[inline]
    pub fn quote_at(&self, i: usize) -> Option<usize> {
        let q = self.quote_of[i];
        (q & MARK == 0).then_some(q as usize)
    }

    /// The quote of which token `i` is an opening or closing mark.
    #[inline]
    pub fn mark_of(&self, i: usize) -> Option<usize> {
        let q = self.quote_of[i];
        if q == NONE {
            None
        } else if q & MARK != 0 {
            Some((q & !MARK) as usize)
        } else if self.marks_inside.is_empty() {
            None
        } else {
            let i = index(i);
            let k = self.marks_inside.partition_point(|&(t, _)| t < i);
            self.marks_inside
                .get(k)
                .filter(|&&(t, _)| t == i)
                .map(|&(_, q)| q as usize)
        }
    }

    /// The sentence of token `i`.
    #[inline]
    pub fn sentence_of(&self, i: usize) -> usize {
        let mut s = self.sentence_of[i / BLOCK] as usize;
        while self.seg.sentences[s].tokens.end <= i {
            s += 1;
        }
        s
    }

    pub fn word(&self, i: usize) -> &'t str {
        self.seg.tokens[i].text(self.text)
    }

    /// The normalised lower-case form of token `i`.
    pub fn w(&self, i: usize) -> &str {
        match self.lower.get(i) {
            Some(form) => form,
            None => self.word(i),
        }
    }

    /// Byte span of tokens `r`.
    pub fn span(&self, r: &Range<usize>) -> Range<usize> {
        self.seg.tokens[r.start].start as usize..self.seg.tokens[r.end - 1].end as usize
    }

    /// Token range of sentence `s`.
    pub fn sentence(&self, s: usize) -> Range<usize> {
        self.seg.sentences[s].tokens.clone()
    }

    /// First token of the sentence of token `i`.
    pub fn sent_start(&self, i: usize) -> usize {
        self.sentence(self.sentence_of(i)).start
    }

    /// One past the last token of the sentence of token `i`.
    pub fn sent_end(&self, i: usize) -> usize {
        self.sentence(self.sentence_of(i)).end
    }

    /// Tokens of paragraph `p`.
    pub fn paragraph_tokens(&self, p: usize) -> Range<usize> {
        let ss = self.seg.paragraphs[p].sentences.clone();
        self.seg.sentences[ss.start].tokens.start..self.seg.sentences[ss.end - 1].tokens.end
    }

    /// Tokens of the paragraph that holds token `i`.
    pub fn para_range(&self, i: usize) -> Range<usize> {
        self.paragraph_tokens(self.paragraph_of[self.sentence_of(i)])
    }

    /// The first token at or after byte offset `b`.
    pub fn token_at_or_after(&self, b: usize) -> usize {
        self.seg.tokens.partition_point(|t| (t.start as usize) < b)
    }

    pub fn is_verb(&self, i: usize) -> bool {
        self.pos[i].starts_with("VB") || self.pos[i] == "MD"
    }

    pub fn is_punct(&self, i: usize) -> bool {
        !self.word(i).chars().any(char::is_alphanumeric)
    }

    /// Whether a token is inside a quote's content or is one of its marks.
    pub fn quoted(&self, i: usize) -> bool {
        self.quote_of[i] != NONE
    }

    pub fn is_entity(&self, i: usize) -> bool {
        self.entity_at(i).is_some()
    }

    pub fn entity(&self, i: usize) -> Option<&Mention> {
        self.entity_at(i).map(|e| &self.entities[e])
    }

    /// Whether the token `j`, tagged as an adverb, is a noun of a document after a noun or a name
    /// that modifies it ("a campaign ad said", "a Lena Ortiz ad questioned"): the head of the
    /// subject, not an adverb before its verb.
    pub fn noun_read_as_adverb(&self, j: usize) -> bool {
        j > self.sent_start(j)
            && lexicon::DOC_NOUNS.contains(&self.w(j))
            && matches!(self.pos[j - 1], "NN" | "NNS" | "NNP" | "NNPS" | "JJ" | "CD")
    }

    /// The first token left of `i` in its sentence that is not an auxiliary or adverb, and whether
    /// a negation was skipped on the way ("has not said" → the token before "has").
    pub fn left_of_aux(&self, i: usize) -> Option<(usize, bool)> {
        let start = self.sent_start(i);
        let mut j = i;
        let mut negated = false;
        while j > start {
            j -= 1;
            let w = self.w(j);
            if lexicon::AUX.contains(&w)
                || (self.pos[j] == "RB" && !self.quoted(j) && !self.noun_read_as_adverb(j))
                || self.pos[j] == "MD"
            {
                negated |= lexicon::NEGATION.contains(&w);
                continue;
            }
            return Some((j, negated));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{quotes, segment};

    /// Per token, the quote whose content holds it and the quote it is a mark of, read off the
    /// quotes one at a time (a later quote replacing an earlier one).
    fn naive(text: &str) -> Vec<(Option<usize>, Option<usize>)> {
        let seg = segment::segment(text);
        let qs = quotes::find(text, &seg.paragraphs);
        let mut out = vec![(None, None); seg.tokens.len()];
        for (qi, q) in qs.iter().enumerate() {
            for (i, t) in seg.tokens.iter().enumerate() {
                if t.start >= q.start && t.end <= q.end {
                    out[i].0 = Some(qi);
                } else if t.start < q.close.max(q.end)
                    && ((t.start >= q.open && t.end <= q.start)
                        || (t.start >= q.end && t.end <= q.close && q.close > q.end))
                {
                    out[i].1 = Some(qi);
                }
            }
        }
        out
    }

    #[test]
    fn quote_content_and_marks_per_token() {
        for text in [
            "He said “no” and “yes”, then left.",
            "‘He told me “never” twice,’ she wrote. “Fine,” he said.",
            "‘A “b” c “d” e’ and ‘f’",
            "She said: “We have been clear.\n\n“It does require work.”",
            "No quotes here.",
        ] {
            let seg = segment::segment(text);
            let n = seg.tokens.len();
            let qs = quotes::find(text, &seg.paragraphs);
            let pos: Vec<&str> = vec!["NN"; n];
            let ents = vec![Vec::new(); seg.sentences.len()];
            let a = Analysis::new(text, seg, pos, ents, qs);
            let got: Vec<_> = (0..n).map(|i| (a.quote_at(i), a.mark_of(i))).collect();
            assert_eq!(got, naive(text), "{text}");
            for (i, (q, m)) in got.iter().enumerate() {
                assert_eq!(a.quoted(i), q.is_some() || m.is_some());
            }
        }
        // A mark inside another quote's content keeps both.
        let text = "‘He told me “never” twice,’ she wrote.";
        assert!(naive(text).iter().any(|&(q, m)| q.is_some() && m.is_some()));
    }
}
