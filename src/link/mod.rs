//! The link stage: each quotation and reported claim tied to a speaker mention and a cue by a
//! named rule (`RuleId`, the record's `rule`), so every attribution can be traced to the pattern
//! that made it. The rules are catalogued in `rules` with their patterns, confidences and
//! examples; `direct` holds the rules for quotations, `claims` those for reported clauses, and
//! `grammar` the noun-phrase and clause helpers they share.
//!
//! Order matters and is fixed here: quotes with a cue of their own first, then reported claims
//! (a quote inside a claim is part of it), then quotes with no cue (continuations, and quotes
//! announced by the sentence before). One link is kept per content span, the most confident,
//! and a quoted fragment inside a claim's content is the claim's, not a link of its own.

mod claims;
mod direct;
mod grammar;
mod index;
mod model;
pub mod rules;
mod source;
#[cfg(test)]
mod tests;

use std::ops::Range;

pub use rules::RuleId;

use crate::analysis::Analysis;
use crate::claims_model::ClaimsModel;
use crate::cues::Cues;
use index::{Index, Reach};

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
    /// Token range of the whole source phrase where it is longer than the mention: the mention
    /// with its appositive or relative clause ("Ana Ruiz, a professor of law"); see `source`.
    pub source: Option<Range<usize>>,
    /// Token range of the cue.
    pub cue: Option<Range<usize>>,
    pub rule: RuleId,
    pub confidence: f32,
    /// The quote this record reports, for direct quotes.
    pub quote: Option<usize>,
    /// The attribution model's score of the content (the mean probability of its tokens being
    /// content), when the model ran.
    pub model_score: Option<f32>,
}

/// Prepositions and particles that belong to the cue when the content follows them at once:
/// "called for a ban", "complained about the mic", "commented on the death", "pointed out
/// that …", "railed against the plan".
pub(crate) const CUE_PARTICLES: &[&str] = &[
    "for", "about", "on", "upon", "of", "against", "at", "over", "with", "out", "to",
];

/// The token range of a link's cue as records show it: the cue word or words, and a preposition
/// or particle between the cue and the content it governs ("called for", "complained about"),
/// as news corpora annotate cues and as a reader needs it to read the claim.
pub(crate) fn cue_phrase(a: &Analysis, l: &Link) -> Option<Range<usize>> {
    let cue = l.cue.clone()?;
    let k = cue.end;
    let takes = k + 1 < a.len()
        && !a.quoted(k)
        && CUE_PARTICLES.contains(&a.w(k))
        && a.seg.tokens[k + 1].start as usize == l.content.start
        && a.sentence_of(k) == a.sentence_of(k + 1);
    Some(if takes { cue.start..k + 1 } else { cue })
}

/// Every link of a document, in text order of their content.
pub fn link(a: &Analysis, cues: &Cues) -> Vec<Link> {
    let mut linker = Linker {
        a,
        cues,
        ix: Index::default(),
    };
    linker.ix = Index::build(&linker);
    let links = linker.link();
    kept(linker.with_sources(links))
}

/// Every link of a document: the rules' links, scored by the attribution model, and the model's
/// own claims where no rule made one (see `model`).
pub fn link_with_model(
    a: &Analysis,
    cues: &Cues,
    claims: &ClaimsModel,
) -> crate::Result<Vec<Link>> {
    // The model first, so that its working memory and the rules' tables are never held at once.
    let tagged = claims.tag(a, cues)?;
    let mut linker = Linker {
        a,
        cues,
        ix: Index::default(),
    };
    linker.ix = Index::build(&linker);
    let links = linker.link();
    let links = linker.combine(links, &tagged, claims.threshold, claims.open_cues);
    Ok(kept(linker.with_sources(links)))
}

/// The links as kept through resolution, without the spare room of their growth (up to as much
/// again as they take): they outlive the linker's tables.
fn kept(mut links: Vec<Link>) -> Vec<Link> {
    links.shrink_to_fit();
    links
}

/// The rules' view of one document: the analysis, its cues, and the tables built from them.
struct Linker<'a, 't, 'p> {
    a: &'a Analysis<'t, 'p>,
    cues: &'a Cues,
    ix: Index,
}

