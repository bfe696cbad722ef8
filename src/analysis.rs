//! One document with everything the linker reads: segmentation, part-of-speech tags, entities and
//! quotations, indexed by token. Built once per document by the pipeline.

use std::ops::Range;

use crate::ner::{EntityTagger, EntityType};
use crate::pos::PosTagger;
use crate::quotes::{self, Quote};
use crate::segment::{self, Segmentation, Token};

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
    /// Normalised lower-case form of each token (curly quotes and apostrophes made straight).
    pub lower: Vec<String>,
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
    pub fn new(text: &'t str, ner: &dyn EntityTagger, pos: &'p PosTagger) -> Self {
        let seg = segment::segment(text);
        let sentences: Vec<&[Token]> = (0..seg.sentences.len())
            .map(|i| seg.sentence_tokens(i))
            .collect();
        let n = seg.tokens.len();
        let lower: Vec<String> = seg
            .tokens
            .iter()
            .map(|t| crate::ner::features::normalize(t.text(text)).to_lowercase())
            .collect();

        let mut tags = Vec::with_capacity(n);
        for s in &sentences {
            let words: Vec<&str> = s.iter().map(|t| t.text(text)).collect();
            tags.extend(pos.tag_words(&words));
        }

        let mut entities = Vec::new();
        let mut entity_at = vec![None; n];
        for (si, ents) in ner.tag_document(text, &sentences).into_iter().enumerate() {
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

        let quotes = quotes::find(text, &seg.paragraphs);
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
            pos: tags,
            entities,
            entity_at,
            quotes,
            quote_at,
            mark_of,
            sentence_of,
            paragraph_of,
        }
    }

    pub fn word(&self, i: usize) -> &'t str {
        self.seg.tokens[i].text(self.text)
    }

    /// Byte span of tokens `r`.
    pub fn span(&self, r: &Range<usize>) -> Range<usize> {
        self.seg.tokens[r.start].start..self.seg.tokens[r.end - 1].end
    }

    /// Token range of sentence `s`.
    pub fn sentence(&self, s: usize) -> Range<usize> {
        self.seg.sentences[s].tokens.clone()
    }

    /// Tokens of the paragraph that holds sentence `s`.
    pub fn paragraph_tokens(&self, p: usize) -> Range<usize> {
        let ss = self.seg.paragraphs[p].sentences.clone();
        self.seg.sentences[ss.start].tokens.start..self.seg.sentences[ss.end - 1].tokens.end
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

    pub fn entity(&self, i: usize) -> Option<&Mention> {
        self.entity_at[i].map(|e| &self.entities[e])
    }
}
