//! Rules for direct quotations, linked at the level of quote marks (a quote may span several
//! sentences and paragraphs): `“Q,” S said`, `“Q,” said S`, `S said: “Q”`, `telling …: “Q”`,
//! `adding: “Q”`, `S: “Q”`, `S shot back: “Q”`, `according to S: “Q”`, a quote announced by the
//! sentence before (`S said in a statement.`), and a quote with no cue of its own that continues
//! the speaker of the quote before it.

use super::grammar::Syntax;
use super::rules::RuleId;
use super::{Kind, Link, Linker};
use crate::cues::CueClass;
use crate::lexicon::{BULLETS, OFFICE_NOUNS, WRITTEN_NOUNS};

impl Linker<'_, '_, '_> {
    pub(super) fn link_quote(&self, q: usize) -> Option<Link> {
        let quote = &self.a.quotes[q];
        let r = self.quote_tokens(q);
        if r.is_empty() {
            return None;
        }
        let para = self.a.para_range(r.start);
        let direct = |speaker, cue, rule, confidence| Link {
            content: quote.content_span(),
            kind: Kind::Direct,
            speaker,
            source: None,
            cue,
            rule,
            confidence,
            quote: Some(q),
            model_score: None,
        };
        // Words of the same sentence before the quote (other than conjunctions) make it part of
        // a clause: a mixed claim, linked with its sentence.
        let sent_start = self.sent_start(r.start);
        let lead_in = self.lead_in(&r);

        // “Q,” S said / “Q,” said S / “Q,” S, the minister, said.
        let mut b = r.end;
        let mut dash = false;
        while b < para.end && matches!(self.w(b), "," | "--" | "-" | "—" | "–" | ")") {
            dash |= matches!(self.w(b), "--" | "-" | "—" | "–");
            b += 1;
        }
        if b < para.end && lead_in == 0 {
            // “Q,” according to S.
            if self.cues.according_to(b)
                && let Some(np) = self.np_right(b + 2)
            {
                let rule = RuleId::QuoteAccordingTo;
                return Some(direct(Some(np), Some(b..b + 2), rule, rule.confidence()));
            }
            if let Some(v) = self.cue_verb(b)
                && let Some(np) = self.np_right(b + 1)
            {
                let rule = RuleId::QuoteSaidSpeaker;
                let conf = rule.confidence() * v.class.weight().max(0.8);
                return Some(direct(Some(np), Some(b..b + 1), rule, conf));
            }
            if let Some(np) = self.np_right(b) {
                let mut c = self.skip_aux_right(np.end, para.end);
                let mut rule = RuleId::QuoteSpeakerSaid;
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
                    rule = RuleId::QuoteSpeakerSaidApposition;
                }
                if c < para.end
                    && let Some(v) = self.cue_verb(c)
                {
                    let conf = rule.confidence() * v.class.weight().max(0.8);
                    return Some(direct(Some(np), Some(c..c + 1), rule, conf));
                }
                // “Q” — Commissioner S: a dash, a name, and nothing more in the sentence but
                // punctuation or an appositive.
                let end = self.sent_end(np.start);
                if dash
                    && np.clone().any(|i| self.is_entity(i))
                    && (np.end >= end || matches!(self.w(np.end), "." | "," | ";" | ")"))
                {
                    let rule = RuleId::QuoteDashSpeaker;
                    let d = b - 1;
                    return Some(direct(Some(np), Some(d..d + 1), rule, rule.confidence()));
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
            // Her statement read: “Q” / the post read, “Q”.
            if a > sent_start + 1
                && matches!(self.w(a - 1), "read" | "reads")
                && let Some(np) = self.np_left(a - 2)
                && WRITTEN_NOUNS.contains(&self.w(np.end - 1))
            {
                let rule = RuleId::StatementRead;
                return Some(direct(Some(np), Some(a - 1..a), rule, rule.confidence()));
            }
            // The cue, possibly followed by a listener, a short phrase ("told reporters", "said in
            // a statement") or the speaker and an appositive ("said Edward Leamer, an economist,").
            let reach = if punct.is_some() { 30 } else { 1 };
            let lo = a.saturating_sub(reach).max(sent_start);
            for c in (lo..a).rev() {
                if self.cues.according_to(c)
                    && c + 1 < a
                    && punct.is_some()
                    && let Some(np) = self.np_right(c + 2)
                {
                    return Some(direct(
                        Some(np),
                        Some(c..c + 2),
                        RuleId::AccordingToQuote,
                        RuleId::AccordingToQuote.confidence(),
                    ));
                }
                if let Some(v) = self.cue_verb(c) {
                    if !self.plausible_bridge(c + 1..a) {
                        break;
                    }
                    // Inverted after a quote (“…,” said S), or at the head of its sentence
                    // ("Said S, “…”", "But, said S, “…”").
                    let inverted = c > sent_start && self.a.mark_of(c - 1).is_some()
                        || c > sent_start + 1
                            && self.w(c - 1) == ","
                            && self.a.mark_of(c - 2).is_some()
                        || c - sent_start <= 3
                            && (sent_start..c).all(|k| matches!(self.w(k), "," | "and" | "but"));
                    let (speaker, rule) = match self.speaker_of(c, inverted) {
                        Some((s, how)) => (Some(s), rule_before(c + 1 == a, how)),
                        None => (None, RuleId::SaidQuote),
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
                    let conf = rule.confidence() * v.class.weight().max(0.8);
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
                }) || np.len() == 1 && matches!(self.w(np.start), "he" | "she")
                    // "The governor was more cautious: “…”": a person by office or role.
                    || np.len() <= 4
                        && matches!(self.w(np.start), "the" | "a" | "an")
                        && OFFICE_NOUNS.contains(&self.w(np.end - 1));
                if person && a.saturating_sub(verb) <= 10 {
                    return Some(direct(
                        Some(np),
                        Some(verb..verb + 1),
                        RuleId::SpeakerVerbColonQuote,
                        RuleId::SpeakerVerbColonQuote.confidence(),
                    ));
                }
            }
            // A list item may open with a bullet.
            let mut item_start = sent_start;
            while item_start < a && BULLETS.contains(&self.w(item_start)) {
                item_start += 1;
            }
            // ANALYST'S VIEWPOINT: “Q” — a label in capitals (a kicker, a list item): the words
            // before the possessive, or the whole label.
            if punct.as_deref() == Some(":")
                && a > item_start
                && a - item_start <= 6
                && self
                    .a
                    .paragraph_tokens(self.a.paragraph_of[self.a.sentence_of(a)])
                    .start
                    == sent_start
                && (item_start..a).all(|i| {
                    let w = self.a.word(i);
                    !w.chars().any(char::is_lowercase)
                })
                && (item_start..a)
                    .any(|i| self.a.word(i).chars().filter(|c| c.is_uppercase()).count() >= 2)
            {
                let label_end = (item_start..a)
                    .find(|&i| matches!(self.a.word(i), "'S" | "’S" | "'" | "’"))
                    .unwrap_or(a);
                if label_end > item_start {
                    let rule = RuleId::LabelColonQuote;
                    return Some(direct(
                        Some(item_start..label_end),
                        Some(a..a + 1),
                        rule,
                        rule.confidence(),
                    ));
                }
            }
            // S: “Q”
            if punct.as_deref() == Some(":")
                && a > sent_start
                && let Some(np) = self.np_left(a - 1)
                && np.start <= item_start
                && np.end > item_start
                && np.clone().any(|i| self.is_entity(i))
            {
                let np = item_start..np.end;
                return Some(direct(
                    Some(np),
                    Some(a..a + 1),
                    RuleId::SpeakerColonQuote,
                    RuleId::SpeakerColonQuote.confidence(),
                ));
            }
        }

        None
    }

    /// A quote with no cue of its own continues the speaker of the quote just before it, when
    /// nothing but that quote's attribution stands between them.
    /// `prev_link` is the most confident link so far whose content holds the quote before.
    pub(super) fn continuation(&self, q: usize, prev_link: Option<&Link>) -> Option<Link> {
        let quote = &self.a.quotes[q];
        let r = self.quote_tokens(q);
        if q == 0 || r.is_empty() || self.lead_in(&r) > 0 || self.sentence_has_cue(r.clone()) {
            return None;
        }
        let prev_link = prev_link?;
        prev_link.speaker.as_ref()?;
        if !(quote.continues || self.nothing_between(q - 1, q, prev_link))
            || is_heading(
                &self.a.text[quote.content_span()],
                &self.a.text[quote.open as usize..quote.start as usize],
            )
        {
            return None;
        }
        Some(Link {
            content: quote.content_span(),
            kind: Kind::Direct,
            speaker: prev_link.speaker.clone(),
            source: None,
            cue: None,
            rule: RuleId::Continuation,
            confidence: prev_link.confidence * RuleId::Continuation.confidence(),
            quote: Some(q),
            model_score: None,
        })
    }

    /// "Smith said in a statement." followed by a quote: the sentence just before the quote is an
    /// attribution with nothing to attribute.
    pub(super) fn announced(&self, q: usize, used: &[bool]) -> Option<Link> {
        let quote = &self.a.quotes[q];
        let r = self.quote_tokens(q);
        if r.is_empty() || self.lead_in(&r) > 0 || self.sentence_has_cue(r.clone()) {
            return None;
        }
        let s = self.a.sentence_of(r.start);
        let prev = self.a.sentence(s.checked_sub(1)?);
        if self.a.paragraph_of[s - 1] + 1 < self.a.paragraph_of[s]
            || self.ix.has_quoted(prev.clone())
            || !self.ix.has_cue(prev.clone())
        {
            return None;
        }
        for c in prev.clone() {
            if used[c] {
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
                    content: quote.content_span(),
                    kind: Kind::Direct,
                    speaker: Some(speaker),
                    source: None,
                    cue: Some(c..c + 1),
                    rule: RuleId::SpeakerSaidThenQuote,
                    confidence: RuleId::SpeakerSaidThenQuote.confidence(),
                    quote: Some(q),
                    model_score: None,
                });
            }
        }
        None
    }

    /// A paragraph that is only a quotation, with no cue, after a paragraph about one person
    /// (every person named in it has the same last name, and it quotes no one): the person that
    /// paragraph is about, named by its first name mention, said it.
    pub(super) fn floating(&self, q: usize) -> Option<Link> {
        let quote = &self.a.quotes[q];
        let r = self.quote_tokens(q);
        if r.is_empty() || quote.continues {
            return None;
        }
        let para = self.a.para_range(r.start);
        let only_punct =
            |range: std::ops::Range<usize>| range.into_iter().all(|i| self.a.is_punct(i));
        if !only_punct(para.start..r.start) || !only_punct(r.end..para.end) || para.start == 0 {
            return None;
        }
        let prev = self.a.para_range(para.start - 1);
        if prev.is_empty() || self.ix.has_quoted(prev.clone()) {
            return None;
        }
        let mut first: Option<std::ops::Range<usize>> = None;
        let mut surname: Option<&str> = None;
        let mut i = prev.start;
        while i < prev.end {
            let Some(e) = self.a.entity(i) else {
                i += 1;
                continue;
            };
            let tokens = e.tokens.clone();
            i = tokens.end.max(i + 1);
            if e.kind != crate::ner::EntityType::Per {
                continue;
            }
            let last = self.w(tokens.end - 1);
            match surname {
                None => {
                    surname = Some(last);
                    first = Some(tokens);
                }
                Some(s) if s == last => {}
                Some(_) => return None,
            }
        }
        let first = first?;
        // The person is the subject of the paragraph's first sentence.
        let subject = self
            .np_right(prev.start)
            .filter(|np| np.start <= first.start && np.end >= first.end)?;
        let rule = RuleId::FloatingQuote;
        Some(Link {
            content: quote.content_span(),
            kind: Kind::Direct,
            speaker: Some(subject),
            source: None,
            cue: None,
            rule,
            confidence: rule.confidence(),
            model_score: None,
            quote: Some(q),
        })
    }

    /// Whether quote `q` follows quote `prev` with only its attribution between them: the same
    /// paragraph or the next, no sentence in between that is not part of the previous link.
    pub(super) fn nothing_between(&self, prev: usize, q: usize, prev_link: &Link) -> bool {
        let pr = self.quote_tokens(prev);
        let qr = self.quote_tokens(q);
        let (pp, qp) = (
            self.a.paragraph_of[self.a.sentence_of(pr.start)],
            self.a.paragraph_of[self.a.sentence_of(qr.start)],
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
}

fn rule_before(adjacent: bool, how: Syntax) -> RuleId {
    match (adjacent, how) {
        (_, Syntax::QuotedAs) => RuleId::QuotedAsSayingQuote,
        (_, Syntax::Participle) => RuleId::ParticipleQuote,
        (true, Syntax::Apposition) => RuleId::SpeakerSaidQuoteApposition,
        (true, _) => RuleId::SpeakerSaidQuote,
        (false, _) => RuleId::TellingQuote,
    }
}

/// Whether quoted words are a subheading or a label rather than more of a quotation: a label
/// before a colon ("Related:"), or a short title in capitals between single marks ('Legend in
/// the Hills.'), the way some archives mark subheads. `mark` is the opening mark.
fn is_heading(text: &str, mark: &str) -> bool {
    let text = text.trim();
    let words: Vec<&str> = text.split_whitespace().collect();
    let capital = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
    let title = (2..=8).contains(&words.len())
        && matches!(mark, "'" | "‘")
        && words
            .iter()
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 3)
            .all(capital)
        && capital(&words[0]);
    title || words.len() <= 2 && text.ends_with(':')
}