/// The links found so far, with what the rules ask of them: which quotes they hold, and the most
/// confident link holding each quote.
struct Found {
    links: Vec<Link>,
    /// Quote indices in the order of their content's start; empty when that is the quotes' own
    /// order (as it is unless quotes nest).
    by_start: Vec<u32>,
    /// Whether a link holds the quote (for quotes linked as part of a claim).
    linked: Vec<bool>,
    /// The most confident link whose content holds the quote (the latest among equals;
    /// [`NO_LINK`] for none).
    best: Vec<u32>,
}

/// No link, in [`Found::best`].
const NO_LINK: u32 = u32::MAX;

impl Found {
    fn new(a: &Analysis) -> Self {
        let n = u32::try_from(a.quotes.len()).expect("under 4G quotes");
        let by_start = if a.quotes.is_sorted_by_key(|q| q.start) {
            Vec::new()
        } else {
            let mut by_start: Vec<u32> = (0..n).collect();
            by_start.sort_by_key(|&q| a.quotes[q as usize].start);
            by_start
        };
        Found {
            links: Vec::new(),
            by_start,
            linked: vec![false; a.quotes.len()],
            best: vec![NO_LINK; a.quotes.len()],
        }
    }

    /// The `k`th quote in the order of their content's start.
    fn by_start(&self, k: usize) -> usize {
        if self.by_start.is_empty() {
            k
        } else {
            self.by_start[k] as usize
        }
    }

    /// Adds a link; `mark_linked` marks every quote its content holds as linked.
    fn push(&mut self, a: &Analysis, l: Link, mark_linked: bool) {
        let k = u32::try_from(self.links.len())
            .ok()
            .filter(|&k| k < NO_LINK)
            .expect("under 4G links");
        let n = a.quotes.len();
        let mut lo = 0;
        let mut hi = n;
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if (a.quotes[self.by_start(mid)].start as usize) < l.content.start {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for j in lo..n {
            let q = self.by_start(j);
            let quote = &a.quotes[q];
            if quote.start as usize >= l.content.end {
                break;
            }
            if quote.end as usize > l.content.end {
                continue;
            }
            self.linked[q] |= mark_linked;
            let b = self.best[q];
            let better = b == NO_LINK
                || l.confidence.total_cmp(&self.links[b as usize].confidence)
                    != std::cmp::Ordering::Less;
            if better {
                self.best[q] = k;
            }
        }
        self.links.push(l);
    }

    /// The most confident link whose content holds quote `q`.
    fn best(&self, q: usize) -> Option<&Link> {
        let b = self.best[q];
        (b != NO_LINK).then(|| &self.links[b as usize])
    }
}

impl Linker<'_, '_, '_> {
    /// Links everything in the document.
    fn link(&self) -> Vec<Link> {
        let mut found = Found::new(self.a);
        let mut used_cues = vec![false; self.a.len()];
        // Quotes with a cue of their own.
        for q in 0..self.a.quotes.len() {
            if let Some(l) = self.link_quote(q) {
                if let Some(c) = &l.cue {
                    used_cues[c.start] = true;
                }
                found.linked[q] = true;
                found.push(self.a, l, false);
            }
        }
        // Reported claims (a quote inside one is part of it). A claim reported inside another
        // claim ("Zelensky said he thought …") is the outer speaker's words, not a second source.
        for s in 0..self.a.seg.sentences.len() {
            let claims = self.link_claims(s, &used_cues);
            for l in self.outermost(claims) {
                found.push(self.a, l, true);
            }
        }
        // Quotes with no cue: the continuation of the quote before, or announced by the sentence
        // before ("Smith said in a statement.").
        for q in 0..self.a.quotes.len() {
            if found.linked[q] {
                continue;
            }
            let prev_link = q.checked_sub(1).and_then(|p| found.best(p));
            if let Some(l) = self
                .continuation(q, prev_link)
                .or_else(|| self.announced(q, &used_cues))
                .or_else(|| self.floating(q))
            {
                if let Some(c) = &l.cue {
                    used_cues[c.start] = true;
                }
                found.linked[q] = true;
                found.push(self.a, l, false);
            }
        }
        // Events and times do not speak ("Tuesday's attack showed …", "2016 said …").
        let mut links = found.links;
        // "According to" may cite them ("according to exit polls from the primary").
        links.retain(|l| {
            l.rule.is_according_to() || !l.speaker.as_ref().is_some_and(|s| self.not_a_source(s))
        });
        links.retain(|l| !self.empty_content(&l.content) && !self.show_title(&l.content));
        dedup(self.nested_quotes_dropped(links))
    }

