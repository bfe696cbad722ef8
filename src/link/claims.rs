//! Rules for reported claims, linked at the level of sentences: `S said (that) Q`, `Q, S said`,
//! `Q, said S`, `Q1, S said, Q2`, `senators who said Q`, `…, saying Q`, `according to S, Q` and
//! `Q, according to S`. A claim with quote marks inside is `mixed`; without, `indirect`.

use std::ops::Range;

use super::grammar::Syntax;
use super::rules::RuleId;
use super::{Kind, Link, Linker};
use crate::cues::CueVerb;
use crate::lexicon::{
    ADVERBIAL_STARTS, CONNECTIVES, MONTHS, NAMING_VERBS, NOUN_CUES, SUBORDINATORS, TIME_NOUNS,
};

/// The most tokens after the start of a claim in an adverbial clause ("When S said Q, …") that
/// are searched for the main clause.
const MAIN_CLAUSE_REACH: usize = 80;

impl Linker<'_, '_, '_> {
    /// Reported claims of sentence `s`: `S said (that) Q`, `Q, S said`, `Q, said S`,
    /// `Q1, S said, Q2`, `according to S`.
    pub(super) fn link_claims(&self, s: usize, used: &[bool]) -> Vec<Link> {
        let r = self.a.sentence(s);
        let mut out = Vec::new();
        for c in r.clone() {
            if used[c] {
                continue;
            }
            // according to S
            if self.cues.according_to(c) {
                out.extend(self.according_to(c, r.clone()));
                continue;
            }
            // S's claim that Q / S's call for Q.
            if let Some(l) = self.noun_cue(c, r.clone()) {
                out.push(l);
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
                let content = self.complement(c, v, end).and_then(|content| {
                    match self.main_clause_start(speaker, &content) {
                        // "While the judge found that law unconstitutional, …": what the
                        // cue reports ends at the main clause, be it a clause or not.
                        Some(k) => self
                            .complement(c, v, k)
                            .or_else(|| Some(self.trim(content.start..k))),
                        None => Some(content),
                    }
                });
                if let Some(content) = content {
                    out.push(self.claim(
                        self.through_quote(content),
                        speaker.clone(),
                        c,
                        RuleId::SpeakerSaidClause,
                        v,
                        *how,
                    ));
                    continue;
                }
            }
            // Q, S said. / Q, said S. / Q1, S said, Q2.
            let (speaker, how, rule) = match speaker {
                Some((sp, how))
                    if how == Syntax::Subject && self.after_comma(sp.start, r.start) =>
                {
                    (sp, how, RuleId::ClauseSpeakerSaid)
                }
                Some((sp, how)) if how == Syntax::Apposition => {
                    (sp, how, RuleId::ClauseSpeakerSaid)
                }
                // "…, said Smith" inverts a finite verb only: "Biden, echoing Erdogan, …" does
                // not give Erdogan's words.
                // "The fund, called Green Start, …": a naming participle has no speaker after it.
                None if self.after_comma(c, r.start)
                    && self.a.pos[c] != "VBG"
                    && !NAMING_VERBS.contains(&v.lemma) =>
                {
                    match self.np_right(c + 1) {
                        Some(sp) => (sp, Syntax::Inverted, RuleId::ClauseSaidSpeaker),
                        None => continue,
                    }
                }
                _ => continue,
            };
            if self.first_person(&speaker) {
                continue;
            }
            // The clause before the attribution: up to the comma before the speaker (or before the
            // cue, when inverted), or before the appositive.
            let left_edge = if rule == RuleId::ClauseSaidSpeaker {
                c
            } else {
                speaker.start
            };
            // The comma may sit inside a closing quote mark: `Voters “think …,” he said`.
            let mut mark_start = left_edge;
            while mark_start > r.start && self.a.mark_of(mark_start - 1).is_some() {
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
                    (k + 1..left_edge).all(|j| !self.a.is_verb(j) || how == Syntax::Apposition)
                }) else {
                    continue;
                };
                (comma, comma)
            };
            let content = self.after_lead_in(self.sentence_claim(r.start..content_end));
            // A parenthetical attribution goes on: "Q1, he said, Q2." Both parts are the claim,
            // however short the first ("Bob, they said, ordered them to wait").
            let after = self.attribution_end(c, r.end);
            let rest = (after < r.end && self.w(after) == "," && !comma_in_quote && comma < c)
                .then(|| self.trim(after + 1..self.clause_end(after + 1, r.end)))
                .filter(|rest| self.is_clause(rest))
                // "…, she said, as the crowd cheered", "…, the group said, compared with …": an
                // adverbial clause or a past participle (no subject) is the writer's.
                .filter(|rest| {
                    !matches!(
                        self.w(rest.start),
                        "as" | "when" | "after" | "before" | "amid"
                    ) && self.a.pos[rest.start] != "VBN"
                })
                // "Meanwhile, S accused X of Y, saying Q": a participle of a cue ("saying",
                // "adding") opens an attribution of its own.
                .filter(|rest| {
                    !(self.a.pos[rest.start] == "VBG" && self.cue_verb(rest.start).is_some())
                })
                // "said Ed Reyes, who chairs the board": the rest describes the speaker.
                .filter(|rest| {
                    self.source_phrase(&speaker)
                        .is_none_or(|p| p.end <= rest.start)
                });
            if let Some(rest) = rest {
                // "However, he said, …": a connective alone is not the first part of a claim.
                let connective = content
                    .clone()
                    .all(|k| CONNECTIVES.contains(&self.w(k)) || self.a.is_punct(k));
                // "In both cases, he said, …", "Six months ago, she said, …": an adverbial or a
                // time with no verb is the rest's, not a part of the claim.
                let adverbial = !content.is_empty()
                    && !self.ix.has_verb(content.clone())
                    && (matches!(self.a.pos[content.start], "IN" | "RB")
                        || ADVERBIAL_STARTS.contains(&self.w(content.start))
                        || self.is_time(&content));
                if !content.is_empty() && !connective && !adverbial {
                    out.push(self.claim(
                        content,
                        speaker.clone(),
                        c,
                        RuleId::Parenthetical,
                        v,
                        how,
                    ));
                }
                out.push(self.claim(
                    self.through_quote(rest),
                    speaker,
                    c,
                    RuleId::Parenthetical,
                    v,
                    how,
                ));
            } else if self.is_clause(&content)
                && !self.only_adverbial(&content)
                && self.ends_sentence_or_phrase(after, r.end)
            {
                out.push(self.claim(content, speaker, c, rule, v, how));
            }
        }
        out
    }

    /// Where the main clause starts after "S said Q" in an adverbial clause: "When the mayor
    /// said the roads were safe, the council reopened them" reports "the roads were safe" only.
    /// The main clause is the first one after a comma with its own subject and finite verb.
    fn main_clause_start(&self, speaker: &Range<usize>, content: &Range<usize>) -> Option<usize> {
        let opener = speaker.start.checked_sub(1)?;
        if !SUBORDINATORS.contains(&self.w(opener)) || self.a.quoted(opener) {
            return None;
        }
        // A reported clause that opens with an adverbial has its own comma: in "after he said
        // that despite the delays, the plan would work" the main clause is further on.
        let mut first = content.start;
        while first < content.end && (self.w(first) == "that" || self.a.pos[first] == "RB") {
            first += 1;
        }
        let fronted = first < content.end && self.a.pos[first] == "IN";
        // Within a clause's reach, so that a sentence of thousands of "when S said Q," is read
        // in linear time.
        (first..content.end.min(first + MAIN_CLAUSE_REACH)).find(|&k| {
            self.w(k) == ","
                && !self.a.quoted(k)
                && (!fronted || self.ix.has_finite(first..k))
                && self.opens_finite_clause(k + 1, self.sent_end(k))
        })
    }

    /// Whether a phrase says when: a day, a month, a year, or a time noun ("last week", "Tuesday
    /// night", "two years ago").
    fn is_time(&self, r: &Range<usize>) -> bool {
        self.not_a_source(r)
            || r.clone().any(|k| {
                TIME_NOUNS.contains(&self.w(k).trim_end_matches('s')) || MONTHS.contains(&self.w(k))
            })
            || r.end < self.a.len() && self.w(r.end) == "ago"
    }

    /// The quotation, closed in its paragraph, whose words end `content`.
    fn closed_quote_at_end(&self, content: &Range<usize>) -> Option<usize> {
        content
            .end
            .checked_sub(1)
            .filter(|&k| k >= content.start)
            .and_then(|k| self.a.quote_at(k))
            .filter(|&q| !self.a.quotes[q].open_ended)
    }

    /// A content that ends inside a quotation before nothing but punctuation, to the quotation's
    /// closing mark: `said customers “deserve far better.”` keeps its closing mark, which a
    /// span labelled word by word may leave out.
    pub(super) fn to_closing_mark(&self, content: Range<usize>) -> Range<usize> {
        let Some(q) = self.closed_quote_at_end(&content) else {
            return content;
        };
        // A quotation alone is a direct quote, given without its marks.
        if self.a.quote_at(content.start) == Some(q) {
            return content;
        }
        let end = self.quote_tokens(q).end;
        // Within a few tokens, so that the check stays constant per content.
        if end > content.end
            && end - content.end <= 4
            && (content.end..end).all(|k| self.a.is_punct(k) || self.a.mark_of(k) == Some(q))
        {
            content.start..end
        } else {
            content
        }
    }

    /// A reported clause that ends inside a quotation that goes on past its sentence, to the
    /// quotation's closing mark: in `S said that “Q1. Q2.”` the claim is all of it. A quotation
    /// that closes in the clause's sentence, or is left open at its paragraph's end, changes
    /// nothing.
    pub(super) fn through_quote(&self, content: Range<usize>) -> Range<usize> {
        let Some(q) = self.closed_quote_at_end(&content) else {
            return content;
        };
        let end = self.quote_tokens(q).end;
        if end > self.sent_end(content.end - 1) {
            content.start..end
        } else {
            content
        }
    }

    /// A claim that opens its sentence (`r` starts there), trimmed: the sentence's opening "But"
    /// stays, as attribution corpora mark it ("But the plan will fail, he said"); a lower-case
    /// "but" or "and" after a comma does not.
    fn sentence_claim(&self, r: Range<usize>) -> Range<usize> {
        let r = self.after_dateline(r);
        let start = r.start;
        let content = self.trim(r);
        if content.start == start + 1 && self.a.word(start) == "But" && !self.a.quoted(start) {
            start..content.end
        } else {
            content
        }
    }

    /// The quotation alone when the writer leads in to it with a colon: in "Residents were
    /// blunter: “We waited long enough,” said Ann Lee" Lee's words are the quotation, not the
    /// writer's sentence that introduces it. Only when the quotation runs to the claim's end.
    fn after_lead_in(&self, content: Range<usize>) -> Range<usize> {
        // The quotation that ends the claim, and the token before its opening mark: found from
        // the claim's end, so that a sentence of many claims is read in linear time.
        let Some(q) = content
            .end
            .checked_sub(1)
            .filter(|&k| k >= content.start)
            .and_then(|k| self.a.mark_of(k).or_else(|| self.a.quote_at(k)))
        else {
            return content;
        };
        let open = self.quote_tokens(q).start;
        let colon = open
            .checked_sub(1)
            .filter(|&k| k >= content.start && self.w(k) == ":" && !self.a.quoted(k));
        if colon.is_some() && open + 2 < content.end {
            open..content.end
        } else {
            content
        }
    }

    /// Whether a clause before ", S said" is only an adverbial, with no main clause of its own
    /// ("As the storm grew, the mayor urged …": the mayor's words are not the adverbial).
    fn only_adverbial(&self, content: &Range<usize>) -> bool {
        let first = if self.w(content.start) == "but" {
            content.start + 1
        } else {
            content.start
        };
        first < content.end
            && ADVERBIAL_STARTS.contains(&self.w(first))
            && !content
                .clone()
                .any(|k| self.w(k) == "," && !self.a.quoted(k))
    }

    /// Whether an attribution "Q, S said …" ends at token `k`, past more adverbs, days and
    /// short prepositional phrases: at the end of the sentence, a punctuation mark, or an
    /// adjunct (a participle, a subordinate clause). A verb
    /// that goes on to an object or complement ("S pledged to …", "S claimed the nomination")
    /// does not report the clause before it.
    fn ends_sentence_or_phrase(&self, mut k: usize, end: usize) -> bool {
        while k < end {
            if self.a.pos[k].starts_with("RB") || self.is_day(k) {
                k += 1;
            } else if matches!(self.a.pos[k], "IN" | "TO") && self.w(k) != "that" {
                match self.np_right(k + 1) {
                    Some(np) => k = np.end,
                    None => break,
                }
            } else {
                break;
            }
        }
        // An adjunct may follow: "said in a statement released Tuesday", "said before leaving".
        k >= end
            || self.a.is_punct(k)
            || matches!(self.a.pos[k], "VBN" | "VBG")
            || ADVERBIAL_STARTS.contains(&self.w(k))
    }

    pub(super) fn claim(
        &self,
        content: Range<usize>,
        speaker: Range<usize>,
        c: usize,
        rule: RuleId,
        v: CueVerb,
        how: Syntax,
    ) -> Link {
        let quoted = self.ix.has_quoted(content.clone());
        // A claim that is one quotation, marks and all, is a direct quote ("Residents were
        // blunter: “We waited,” said Ann Lee").
        let whole_quote = self
            .a
            .mark_of(content.start)
            .filter(|&q| content.len() > 2 && self.a.mark_of(content.end - 1) == Some(q));
        let rule = match how {
            Syntax::Apposition => match rule {
                RuleId::ClauseSpeakerSaid => RuleId::ClauseSpeakerSaidApposition,
                _ => RuleId::SpeakerSaidClauseApposition,
            },
            Syntax::Relative => RuleId::RelativeSaidClause,
            Syntax::QuotedAs => RuleId::QuotedAsSayingClause,
            Syntax::Participle => RuleId::ParticipleClause,
            _ => rule,
        };
        let pronoun = speaker.len() == 1 && self.a.pos[speaker.start] == "PRP";
        Link {
            // A whole quotation's words without the marks, as a direct quote's are.
            content: match whole_quote {
                Some(q) => self.a.quotes[q].content_span(),
                None => self.a.span(&content),
            },
            kind: if whole_quote.is_some() {
                Kind::Direct
            } else if quoted {
                Kind::Mixed
            } else {
                Kind::Indirect
            },
            speaker: Some(speaker),
            source: None,
            cue: Some(c..c + 1),
            rule,
            confidence: v.class.weight() * rule.confidence_for(pronoun),
            quote: None,
            model_score: None,
        }
    }

    /// A noun cue at token `c` with its possessor before it and its content after: "Smith's
    /// claim that Q", "Lee's call for Q" (the content of a call may be a noun phrase).
    pub(super) fn noun_cue(&self, c: usize, r: Range<usize>) -> Option<Link> {
        let noun = self.w(c);
        let &(_, opener) = NOUN_CUES.iter().find(|(n, _)| *n == noun)?;
        if c < r.start + 2
            || c + 2 >= r.end
            || self.a.quoted(c)
            || !matches!(self.w(c - 1), "'s" | "’s" | "'" | "’")
            || self.w(c + 1) != opener
        {
            return None;
        }
        let speaker = self.np_left(c - 2)?;
        if self.first_person(&speaker) {
            return None;
        }
        let mut content = self.trim(c + 2..self.clause_end(c + 2, r.end));
        // "Lee's claim that the port had “walked away” was rejected by …": the phrase is the
        // sentence's subject, and its clause ends where the sentence's own verb starts.
        if opener == "that"
            && self.sent_start(speaker.start) == speaker.start
            && let Some(k) = self.main_verb_after_clause(&content)
        {
            content = self.trim(content.start..k);
        }
        let ok = if opener == "that" {
            self.is_clause(&content)
        } else {
            content.len() >= 2
        };
        if !ok {
            return None;
        }
        // "Smith's claim that Q": the complementizer belongs to the claim, as after a verb.
        let content = if opener == "that" {
            c + 1..content.end
        } else {
            content
        };
        let quoted = self.ix.has_quoted(content.clone());
        Some(Link {
            content: self.a.span(&content),
            kind: if quoted { Kind::Mixed } else { Kind::Indirect },
            speaker: Some(speaker),
            source: None,
            cue: Some(c..c + 1),
            rule: RuleId::NounCue,
            confidence: RuleId::NounCue.confidence(),
            model_score: None,
            quote: None,
        })
    }

    /// The finite verb after a clause's own verb group in `content` that starts another
    /// predicate: not after a conjunction, a comma or a relative pronoun ("that the tax would
    /// fall on the poor | was rejected").
    fn main_verb_after_clause(&self, content: &Range<usize>) -> Option<usize> {
        let finite =
            |k: usize| !self.a.quoted(k) && matches!(self.a.pos[k], "VBD" | "VBZ" | "VBP" | "MD");
        let first = content.clone().find(|&k| finite(k))?;
        let mut k = first + 1;
        while k < content.end && (self.a.is_verb(k) || self.a.pos[k].starts_with("RB")) {
            k += 1;
        }
        (k + 1..content.end).find(|&j| {
            finite(j)
                && !matches!(
                    self.w(j - 1),
                    "and" | "or" | "but" | "," | "that" | "who" | "which" | "whom"
                )
        })
    }

    pub(super) fn according_to(&self, c: usize, r: Range<usize>) -> Option<Link> {
        let speaker = self.np_right(c + 2)?;
        let end = self.clause_end(speaker.end, r.end);
        let (content, rule) = if c > r.start && self.w(c - 1) == "," {
            (
                self.sentence_claim(r.start..c - 1),
                RuleId::ClauseAccordingTo,
            )
        } else if c == r.start && speaker.end < end && self.w(speaker.end) == "," {
            (self.trim(speaker.end + 1..end), RuleId::AccordingToClause)
        } else {
            return None;
        };
        if !self.is_clause(&content) {
            return None;
        }
        let quoted = self.ix.has_quoted(content.clone());
        Some(Link {
            content: self.a.span(&content),
            kind: if quoted { Kind::Mixed } else { Kind::Indirect },
            speaker: Some(speaker),
            source: None,
            cue: Some(c..c + 2),
            rule,
            confidence: rule.confidence(),
            quote: None,
            model_score: None,
        })
    }
}
