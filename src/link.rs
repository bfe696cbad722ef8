//! Linking quotations and reported claims to a speaker mention and a cue, by rules that each have a
//! name (the record's `rule`), so that every attribution can be traced to the pattern that made it.
//!
//! Direct quotes are linked at the level of quote marks (a quote may span several sentences):
//! `“Q,” S said` / `“Q,” said S` / `S said: “Q”` / `telling …: “Q”` / `adding: “Q”` / `S: “Q”`,
//! and a quote with no cue of its own continues the speaker of the quote just before it.
//! Reported claims are linked at the level of sentences: `S said (that) Q` / `Q, S said` /
//! `according to S`. A claim with quote marks inside is `mixed`; without, `indirect`.

use std::ops::Range;

use crate::analysis::Analysis;
use crate::cues::{self, CueClass, CueVerb};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Direct,
    Mixed,
    Indirect,
}

impl Kind {
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
    pub rule: &'static str,
    pub confidence: f32,
    /// The quote this record reports, for direct quotes.
    pub quote: Option<usize>,
}

/// Auxiliaries and adverbs that may stand between a subject and its reporting verb.
const AUX: &[&str] = &[
    "has",
    "have",
    "had",
    "'s",
    "'ve",
    "'d",
    "also",
    "later",
    "then",
    "previously",
    "repeatedly",
    "since",
    "would",
    "will",
    "could",
    "might",
    "may",
    "must",
    "should",
    "can",
    "did",
    "does",
    "do",
    "just",
    "recently",
    "earlier",
    "again",
    "initially",
    "often",
    "once",
    "reportedly",
    "publicly",
    "privately",
    "long",
    "already",
    "still",
    "even",
    "further",
    "now",
    "first",
    "last",
    "clearly",
    "separately",
    "subsequently",
    "explicitly",
    "openly",
    "quietly",
    "flatly",
    "simply",
    "only",
    "originally",
    "frequently",
    "always",
    "never",
    "not",
    "n't",
    "has since",
];

const NEGATION: &[&str] = &["not", "n't", "never"];

const BE: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "'s", "'re", "am",
];

/// Words that open a noun phrase.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "some", "many", "several", "its", "his",
    "her", "their", "our", "my", "your", "another", "both", "all", "no", "every", "each", "other",
    "most", "few", "one", "two", "three", "four", "five",
];

const PRONOUNS: &[&str] = &["he", "she", "they", "we", "i", "it", "you"];

/// Words after which a clause cannot be a reported claim: the verb is used in another sense.
const NOT_CLAUSE_START: &[&str] = &[
    "as", "after", "before", "when", "while", "because", "if", "in", "on", "at", "during", "for",
    "to", "from", "with", "by", "about", "of", "up", "out", "off", "back", "into", "over", "so",
    "and", "or", "but", "than", "through", "against", "without", "under", "until", "since", "yes",
    "no", "goodbye", "hello", "sorry", "thanks",
];

fn nounish(pos: &str) -> bool {
    matches!(pos, "NNP" | "NNPS" | "NN" | "NNS" | "CD")
}

fn np_internal(pos: &str) -> bool {
    nounish(pos) || matches!(pos, "JJ" | "JJR" | "JJS" | "POS" | "VBN" | "VBG" | "NNP$")
}

pub struct Linker<'a, 't, 'p> {
    a: &'a Analysis<'t, 'p>,
    /// The reporting verb at each token, if it is used as one (see `classify_cue`).
    cues: Vec<Option<CueVerb>>,
}

impl<'a, 't, 'p> Linker<'a, 't, 'p> {
    pub fn new(a: &'a Analysis<'t, 'p>) -> Self {
        let mut l = Linker {
            a,
            cues: Vec::new(),
        };
        l.cues = (0..a.seg.tokens.len()).map(|i| l.classify_cue(i)).collect();
        l
    }

    fn w(&self, i: usize) -> &str {
        &self.a.lower[i]
    }

    fn sent_start(&self, i: usize) -> usize {
        self.a.sentence(self.a.sentence_of[i]).start
    }

    fn sent_end(&self, i: usize) -> usize {
        self.a.sentence(self.a.sentence_of[i]).end
    }

    fn para_range(&self, i: usize) -> Range<usize> {
        self.a
            .paragraph_tokens(self.a.paragraph_of[self.a.sentence_of[i]])
    }

    fn is_entity(&self, i: usize) -> bool {
        self.a.entity_at[i].is_some()
    }

    /// A reporting verb at token `i`, if it is one and is used as one (a verb, not passive).
    pub fn cue_verb(&self, i: usize) -> Option<CueVerb> {
        self.cues[i]
    }