    /// The claims of one sentence less those reported inside another claim (its cue inside the
    /// other's content), and less an "according to" claim that holds the cue of another: "X said
    /// Y, according to Z" is X's claim. Sorted spans answer "does some content hold this cue"
    /// and "does this content hold some cue" without comparing every pair.
    fn outermost(&self, claims: Vec<Link>) -> Vec<Link> {
        let cue = |l: &Link| self.a.span(l.cue.as_ref().expect("a claim has a cue"));
        // Contents of claims other than "according to".
        let contents = Reach::new(
            claims
                .iter()
                .filter(|l| !l.rule.is_according_to())
                .map(|l| (l.content.start, l.content.end)),
        );
        // Cues of all claims, by start, with the nearest end from there on.
        let mut cues: Vec<(usize, usize)> = claims
            .iter()
            .map(|l| {
                let c = cue(l);
                (c.start, c.end)
            })
            .collect();
        cues.sort_unstable();
        let mut nearest = vec![usize::MAX; cues.len() + 1];
        for k in (0..cues.len()).rev() {
            nearest[k] = nearest[k + 1].min(cues[k].1);
        }
        // A cue inside another claim's content: one that starts at or before it reaches its end.
        let in_other = |l: &Link| {
            let c = cue(l);
            contents
                .furthest_before(c.start + 1)
                .is_some_and(|f| f >= c.end)
        };
        let holds_cue = |l: &Link| {
            let k = cues.partition_point(|&(start, _)| start < l.content.start);
            nearest[k] <= l.content.end
        };
        claims
            .into_iter()
            .filter(|l| !(in_other(l) || l.rule.is_according_to() && holds_cue(l)))
            .collect()
    }
}

