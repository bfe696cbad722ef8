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
    /// Normalised lower-case forms of all tokens (curly quotes and apostrophes made straight),
    /// one after another; token `i`'s ends at `lower_ends[i]` (see [`Analysis::w`]).
    lower: String,
    lower_ends: Vec<u32>,
    /// Penn Treebank tag of each token (`pos[i]` is a `&str`).
    pub pos: PosTags<'p>,
    pub entities: Vec<Mention>,
    /// Entity index of each token ([`NONE`] for none; see [`Analysis::entity_at`]).
    entity_at: Vec<u32>,
    pub quotes: Vec<Quote>,
    /// Quote index of each token: that of the quote whose content holds it, or with [`MARK`] set,
    /// that of the quote of which it is an opening or closing mark ([`NONE`] for neither; see
    /// [`Analysis::quote_at`] and [`Analysis::mark_of`]).
    quote_of: Vec<u32>,
    /// The tokens inside a quote's content that are also a mark of another quote (a quote inside
    /// a single-mark quote), ascending, with the quote they mark.
    marks_inside: Vec<(u32, u32)>,
    /// Sentence index of each token (see [`Analysis::sentence_of`]).
    sentence_of: Vec<u32>,
    /// Paragraph index of each sentence.
    pub paragraph_of: Vec<usize>,
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
        let mut lower = String::with_capacity(text.len());
        let mut lower_ends = Vec::with_capacity(n);
        for t in &seg.tokens {
            let word = normalize(t.text(text));
            if word.is_ascii() {
                lower.extend(word.chars().map(|c| c.to_ascii_lowercase()));
            } else {
                lower.push_str(&word.to_lowercase());
            }
            lower_ends.push(u32::try_from(lower.len()).expect("a document under 4 GB"));
        }
        lower.shrink_to_fit();

        let mut entities = Vec::new();
        let mut entity_at = vec![NONE; n];
        for (si, ents) in sentence_entities.into_iter().enumerate() {
            let base = seg.sentences[si].tokens.start;
            for e in ents {
                let r = base + e.tokens.start..base + e.tokens.end;
                for i in r.clone() {
                    entity_at[i] = index(entities.len());
                }
                entities.push(Mention {
                    kind: e.kind,
                    tokens: r,
                    score: e.score,
                });
            }
        }

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

        let mut sentence_of = vec![0; n];
        for (si, s) in seg.sentences.iter().enumerate() {
            sentence_of[s.tokens.clone()].fill(index(si));
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
            lower_ends,
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
        let e = self.entity_at[i];
        (e != NONE).then_some(e as usize)
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
        self.sentence_of[i] as usize
    }

    pub fn word(&self, i: usize) -> &'t str {
        self.seg.tokens[i].text(self.text)
    }

    /// The normalised lower-case form of token `i`.
    pub fn w(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.lower_ends[i - 1] };
        &self.lower[start as usize..self.lower_ends[i] as usize]
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
        self.entity_at[i] != NONE
    }

    pub fn entity(&self, i: usize) -> Option<&Mention> {
        self.entity_at(i).map(|e| &self.entities[e])
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
                || (self.pos[j] == "RB" && !self.quoted(j))
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