    fn classify_cue(&self, i: usize) -> Option<CueVerb> {
        if self.a.quoted(i) {
            return None;
        }
        let v = cues::verb(self.a.word(i))?;
        let pos = self.a.pos[i];
        let sure = matches!(
            self.w(i),
            "said" | "says" | "told" | "tweeted" | "wrote" | "added"
        );
        // After a pronoun subject a cue form is a verb whatever the tagger thought ("He responds").
        let after_pronoun =
            i > 0 && matches!(self.w(i - 1), "he" | "she" | "they" | "it" | "we" | "i");
        if !pos.starts_with("VB") && !sure && !after_pronoun {
            return None;
        }
        // Passive or hearsay: "is said to", "it is understood", "was told".
        if let Some(j) = self.left_of_aux(i).map(|j| j.0)
            && BE.contains(&self.w(j))
            && (pos == "VBN" || pos == "VBD")
            && !self.w(i).ends_with("ing")
        {
            return None;
        }
        Some(v)
    }

    /// The first token left of `i` that is not an auxiliary or adverb, and whether a negation was
    /// skipped on the way.
    fn left_of_aux(&self, i: usize) -> Option<(usize, bool)> {
        let start = self.sent_start(i);
        let mut j = i;
        let mut negated = false;
        while j > start {
            j -= 1;
            let w = self.w(j);
            if AUX.contains(&w)
                || (self.a.pos[j] == "RB" && !self.a.quoted(j))
                || self.a.pos[j] == "MD"
            {
                negated |= NEGATION.contains(&w);
                continue;
            }
            return Some((j, negated));
        }
        None
    }

    /// The noun phrase that ends at token `j` (inclusive).
    fn np_left(&self, j: usize) -> Option<Range<usize>> {
        let start = self.sent_start(j);
        let w = self.w(j);
        if self.a.quoted(j) {
            return None;
        }
        if self.a.pos[j] == "PRP" {
            return PRONOUNS.contains(&w).then_some(j..j + 1);
        }
        if matches!(w, "who" | "which" | "that") {
            return None;
        }
        if !(nounish(self.a.pos[j]) || self.is_entity(j)) {
            return None;
        }
        let mut k = j;
        while k > start {
            let p = k - 1;
            let pw = self.w(p);
            if self.a.quoted(p) {
                break;
            }
            if DETERMINERS.contains(&pw) || self.a.pos[p] == "PRP$" || self.a.pos[p] == "DT" {
                k = p;
                break;
            }
            if np_internal(self.a.pos[p]) || self.is_entity(p) || pw == "-" || pw == "&" {
                k = p;
                continue;
            }
            // "leader of the Civic Alliance", "secretary of state".
            if pw == "of"
                && p > start
                && (nounish(self.a.pos[p - 1]) || self.is_entity(p - 1))
                && j - p < 6
            {
                k = p;
                continue;
            }
            break;
        }
        // Do not start on a possessive marker, or a participle.
        while k < j && (self.a.pos[k] == "POS" || self.a.pos[k].starts_with("VB")) {
            k += 1;
        }
        Some(k..j + 1)
    }

    /// The noun phrase that starts at token `i`.
    fn np_right(&self, i: usize) -> Option<Range<usize>> {
        let end = self.sent_end(i);
        if i >= end || self.a.quoted(i) {
            return None;
        }
        let w = self.w(i);
        if self.a.pos[i] == "PRP" {
            return PRONOUNS.contains(&w).then_some(i..i + 1);
        }
        let mut k = i;
        if DETERMINERS.contains(&w) || self.a.pos[i] == "DT" || self.a.pos[i] == "PRP$" {
            k += 1;
        }
        let mut last_noun = None;
        while k < end && !self.a.quoted(k) {
            let pos = self.a.pos[k];
            let of_phrase = self.w(k) == "of"
                && k + 1 < end
                && (nounish(self.a.pos[k + 1]) || self.w(k + 1) == "the");
            if nounish(pos) || self.is_entity(k) {
                last_noun = Some(k);
            } else if !(np_internal(pos) || matches!(self.w(k), "-" | "&") || of_phrase) {
                break;
            }
            k += 1;
        }
        last_noun.map(|e| i..e + 1)
    }

