//! The link stage: each quotation and reported claim tied to a speaker mention and a cue by a
//! named rule (`RuleId`, the record's `rule`), so every attribution can be traced to the pattern
//! that made it. The rules are catalogued in `rules` with their patterns, confidences and
//! examples; `direct` holds the rules for quotations, `claims` those for reported clauses, and
//! `grammar` the noun-phrase and clause helpers they share.
//!
//! Order matters and is fixed here: quotes with a cue of their own first, then reported claims
//! (a quote inside a claim is part of it), then quotes with no cue (continuations, and quotes
//! announced by the sentence before). One link is kept per content span, the most confident.

mod claims;
mod direct;
mod grammar;
pub mod rules;
#[cfg(test)]
mod tests;

use std::ops::Range;

pub use rules::RuleId;

use crate::analysis::Analysis;
use crate::cues::Cues;

/// How much of the content is in quote marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// All of it: a quotation.
    Direct,
    /// A reported clause with quoted words in it.
    Mixed,
    /// A reported clause with no quote marks.
    Indirect,
}

impl Kind {
    /// The name in records: `direct`, `mixed` or `indirect`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Direct => "direct",
            Kind::Mixed => "mixed",
            Kind::Indirect => "indirect",
        }
    }
}

/// A linked quotation or claim, before speaker resolution.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Byte span of the quoted or reported words.
    pub content: Range<usize>,
    pub kind: Kind,
    /// Token range of the speaker mention.
    pub speaker: Option<Range<usize>>,
    /// Token range of the cue.
    pub cue: Option<Range<usize>>,
    pub rule: RuleId,
    pub confidence: f32,
    /// The quote this record reports, for direct quotes.
    pub quote: Option<usize>,
}

/// Every link of a document, in text order of their content.
pub fn link(a: &Analysis, cues: &Cues) -> Vec<Link> {
    Linker { a, cues }.link()
}

/// The rules' view of one document: the analysis and its cues.
struct Linker<'a, 't, 'p> {
    a: &'a Analysis<'t, 'p>,
    cues: &'a Cues,
}

impl Linker<'_, '_, '_> {
    /// Links everything in the document.
    fn link(&self) -> Vec<Link> {
        let mut out: Vec<Link> = Vec::new();
        let mut used_cues: Vec<usize> = Vec::new();
        let mut linked = vec![false; self.a.quotes.len()];
        // Quotes with a cue of their own.
        for q in 0..self.a.quotes.len() {
            if let Some(l) = self.link_quote(q) {
                if let Some(c) = &l.cue {
                    used_cues.push(c.start);
                }
                linked[q] = true;
                out.push(l);
            }
        }
        // Reported claims (a quote inside one is part of it). A claim reported inside another
        // claim ("Zelensky said he thought …") is the outer speaker's words, not a second source.
        for s in 0..self.a.seg.sentences.len() {
            // "X said Y, according to Z" is X's claim: there the outer "according to" goes.
            let claims = self.link_claims(s, &used_cues);
            let inside = |inner: &Link, outer: &Link| {
                let cue = self.a.span(inner.cue.as_ref().unwrap());
                outer.content.start <= cue.start && cue.end <= outer.content.end
            };
            let according = |l: &Link| l.rule.is_according_to();
            let dropped = |l: &Link| {
                let in_other = claims.iter().any(|o| inside(l, o) && !according(o));
                in_other || according(l) && claims.iter().any(|i| inside(i, l))
            };
            let keep: Vec<Link> = claims.iter().filter(|l| !dropped(l)).cloned().collect();
            for l in keep {
                for (q, quote) in self.a.quotes.iter().enumerate() {
                    linked[q] |= l.content.start <= quote.start && quote.end <= l.content.end;
                }
                out.push(l);
            }
        }
        // Quotes with no cue: the continuation of the quote before, or announced by the sentence
        // before ("Smith said in a statement.").
        for q in 0..self.a.quotes.len() {
            if linked[q] {
                continue;
            }
            if let Some(l) = self
                .continuation(q, &out)
                .or_else(|| self.announced(q, &used_cues))
            {
                if let Some(c) = &l.cue {
                    used_cues.push(c.start);
                }
                linked[q] = true;
                out.push(l);
            }
        }
        dedup(out)
    }
}

/// Keeps one link per content span (the most confident), in text order.
fn dedup(mut links: Vec<Link>) -> Vec<Link> {
    links.sort_by(|a, b| {
        (a.content.start, a.content.end)
            .cmp(&(b.content.start, b.content.end))
            .then(b.confidence.total_cmp(&a.confidence))
    });
    links.dedup_by(|later, earlier| later.content == earlier.content);
    links
}
