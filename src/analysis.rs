//! One document with everything the linker and the resolver read: segmentation, part-of-speech
//! tags, entities and quotations, indexed by token. It is assembled from the outputs of the stages
//! before it and runs no model, so tests can build one from hand-made tags.

use std::ops::Range;

use crate::lexicon;
use crate::ner::{Entity, EntityType};
use crate::tagging::features::normalize;
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
    /// Penn Treebank tag of each token.
    pub pos: Vec<&'p str>,
    pub entities: Vec<Mention>,
    /// Entity index of each token.
    pub entity_at: Vec<Option<usize>>,
    pub quotes: Vec<Quote>,
    /// Quote index of each token inside a quote's content.
    pub quote_at: Vec<Option<usize>>,
    /// Quote index of each token that is a quote's opening or closing mark.
    pub mark_of: Vec<Option<usize>>,
    /// Sentence index of each token.
    pub sentence_of: Vec<usize>,
    /// Paragraph index of each sentence.
    pub paragraph_of: Vec<usize>,
}

impl<'t, 'p> Analysis<'t, 'p> {
    /// Assembles the analysis of `text` from its segmentation, one POS tag per token, the entities
    /// of each sentence (token indices within the sentence, as taggers give them) and its quotes.
    pub fn new(
        text: &'t str,
        seg: Segmentation,
        pos: Vec<&'p str>,
        sentence_entities: Vec<Vec<Entity>>,
        quotes: Vec<Quote>,
    ) -> Self {
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
        let mut entity_at = vec![None; n];
        for (si, ents) in sentence_entities.into_iter().enumerate() {
            let base = seg.sentences[si].tokens.start;
            for e in ents {
                let r = base + e.tokens.start..base + e.tokens.end;
                for i in r.clone() {
                    entity_at[i] = Some(entities.len());
                }
                entities.push(Mention {
                    kind: e.kind,
                    tokens: r,
                    score: e.score,
                });
            }
        }

        let mut quote_at = vec![None; n];
        let mut mark_of = vec![None; n];
        for (qi, q) in quotes.iter().enumerate() {
            let first = seg.tokens.partition_point(|t| t.start < q.open);
            for (i, t) in seg.tokens.iter().enumerate().skip(first) {
                if t.start >= q.close.max(q.end) {
                    break;
                }
                if t.start >= q.start && t.end <= q.end {
                    quote_at[i] = Some(qi);
                } else if (t.start >= q.open && t.end <= q.start)
                    || (t.start >= q.end && t.end <= q.close && q.close > q.end)
                {
                    mark_of[i] = Some(qi);
                }
            }
        }

        let mut sentence_of = vec![0; n];
        for (si, s) in seg.sentences.iter().enumerate() {
            for i in s.tokens.clone() {
                sentence_of[i] = si;
            }
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
            quote_at,
            mark_of,
            sentence_of,
            paragraph_of,
        }
    }

    /// Number of tokens.
    pub(crate) fn len(&self) -> usize {
        self.seg.tokens.len()
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
        self.seg.tokens[r.start].start..self.seg.tokens[r.end - 1].end
    }

    /// Token range of sentence `s`.
    pub fn sentence(&self, s: usize) -> Range<usize> {
        self.seg.sentences[s].tokens.clone()
    }

    /// First token of the sentence of token `i`.
    pub fn sent_start(&self, i: usize) -> usize {
        self.sentence(self.sentence_of[i]).start
    }

    /// One past the last token of the sentence of token `i`.
    pub fn sent_end(&self, i: usize) -> usize {
        self.sentence(self.sentence_of[i]).end
    }

    /// Tokens of paragraph `p`.
    pub fn paragraph_tokens(&self, p: usize) -> Range<usize> {
        let ss = self.seg.paragraphs[p].sentences.clone();
        self.seg.sentences[ss.start].tokens.start..self.seg.sentences[ss.end - 1].tokens.end
    }

    /// Tokens of the paragraph that holds token `i`.
    pub fn para_range(&self, i: usize) -> Range<usize> {
        self.paragraph_tokens(self.paragraph_of[self.sentence_of[i]])
    }

    /// The first token at or after byte offset `b`.
    pub fn token_at_or_after(&self, b: usize) -> usize {
        self.seg.tokens.partition_point(|t| t.start < b)
    }

    pub fn is_verb(&self, i: usize) -> bool {
        self.pos[i].starts_with("VB") || self.pos[i] == "MD"
    }

    pub fn is_punct(&self, i: usize) -> bool {
        !self.word(i).chars().any(char::is_alphanumeric)
    }

    /// Whether a token is inside a quote's content or is one of its marks.
    pub fn quoted(&self, i: usize) -> bool {
        self.quote_at[i].is_some() || self.mark_of[i].is_some()
    }

    pub fn is_entity(&self, i: usize) -> bool {
        self.entity_at[i].is_some()
    }

    pub fn entity(&self, i: usize) -> Option<&Mention> {
        self.entity_at[i].map(|e| &self.entities[e])
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