    /// The speaker mention of a cue at token `c`, and the rule that found it.
    fn subject_of(&self, c: usize) -> Option<(Range<usize>, &'static str)> {
        let (j, negated) = self.left_of_aux(c)?;
        if negated {
            return None;
        }
        let w = self.w(j);
        // "senators who said": the relative pronoun's antecedent.
        if matches!(w, "who" | "which" | "that") && j > self.sent_start(j) {
            let k = if self.w(j - 1) == "," {
                j.checked_sub(2)?
            } else {
                j - 1
            };
            return self.np_left(k).map(|r| (r, "relative"));
        }
        // "S, the … minister, said" / "S, who …, said": apposition.
        if w == "," {
            return self.appositive_left(j).map(|np| (np, "apposition"));
        }
        self.np_left(j).map(|r| (r, "subject"))
    }

    /// The subject of the clause that a participle (`…, saying`) hangs from: the nearest finite
    /// verb to the left with a noun-phrase subject.
    fn clause_subject(&self, c: usize) -> Option<Range<usize>> {
        let start = self.sent_start(c);
        let mut k = c;
        while k > start {
            k -= 1;
            if self.a.quoted(k) || !matches!(self.a.pos[k], "VBD" | "VBZ" | "VBP" | "VBN" | "MD") {
                continue;
            }
            if let Some((j, _)) = self.left_of_aux(k) {
                if self.a.pos[j] == "EX" || self.w(j) == "it" {
                    continue;
                }
                if let Some(np) = self.np_left(j) {
                    return Some(np);
                }
            }
        }
        None
    }

    fn skip_aux_right(&self, mut c: usize, end: usize) -> usize {
        while c < end
            && (AUX.contains(&self.w(c)) || self.a.pos[c] == "RB")
            && !NEGATION.contains(&self.w(c))
        {
            c += 1;
        }
        c
    }

    /// Whether tokens can stand between a cue and its quote: no quotation, and no finite verb
    /// except inside a relative clause ("said Edward Leamer, an economist who is …,").
    fn plausible_bridge(&self, r: Range<usize>) -> bool {
        let mut relative = false;
        for k in r {
            if self.a.quoted(k) {
                return false;
            }
            if matches!(self.w(k), "who" | "which" | "whose" | "where") {
                relative = true;
            }
            if matches!(self.a.pos[k], "VBD" | "VBZ" | "VBP" | "MD") && !relative {
                return false;
            }
        }
        true
    }

    /// From a comma after a noun phrase, the token after the comma that closes an appositive or a
    /// relative clause (", the minister,", ", who was listed on the slate,").
    fn skip_appositive_right(&self, c: usize) -> Option<usize> {
        let end = self.sent_end(c);
        let first = c + 1;
        if first >= end {
            return None;
        }
        let starts_ok = matches!(self.w(first), "who" | "which" | "whose" | "of" | "from")
            || DETERMINERS.contains(&self.w(first))
            || np_internal(self.a.pos[first])
            || self.a.pos[first] == "PRP$";
        if !starts_ok {
            return None;
        }
        let close = (first + 1..end.min(first + 30)).find(|&k| self.w(k) == ",")?;
        self.plausible_bridge(first..close).then_some(close + 1)
    }

    /// From a comma before a cue, the noun phrase before an appositive or relative clause that ends
    /// at that comma ("Valdez Anderson, who works in Sacramento, said").
    fn appositive_left(&self, comma: usize) -> Option<Range<usize>> {
        let start = self.sent_start(comma);
        let lo = comma.saturating_sub(30).max(start);
        let open = (lo..comma).rev().find(|&k| self.w(k) == ",")?;
        if open == start || !self.plausible_bridge(open + 1..comma) {
            return None;
        }
        let first = self.w(open + 1);
        let starts_ok = matches!(first, "who" | "which" | "whose")
            || DETERMINERS.contains(&first)
            || np_internal(self.a.pos[open + 1])
            || self.a.pos[open + 1] == "PRP$";
        if !starts_ok {
            return None;
        }
        self.np_left(open - 1)
    }

    /// The nearest finite verb left of `c` in its sentence and its subject noun phrase.
    fn finite_verb_with_subject(&self, c: usize) -> Option<(usize, Range<usize>)> {
        let start = self.sent_start(c);
        (start..c).rev().find_map(|k| {
            if self.a.quoted(k) || !matches!(self.a.pos[k], "VBD" | "VBZ" | "VBP") {
                return None;
            }
            let (j, negated) = self.left_of_aux(k)?;
            if negated {
                return None;
            }
            self.np_left(j).map(|np| (k, np))
        })
    }