impl Linker<'_, '_, '_> {
    /// The links less the quoted fragments of claims: a quotation wholly inside the content of a
    /// claim with quoted words, that the claim's words go on after or that opens in lower case.
    /// In "The minister said it would respond “in kind” to any attack" the quoted words are part
    /// of the minister's claim, not a record of their own (nor the words of "it", read as the
    /// speaker of "respond “in kind”"); attribution corpora annotate them so. A quotation that
    /// ends a claim and opens as a sentence ("… while adding on climate, “I have no doubt …”")
    /// stays: the claim may have run on over a quotation with its own cue.
    fn nested_quotes_dropped(&self, mut links: Vec<Link>) -> Vec<Link> {
        let a = self.a;
        let mixed = Reach::new(
            links
                .iter()
                .filter(|l| l.kind == Kind::Mixed)
                .map(|l| (l.content.start, l.content.end)),
        );
        links.retain(|l| {
            if l.kind != Kind::Direct {
                return true;
            }
            let Some(end) = mixed
                .furthest_before(l.content.start + 1)
                .filter(|&end| end >= l.content.end)
            else {
                return true;
            };
            let lower = a.text[l.content.clone()]
                .chars()
                .find(|c| c.is_alphanumeric())
                .is_some_and(char::is_lowercase);
            // A word of the claim after the quotation, past its closing mark.
            let goes_on = (a.token_at_or_after(l.content.end)..a.token_at_or_after(end))
                .any(|k| !a.is_punct(k));
            !(lower || goes_on)
        });
        links
    }

    /// Whether the content at byte span `content` is a clause cut after its first words: a
    /// clause opener alone or with pronouns ("notes that he", "asked whether", "how"). A
    /// pronoun or a demonstrative alone is left: "she denied it", "he said so". A quotation is
    /// what it is, however short.
    fn empty_content(&self, content: &Range<usize>) -> bool {
        use crate::lexicon::{CLAUSE_OPENERS, CUT_CLAUSE_SUBJECTS};
        let a = self.a;
        let r = a.token_at_or_after(content.start)..a.token_at_or_after(content.end);
        if r.clone().any(|i| a.quoted(i)) {
            return false;
        }
        let mut words = r.filter(|&i| !a.is_punct(i)).map(|i| self.w(i));
        let Some(first) = words.next() else {
            return false;
        };
        if !CLAUSE_OPENERS.contains(&first) {
            return false;
        }
        match words.next() {
            None => first != "that",
            Some(second) => {
                CUT_CLAUSE_SUBJECTS.contains(&second)
                    && words.all(|w| CUT_CLAUSE_SUBJECTS.contains(&w))
            }
        }
    }

    /// Whether the content at byte span `content` is the quoted title of a programme where
    /// something was said, not what was said: after "on", with or without its network's
    /// possessive ("said on “Meet the Press”", "on NBC's “Today”"), or after "episode of" and
    /// the like ("Sunday's broadcast of “Newsnight”").
    fn show_title(&self, content: &Range<usize>) -> bool {
        let a = self.a;
        let r = a.token_at_or_after(content.start)..a.token_at_or_after(content.end);
        let capital = |k: usize| a.word(k).starts_with(char::is_uppercase);
        let Some(first) = r.clone().find(|&k| a.quoted(k) && !a.is_punct(k)) else {
            return false;
        };
        if !capital(first) || !(first..r.end).all(|k| a.quoted(k) || a.is_punct(k)) {
            return false;
        }
        // What opens the content before the title: a noun phrase ending in "broadcast of"
        // ("Sunday's broadcast of"; not a clause: "thinks this is an episode of “Idol”"), or a
        // network's possessive alone ("NBC's").
        let mut p = first;
        while p > r.start && a.is_punct(p - 1) {
            p -= 1;
        }
        if p >= r.start + 2
            && self.w(p - 1) == "of"
            && Self::programme(self.w(p - 2))
            && !(r.start..p - 2).any(|k| a.is_verb(k))
        {
            return true;
        }
        let opens = p == r.start
            || matches!(self.w(p - 1), "'s" | "’s")
                && p - 1 > r.start
                && p - 1 - r.start <= 4
                && (r.start..p - 1).all(|k| !a.quoted(k) && capital(k));
        if !opens {
            return false;
        }
        // Back over the opening marks, and over a network's possessive before the content.
        let mut b = r.start;
        while b > 0 && a.is_punct(b - 1) && !matches!(self.w(b - 1), "," | "." | ":" | ";") {
            b -= 1;
        }
        if b > 1 && matches!(self.w(b - 1), "'s" | "’s") {
            b -= 1;
            let stop = b.saturating_sub(4);
            while b > stop && capital(b - 1) && !a.quoted(b - 1) {
                b -= 1;
            }
        }
        b > 0
            && (self.w(b - 1) == "on"
                || b > 1 && self.w(b - 1) == "of" && Self::programme(self.w(b - 2)))
    }

    /// Whether `w` names an instalment of a programme: "episode", "broadcast", "edition".
    fn programme(w: &str) -> bool {
        matches!(
            w,
            "episode" | "broadcast" | "edition" | "segment" | "installment" | "instalment"
        )
    }
}

/// Keeps one link per content span (the most confident), in text order.
fn dedup(mut links: Vec<Link>) -> Vec<Link> {
    let order = |a: &Link, b: &Link| {
        (a.content.start, a.content.end)
            .cmp(&(b.content.start, b.content.end))
            .then(b.confidence.total_cmp(&a.confidence))
    };
    // The links mostly come in order already; a stable sort would first take room for a copy of
    // them all.
    if !links.is_sorted_by(|a, b| order(a, b).is_le()) {
        links.sort_by(order);
    }
    links.dedup_by(|later, earlier| later.content == earlier.content);
    links
}