    /// Speaker of a cue, trying subject, apposition and relative patterns, then the participle's
    /// clause subject, then inversion (`said S`).
    fn speaker_of(&self, c: usize, allow_inversion: bool) -> Option<(Range<usize>, &'static str)> {
        if let Some(s) = self.subject_of(c) {
            return Some(s);
        }
        let participle = self.w(c).ends_with("ing") && c > 0 && self.w(c - 1) == ",";
        if participle {
            return self.clause_subject(c).map(|r| (r, "participle"));
        }
        // "became a delegate and said …": the subject of the first verb.
        if c > 0 && matches!(self.w(c - 1), "and" | "but") {
            return self.clause_subject(c - 1).map(|r| (r, "coordinated"));
        }
        if allow_inversion {
            return self.np_right(c + 1).map(|r| (r, "inverted"));
        }
        None
    }

    /// Links everything in the document.
    pub fn link(&self) -> Vec<Link> {
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
            let according = |l: &Link| l.rule.contains("according");
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

    /// Words of the quote's sentence before its opening mark, other than conjunctions.
    fn lead_in(&self, r: &Range<usize>) -> usize {
        (self.sent_start(r.start)..r.start)
            .filter(|&i| !self.a.is_punct(i) && !matches!(self.w(i), "and" | "but" | "so"))
            .count()
    }

    /// A quote with no cue of its own continues the speaker of the quote just before it, when
    /// nothing but that quote's attribution stands between them.
    fn continuation(&self, q: usize, done: &[Link]) -> Option<Link> {
        let quote = &self.a.quotes[q];
        let r = self.quote_tokens(q);
        if q == 0 || r.is_empty() || self.lead_in(&r) > 0 || self.sentence_has_cue(r.clone()) {
            return None;
        }
        let prev = &self.a.quotes[q - 1];
        let prev_link = done
            .iter()
            .filter(|l| l.content.start <= prev.start && prev.end <= l.content.end)
            .max_by(|a, b| a.confidence.total_cmp(&b.confidence))?;
        prev_link.speaker.as_ref()?;
        if !(quote.continues || self.nothing_between(q - 1, q, prev_link)) {
            return None;
        }
        Some(Link {
            content: quote.start..quote.end,
            kind: Kind::Direct,
            speaker: prev_link.speaker.clone(),
            cue: None,
            rule: "continuation",
            confidence: prev_link.confidence * 0.9,
            quote: Some(q),
        })
    }

    /// "Smith said in a statement." followed by a quote: the sentence just before the quote is an
    /// attribution with nothing to attribute.
    fn announced(&self, q: usize, used: &[usize]) -> Option<Link> {
        let quote = &self.a.quotes[q];
        let r = self.quote_tokens(q);
        if r.is_empty() || self.lead_in(&r) > 0 || self.sentence_has_cue(r.clone()) {
            return None;
        }
        let s = self.a.sentence_of[r.start];
        let prev = self.a.sentence(s.checked_sub(1)?);
        if self.a.paragraph_of[s - 1] + 1 < self.a.paragraph_of[s]
            || prev.clone().any(|i| self.a.quoted(i))
        {
            return None;
        }
        for c in prev.clone() {
            if used.contains(&c) {
                continue;
            }
            let Some(v) = self.cue_verb(c) else { continue };
            if v.class != CueClass::Speech
                && v.class != CueClass::SpeechTo
                && v.class != CueClass::Written
            {
                continue;
            }
            let Some((speaker, _)) = self.speaker_of(c, false) else {
                continue;
            };
            // Nothing after the cue but its phrase ("in a statement", "on Tuesday").
            let rest = self.attribution_end(c, prev.end);
            if (rest..prev.end).all(|i| self.a.is_punct(i)) {
                return Some(Link {
                    content: quote.start..quote.end,
                    kind: Kind::Direct,
                    speaker: Some(speaker),
                    cue: Some(c..c + 1),
                    rule: "speaker-said-then-quote",
                    confidence: 0.75,
                    quote: Some(q),
                });
            }
        }
        None
    }

    /// Token range of a quote's marks and content: first token of the opening mark to one past the
    /// closing mark.
    fn quote_tokens(&self, q: usize) -> Range<usize> {
        let quote = &self.a.quotes[q];
        let a = self.a.token_at_or_after(quote.open);
        let b = self.a.token_at_or_after(quote.close.max(quote.end));
        a..b
    }

    fn link_quote(&self, q: usize) -> Option<Link> {
        let quote = &self.a.quotes[q];
        let r = self.quote_tokens(q);
        if r.is_empty() {
            return None;
        }
        let para = self.para_range(r.start);
        let direct = |speaker, cue, rule, confidence| Link {
            content: quote.start..quote.end,
            kind: Kind::Direct,
            speaker,
            cue,
            rule,
            confidence,
            quote: Some(q),
        };
        // Words of the same sentence before the quote (other than conjunctions) make it part of
        // a clause: a mixed claim, linked with its sentence.
        let sent_start = self.sent_start(r.start);
        let lead_in = self.lead_in(&r);

        // “Q,” S said / “Q,” said S / “Q,” S, the minister, said.
        let mut b = r.end;
        while b < para.end && matches!(self.w(b), "," | "--" | "-" | ")") {
            b += 1;
        }
        if b < para.end && lead_in == 0 {
            if let Some(v) = self.cue_verb(b)
                && let Some(np) = self.np_right(b + 1)
            {
                let conf = 0.9 * v.class.weight().max(0.8);
                return Some(direct(Some(np), Some(b..b + 1), "quote-said-speaker", conf));
            }
            if let Some(np) = self.np_right(b) {
                let mut c = self.skip_aux_right(np.end, para.end);
                let mut rule = "quote-speaker-said";
                // A prepositional phrase ("a staffer in the room wondered") and up to five
                // appositive segments ("Harry Bond, 30, of Raleigh, N.C., who …, said").
                if c < para.end
                    && self.w(c) == "in"
                    && let Some(pp) = self.np_right(c + 1)
                {
                    let after = self.skip_aux_right(pp.end, para.end);
                    if after < para.end && self.cue_verb(after).is_some() {
                        c = after;
                    }
                }
                for _ in 0..5 {
                    if c >= para.end || self.w(c) != "," || self.cue_verb(c).is_some() {
                        break;
                    }
                    let Some(after) = self.skip_appositive_right(c) else {
                        break;
                    };
                    c = self.skip_aux_right(after, para.end);
                    rule = "quote-speaker-said+apposition";
                }
                if c < para.end
                    && let Some(v) = self.cue_verb(c)
                {
                    let conf = 0.95 * v.class.weight().max(0.8);
                    return Some(direct(Some(np), Some(c..c + 1), rule, conf));
                }
            }
        }

        // S said: “Q” / telling X: “Q” / adding: “Q” / saying “no” / said in March, “Q” /
        // according to S: “Q”.
        if r.start > sent_start {
            let mut a = r.start;
            let mut punct = None;
            if matches!(self.w(a - 1), ":" | ",") {
                punct = Some(self.w(a - 1).to_string());
                a -= 1;
            }
            // The cue, possibly followed by a listener, a short phrase ("told reporters", "said in
            // a statement") or the speaker and an appositive ("said Edward Leamer, an economist,").
            let reach = if punct.is_some() { 30 } else { 1 };
            let lo = a.saturating_sub(reach).max(sent_start);
            for c in (lo..a).rev() {
                if self.w(c) == "according"
                    && c + 1 < a
                    && self.w(c + 1) == "to"
                    && punct.is_some()
                    && let Some(np) = self.np_right(c + 2)
                {
                    return Some(direct(Some(np), Some(c..c + 2), "according-to-quote", 0.85));
                }
                if let Some(v) = self.cue_verb(c) {
                    if !self.plausible_bridge(c + 1..a) {
                        break;
                    }
                    let inverted = c > sent_start && self.a.mark_of[c - 1].is_some()
                        || c > sent_start + 1
                            && self.w(c - 1) == ","
                            && self.a.mark_of[c - 2].is_some();
                    let (speaker, rule) = match self.speaker_of(c, inverted) {
                        Some((s, how)) => (Some(s), rule_before(c + 1 == a, how)),
                        None => (None, "said-quote"),
                    };
                    // A verb of thought before a quote ("he did not feel “…”") is not a cue, nor
                    // is "called X “…”" without a colon, nor a quote inside a that-clause.
                    let weak = v.class == CueClass::Weak && punct.as_deref() != Some(":");
                    if v.class == CueClass::Belief
                        || weak
                        || (c + 1..a).any(|k| self.w(k) == "that")
                    {
                        break;
                    }
                    let conf =
                        if speaker.is_some() { 0.9 } else { 0.6 } * v.class.weight().max(0.8);
                    return Some(direct(speaker, Some(c..c + 1), rule, conf));
                }
                if self.a.quoted(c) {
                    break;
                }
            }
            // S did something: “Q” ("Mr. Smith shot back: “…”", "Ridge put it: “…”").
            if punct.as_deref() == Some(":")
                && let Some((verb, np)) = self.finite_verb_with_subject(a)
            {
                let person = np.clone().any(|i| {
                    self.a
                        .entity(i)
                        .is_some_and(|e| e.kind == crate::ner::EntityType::Per)
                }) || np.len() == 1 && matches!(self.w(np.start), "he" | "she");
                if person && a.saturating_sub(verb) <= 10 {
                    return Some(direct(
                        Some(np),
                        Some(verb..verb + 1),
                        "speaker-verb-colon-quote",
                        0.6,
                    ));
                }
            }
            // S: “Q”
            if punct.as_deref() == Some(":")
                && a > sent_start
                && let Some(np) = self.np_left(a - 1)
                && np.start == sent_start
                && np.clone().any(|i| self.is_entity(i))
            {
                return Some(direct(Some(np), Some(a..a + 1), "speaker-colon-quote", 0.8));
            }
        }

        None
    }

    /// Whether quote `q` follows quote `prev` with only its attribution between them: the same
    /// paragraph or the next, no sentence in between that is not part of the previous link.
    fn nothing_between(&self, prev: usize, q: usize, prev_link: &Link) -> bool {
        let pr = self.quote_tokens(prev);
        let qr = self.quote_tokens(q);
        let (pp, qp) = (
            self.a.paragraph_of[self.a.sentence_of[pr.start]],
            self.a.paragraph_of[self.a.sentence_of[qr.start]],
        );
        if qp > pp + 1 {
            return false;
        }
        // The previous quote's attribution ends its sentence; the next quote starts a sentence.
        let mut last = pr.end;
        if let Some(c) = &prev_link.cue {
            last = last.max(c.end);
        }
        if let Some(s) = &prev_link.speaker {
            last = last.max(s.end);
        }
        let gap_start = self.sent_end(last.saturating_sub(1).max(pr.start));
        gap_start >= qr.start || (gap_start..qr.start).all(|i| self.a.is_punct(i))
    }

    fn sentence_has_cue(&self, r: Range<usize>) -> bool {
        let s = self.sent_start(r.start);
        let e = self.sent_end(r.end.saturating_sub(1).max(r.start));
        (s..e).any(|i| !self.a.quoted(i) && self.cue_verb(i).is_some())
    }

    /// Reported claims of sentence `s`: `S said (that) Q`, `Q, S said`, `Q, said S`,
    /// `Q1, S said, Q2`, `according to S`.
    fn link_claims(&self, s: usize, used: &[usize]) -> Vec<Link> {
        let r = self.a.sentence(s);
        let mut out = Vec::new();
        for c in r.clone() {
            if used.contains(&c) {
                continue;
            }
            // according to S
            if self.w(c) == "according" && c + 1 < r.end && self.w(c + 1) == "to" {
                out.extend(self.according_to(c, r.clone()));
                continue;
            }
            let Some(v) = self.cue_verb(c) else { continue };
            let speaker = self.speaker_of(c, false);
            // S said (that) Q.
            if let Some((speaker, how)) = &speaker {
                if self.first_person(speaker) {
                    continue;
                }
                let end = self.clause_end(c + 1, r.end);
                if let Some(content) = self.complement(c, v, end) {
                    out.push(self.claim(
                        content,
                        speaker.clone(),
                        c,
                        "speaker-said-clause",
                        v,
                        how,
                    ));
                    continue;
                }
            }
            // Q, S said. / Q, said S. / Q1, S said, Q2.
            let (speaker, how, rule) = match speaker {
                Some((sp, how)) if how == "subject" && self.after_comma(sp.start, r.start) => {
                    (sp, how, "clause-speaker-said")
                }
                Some((sp, how)) if how == "apposition" => (sp, how, "clause-speaker-said"),
                None if self.after_comma(c, r.start) => match self.np_right(c + 1) {
                    Some(sp) => (sp, "inverted", "clause-said-speaker"),
                    None => continue,
                },
                _ => continue,
            };
            if self.first_person(&speaker) {
                continue;
            }
            // The clause before the attribution: up to the comma before the speaker (or before the
            // cue, when inverted), or before the appositive.
            let left_edge = if rule == "clause-said-speaker" {
                c
            } else {
                speaker.start
            };
            // The comma may sit inside a closing quote mark: `Voters “think …,” he said`.
            let mut mark_start = left_edge;
            while mark_start > r.start && self.a.mark_of[mark_start - 1].is_some() {
                mark_start -= 1;
            }
            let comma_in_quote =
                mark_start < left_edge && mark_start > r.start + 1 && self.w(mark_start - 1) == ",";
            let (comma, content_end) = if comma_in_quote {
                (mark_start - 1, left_edge)
            } else {
                let comma = (r.start..left_edge)
                    .rev()
                    .find(|&k| self.w(k) == "," && !self.a.quoted(k));
                let Some(comma) = comma.filter(|&k| {
                    (k + 1..left_edge).all(|j| !self.a.is_verb(j) || how == "apposition")
                }) else {
                    continue;
                };
                (comma, comma)
            };
            let content = self.trim(r.start..content_end);
            // A parenthetical attribution goes on: "Q1, he said, Q2." Both parts are the claim,
            // however short the first ("Bob, they said, ordered them to wait").
            let after = self.attribution_end(c, r.end);
            let rest = (after < r.end && self.w(after) == "," && !comma_in_quote && comma < c)
                .then(|| self.trim(after + 1..self.clause_end(after + 1, r.end)))
                .filter(|rest| self.is_clause(rest));
            if let Some(rest) = rest {
                if !content.is_empty() {
                    out.push(self.claim(content, speaker.clone(), c, "parenthetical", v, how));
                }
                out.push(self.claim(rest, speaker, c, "parenthetical", v, how));
            } else if self.is_clause(&content) {
                out.push(self.claim(content, speaker, c, rule, v, how));
            }
        }
        out
    }

    /// Whether token `i` follows a comma, possibly inside a closing quote mark (`…,” he said`).
    fn after_comma(&self, i: usize, start: usize) -> bool {
        let mut k = i;
        while k > start && self.a.mark_of[k - 1].is_some() {
            k -= 1;
        }
        k > start + 1 && self.w(k - 1) == ","
    }

    /// First- and second-person speakers outside quotations are the writer or the reader, not a
    /// source ("we believe quality journalism …").
    fn first_person(&self, speaker: &Range<usize>) -> bool {
        speaker.len() == 1 && matches!(self.w(speaker.start), "i" | "we" | "you")
    }

    /// The token after a cue and what belongs to it: an inverted speaker, adverbs, a short
    /// prepositional phrase ("said in a statement", "said on Sunday").
    fn attribution_end(&self, c: usize, end: usize) -> usize {
        let mut k = c + 1;
        if let Some(np) = self.np_right(k) {
            k = np.end;
        }
        while k < end && (self.a.pos[k] == "RB" || self.a.pos[k] == "NNP" && self.is_day(k)) {
            k += 1;
        }
        if k < end
            && matches!(self.a.pos[k], "IN" | "TO")
            && self.w(k) != "that"
            && let Some(np) = self.np_right(k + 1)
        {
            k = np.end;
        }
        k
    }

    fn is_day(&self, k: usize) -> bool {
        matches!(
            self.w(k),
            "monday"
                | "tuesday"
                | "wednesday"
                | "thursday"
                | "friday"
                | "saturday"
                | "sunday"
                | "today"
                | "yesterday"
        )
    }

    fn claim(
        &self,
        content: Range<usize>,
        speaker: Range<usize>,
        c: usize,
        rule: &'static str,
        v: CueVerb,
        how: &str,
    ) -> Link {
        let quoted = content
            .clone()
            .any(|i| self.a.mark_of[i].is_some() || self.a.quote_at[i].is_some());
        let rule = match how {
            "apposition" => match rule {
                "clause-speaker-said" => "clause-speaker-said+apposition",
                _ => "speaker-said-clause+apposition",
            },
            "relative" => "relative-said-clause",
            "participle" => "participle-clause",
            _ => rule,
        };
        let pronoun = speaker.len() == 1 && self.a.pos[speaker.start] == "PRP";
        Link {
            content: self.a.span(&content),
            kind: if quoted { Kind::Mixed } else { Kind::Indirect },
            speaker: Some(speaker),
            cue: Some(c..c + 1),
            rule,
            confidence: v.class.weight() * if pronoun { 0.85 } else { 0.95 },
            quote: None,
        }
    }

    /// The clause a cue verb introduces: after the verb, a listener for tell-verbs, an optional
    /// "that" and a short phrase before it ("said on Sunday that").
    fn complement(&self, c: usize, v: CueVerb, end: usize) -> Option<Range<usize>> {
        let mut i = c + 1;
        if i >= end {
            return None;
        }
        if v.class == CueClass::SpeechTo && self.w(i) != "that" {
            if self.a.pos[i] == "PRP" {
                i += 1;
            } else if let Some(np) = self.np_right(i) {
                i = np.end;
            }
        }
        // Adverbs and a short prepositional phrase before "that": "said in a statement that",
        // "said on Sunday that", "said again that". A noun phrase there is the verb's object
        // ("rejected claims that …"): the claim is not the subject's.
        let mut k = i;
        while k < end && self.a.pos[k].starts_with("RB") {
            k += 1;
        }
        let mut pp = k;
        for _ in 0..3 {
            if pp < end && self.is_day(pp) {
                pp += 1;
            } else if pp < end && matches!(self.a.pos[pp], "IN" | "TO") && self.w(pp) != "that" {
                pp = self.np_right(pp + 1).map_or(pp + 1, |np| np.end);
            } else {
                break;
            }
            if pp < end && self.w(pp) == "that" {
                k = pp;
                break;
            }
        }
        if k < end && self.w(k) == "that" {
            i = k;
        }
        let that = i < end && self.w(i) == "that";
        if that {
            i += 1;
        } else if v.class == CueClass::Weak {
            // "called the plan “a basis”": naming verbs report the quoted words they give; other
            // weak verbs ("rejected claims") report only with "that".
            let naming = matches!(
                v.lemma,
                "call" | "describe" | "brand" | "label" | "dub" | "characterize" | "characterise"
            );
            let close = (i..end).find(|&k| {
                self.a.mark_of[k].is_some() && k > i && self.a.quote_at[k - 1].is_some()
            });
            return match close {
                Some(k)
                    if naming
                        && (i..k)
                            .all(|j| !matches!(self.a.pos[j], "VBD" | "VBZ" | "VBP" | "MD")) =>
                {
                    Some(i..k + 1)
                }
                _ => None,
            };
        }
        if i >= end {
            return None;
        }
        let first = self.w(i);
        if !that && NOT_CLAUSE_START.contains(&first)
            || self.a.is_punct(i) && self.a.mark_of[i].is_none()
        {
            return None;
        }
        let content = self.trim(i..end);
        self.is_clause(&content).then_some(content)
    }

    fn according_to(&self, c: usize, r: Range<usize>) -> Option<Link> {
        let speaker = self.np_right(c + 2)?;
        let end = self.clause_end(speaker.end, r.end);
        let (content, rule) = if c > r.start && self.w(c - 1) == "," {
            (self.trim(r.start..c - 1), "clause-according-to")
        } else if c == r.start && speaker.end < end && self.w(speaker.end) == "," {
            (self.trim(speaker.end + 1..end), "according-to-clause")
        } else {
            return None;
        };
        if !self.is_clause(&content) {
            return None;
        }
        let quoted = content.clone().any(|i| self.a.quoted(i));
        Some(Link {
            content: self.a.span(&content),
            kind: if quoted { Kind::Mixed } else { Kind::Indirect },
            speaker: Some(speaker),
            cue: Some(c..c + 2),
            rule,
            confidence: 0.85,
            quote: None,
        })
    }

    /// End of a reported clause that starts at `from`: the sentence end, or earlier where another
    /// clause or attribution begins (", but", "; ", ", adding", ", he said", ", according to").
    fn clause_end(&self, from: usize, end: usize) -> usize {
        let mut k = from;
        while k < end {
            if self.a.quoted(k) {
                k += 1;
                continue;
            }
            let w = self.w(k);
            if matches!(w, ";" | "--" | "—" | "–") {
                return k;
            }
            if w == "," && k + 1 < end {
                let next = self.w(k + 1);
                if matches!(
                    next,
                    "but" | "while" | "although" | "though" | "whereas" | "yet" | "according"
                ) {
                    return k;
                }
                if self.cue_verb(k + 1).is_some() && next.ends_with("ing") {
                    return k;
                }
                // ", he said" / ", the minister said" / ", said Smith"
                if self.cue_verb(k + 1).is_some() {
                    return k;
                }
                if let Some(np) = self.np_right(k + 1) {
                    let c = self.skip_aux_right(np.end, end);
                    if c < end && self.cue_verb(c).is_some() {
                        return k;
                    }
                }
            }
            k += 1;
        }
        end
    }

    /// Drops leading conjunctions and trailing punctuation (but keeps closing quote marks).
    fn trim(&self, mut r: Range<usize>) -> Range<usize> {
        while r.start < r.end
            && (matches!(self.w(r.start), "and" | "but" | "," | "--")
                && self.a.mark_of[r.start].is_none())
        {
            r.start += 1;
        }
        while r.end > r.start && self.a.is_punct(r.end - 1) && self.a.mark_of[r.end - 1].is_none() {
            r.end -= 1;
        }
        r
    }

    /// A reported clause has a verb and at least three words.
    fn is_clause(&self, r: &Range<usize>) -> bool {
        r.len() >= 3 && r.clone().any(|i| self.a.is_verb(i))
    }
}

fn rule_before(adjacent: bool, how: &str) -> &'static str {
    match (adjacent, how) {
        (_, "participle") => "participle-quote",
        (true, "apposition") => "speaker-said-quote+apposition",
        (true, _) => "speaker-said-quote",
        (false, _) => "telling-quote",
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
