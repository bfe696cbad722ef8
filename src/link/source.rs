//! The source phrase of a link: the speaker mention with what describes it inside the same noun
//! phrase, as news attribution corpora mark sources. An appositive between the mention and its
//! cue ("Brian Fallon, a spokesman for the campaign, said"; "Khizr Khan, 66, said"), or what
//! follows a mention after its cue: an appositive, a prepositional phrase, a participle ("said
//! Ana Ruiz, a professor of law"; "said David Ruiz of the retail federation"; "according to a
//! report released by the governor's office"; "according to a person familiar with the talks").
//! A relative clause describes the source too ("Mr. Reid, who represents Nevada, said"), unless
//! it reports ("said Ana Ruiz, who added that …": an attribution of its own); a time ("on
//! Monday") is the cue's. The mention itself stays what the resolver reads; records give the phrase.

use std::ops::Range;

use super::{Link, Linker, RuleId};
use crate::lexicon::{DETERMINERS, RECORDINGS, SPEECH_OCCASIONS, TIME_NOUNS};

/// Prepositions of place that a participle after a noun takes ("protesters marching through
/// the streets", "workers standing outside the plant"); the noun phrase after them is where the
/// source is, not the source.
pub(super) const PLACE_PREPOSITIONS: &[&str] = &[
    "through", "outside", "inside", "near", "across", "around", "along", "behind",
];

impl Linker<'_, '_, '_> {
    /// Sets each link's source phrase where it is longer than the speaker mention, the mention
    /// less a time or an occasion of the cue that it ran into.
    pub(super) fn with_sources(&self, mut links: Vec<Link>) -> Vec<Link> {
        for l in &mut links {
            // "said Ann Lee last week": the time is the cue's.
            if let Some(sp) = &mut l.speaker {
                let end = self.before_adjunct(sp);
                if end < sp.end {
                    sp.end = end;
                    while sp.end > sp.start + 1 && self.w(sp.end - 1) == "," {
                        sp.end -= 1;
                    }
                }
            }
            l.source = if l.rule == RuleId::RelativeSaidClause {
                l.cue.as_ref().and_then(|c| self.relative_pronoun(c.start))
            } else {
                l.speaker.as_ref().and_then(|s| self.source_phrase(s))
            };
        }
        links
    }

    /// "residents who said …": the relative pronoun before cue `c` is the source as written
    /// (the mention stays its antecedent, for the resolver).
    fn relative_pronoun(&self, c: usize) -> Option<Range<usize>> {
        let (j, _) = self.a.left_of_aux(c)?;
        matches!(self.w(j), "who" | "which" | "that").then_some(j..j + 1)
    }

    /// The source phrase of the speaker mention `sp`, when it is longer than the mention.
    pub(super) fn source_phrase(&self, sp: &Range<usize>) -> Option<Range<usize>> {
        let start = self.head_left(sp.start);
        let tagged = sp.start..self.tag_end(sp.end);
        let end = self.right_of_mention(&tagged).map_or(tagged.end, |r| r.end);
        (start < sp.start || end > sp.end).then_some(start..end)
    }

    /// Past a short parenthesis right after a mention, such as a party and state ("Sen. Ann
    /// Lee (D-Ore.)"): the token after its closing bracket, else `k`.
    fn tag_end(&self, k: usize) -> usize {
        let end = self.sent_end(k.min(self.a.len().saturating_sub(1)));
        if k >= end || self.w(k) != "(" || self.a.quoted(k) {
            return k;
        }
        (k + 1..end.min(k + 8))
            .take_while(|&j| !self.a.is_verb(j) && !self.a.quoted(j))
            .find(|&j| self.w(j) == ")")
            .map_or(k, |j| j + 1)
    }

    /// Where the noun phrase holding a mention that starts at token `s` starts: past a
    /// preposition or "and" to the noun phrase before ("three-quarters of the voters", "a
    /// statement from the mayor's office", "the mayor and her deputies", "a study by the
    /// institute", "staff for the committee on ethics", "aides to the governor").
    fn head_left(&self, mut s: usize) -> usize {
        let start = self.sent_start(s);
        for _ in 0..3 {
            if s < start + 2 || self.a.quoted(s - 1) {
                break;
            }
            let link = self.w(s - 1);
            // "footage of Ann Lee": the person on a recording speaks, not the recording.
            if link == "of" && RECORDINGS.contains(&self.w(s - 2)) {
                break;
            }
            // A participle between the noun phrase and the mention ("House members supporting
            // the bill", "people involved in the talks"): the noun phrase before it.
            let before = if self.a.pos[s - 1] == "VBG" && self.participle_after_noun(s - 1, start) {
                s - 1
            } else if matches!(
                link,
                "of" | "for" | "from" | "in" | "at" | "with" | "by" | "on" | "to" | "and"
            ) || (PLACE_PREPOSITIONS.contains(&link)
                && s >= start + 3
                && self.a.pos[s - 2] == "VBG"
                && self.participle_after_noun(s - 2, start))
            {
                // "people involved in the talks", "protesters marching through the streets":
                // the participle after the noun phrase, then the noun phrase.
                if s >= start + 3
                    && matches!(self.a.pos[s - 2], "VBN" | "VBG")
                    && self.participle_after_noun(s - 2, start)
                {
                    s - 2
                } else {
                    s - 1
                }
            } else {
                break;
            };
            match self.np_left(before - 1) {
                Some(np) if np.end == before && !self.a.quoted(np.start) => s = np.start,
                _ => break,
            }
        }
        s
    }

    /// Whether the participle at token `k` follows a noun as its post-modifier ("people
    /// involved in", "members supporting"): a lower-case word after a common noun in the
    /// plural, in a sentence that starts at `start`.
    fn participle_after_noun(&self, k: usize, start: usize) -> bool {
        k > start
            && self.a.word(k).starts_with(char::is_lowercase)
            && !matches!(
                self.w(k),
                "according" | "including" | "saying" | "being" | "been"
            )
            && self.cue_verb(k).is_none()
            && matches!(self.a.pos[k - 1], "NNS" | "NNPS")
            && !self.a.quoted(k - 1)
    }

    /// The mention `sp` with its possessive mark, appositive or post-modifier, when it has one.
    fn right_of_mention(&self, sp: &Range<usize>) -> Option<Range<usize>> {
        if sp.is_empty() {
            return None;
        }
        let end = self.sent_end(sp.start);
        let k = sp.end;
        // A possessor takes its mark: "Lee's call for …". After a pronoun the mark is a verb's
        // ("he's saying", "who's called for").
        let pronoun = sp.len() == 1
            && (self.a.pos[sp.start] == "PRP" || matches!(self.w(sp.start), "who" | "that"));
        if k < end
            && !pronoun
            && matches!(self.w(k), "'s" | "’s" | "'" | "’")
            && self.a.mark_of(k).is_none()
            && !self.a.quoted(k)
        {
            return Some(sp.start..k + 1);
        }
        if k + 1 >= end || self.a.quoted(k) {
            return None;
        }
        // Before its cue: "S, <appositive>, said". The appositive closes at the comma that the
        // cue follows, past auxiliaries and adverbs; it may hold commas of its own ("Ann Lee, 39,
        // a nurse from Dayton, Ohio, said").
        let close = (self.w(k) == ",")
            .then(|| {
                (k + 2..end.min(k + 40)).find(|&j| {
                    self.w(j) == "," && {
                        let cue = self.skip_aux_right(j + 1, end);
                        cue < end && self.cue_verb(cue).is_some() && !self.a.quoted(cue)
                    }
                })
            })
            .flatten();
        if let Some(close) = close
            && self.plausible_bridge(k + 1..close)
            && self.opens_appositive(k + 1)
        {
            // "a consultant who said he …": a relative clause that reports ends it.
            let e = (k + 2..close)
                .find(|&j| self.reporting_relative(j))
                .unwrap_or(close);
            return Some(sp.start..e);
        }
        // After its cue: "said S, <appositive>" / "according to S <participle or relative>".
        let after_verb =
            sp.start > self.sent_start(sp.start) && self.cue_verb(sp.start - 1).is_some();
        let after_according = sp.start >= 2 && self.cues.according_to(sp.start - 2);
        if !(after_verb || after_according) {
            return None;
        }
        // "According to the report, prices rose": the comma there ends the source.
        let opens = if self.w(k) == "," {
            after_verb && self.opens_appositive(k + 1)
        } else {
            self.a.pos[k] == "VBN"
                || (matches!(self.w(k), "who" | "which") && !self.reporting_relative(k))
                || self.opens_modifier(k, end) && !self.occasion(k, end)
        };
        if !opens {
            return None;
        }
        // Whether the post-modifier read so far holds a relative clause or a participle of its
        // own, kept as the phrase grows so that each word is read once.
        let mut own_clause = self.opens_own_clause(k);
        let mut e = k + 1;
        while e < end && !self.ends_source(e, own_clause, end) {
            own_clause |= self.opens_own_clause(e);
            e += 1;
        }
        while e > k && (self.a.is_punct(e - 1) || self.w(e - 1) == ",") {
            e -= 1;
        }
        (e > k + 1).then_some(sp.start..e)
    }

    /// Whether an appositive can open at token `i`: a determiner, a possessive, a relative
    /// pronoun, a number (an age) or a noun or adjective ("a spokesman", "who", "66", "senior
    /// adviser"); not a relative clause that reports ("Mr. Reid, who said …").
    fn opens_appositive(&self, i: usize) -> bool {
        let w = self.w(i);
        // "then the ambassador", "now a radio host": a time adverb before the noun phrase.
        let timed = matches!(w, "then" | "now" | "formerly")
            && i + 1 < self.a.len()
            && !self.a.quoted(i + 1)
            && self.opens_noun_phrase(i + 1);
        // "Several candidates, including Lee, said", "The aides, led by Ann Lee, said".
        let describing = w == "including" || self.a.pos[i] == "VBN" && w != "asked";
        !self.a.quoted(i)
            && !self.reporting_relative(i)
            && (matches!(w, "who" | "which" | "whose")
                || timed
                || describing
                || self.opens_noun_phrase(i))
    }

    /// Whether a noun phrase can open at token `i`: a determiner, a possessive, a number, a noun
    /// or an adjective.
    fn opens_noun_phrase(&self, i: usize) -> bool {
        DETERMINERS.contains(&self.w(i))
            // Participles that name a role: "acting director", "managing editor".
            || matches!(self.w(i), "acting" | "managing" | "founding" | "presiding")
            || matches!(
                self.a.pos[i],
                "DT" | "PRP$" | "CD" | "NN" | "NNS" | "NNP" | "NNPS" | "JJ"
            )
    }

    /// Whether a relative clause whose verb is a cue opens at token `i` ("who said he …", "who
    /// noted that …"): it is an attribution of its own, not a description of the source ("who
    /// represents Nevada").
    fn reporting_relative(&self, i: usize) -> bool {
        if !matches!(self.w(i), "who" | "which") {
            return false;
        }
        let end = self.sent_end(i);
        let v = self.skip_aux_right(i + 1, end);
        v < end && self.cue_verb(v).is_some()
    }

    /// Whether a post-modifier of a mention after its cue opens at token `k` (before the
    /// sentence end `end`): a prepositional phrase ("said David Ruiz of the retail
    /// federation", "according to a count by the news agency", "an email from the union's
    /// president") or an adjective with its complement ("a person familiar with the talks",
    /// "an aide close to the mayor").
    fn opens_modifier(&self, k: usize, end: usize) -> bool {
        if k + 1 >= end || self.a.quoted(k + 1) {
            return false;
        }
        let next = k + 1;
        match self.w(k) {
            "of" | "from" | "by" | "with" | "at" | "in" | "for" => {
                self.opens_noun_phrase(next) && !self.is_day(next)
            }
            "familiar" | "close" => matches!(self.w(next), "with" | "to"),
            _ => false,
        }
    }

    /// Whether token `k` opens a relative clause or a participle ("who left", "released"), whose
    /// time is its own, not the cue's.
    fn opens_own_clause(&self, k: usize) -> bool {
        matches!(self.w(k), "who" | "which" | "that") || self.a.pos[k] == "VBN"
    }

    /// Whether a source phrase after its cue ends at token `e`: a quotation, a strong break, a
    /// comma before a participle, a cue or "according to" (", adding that …"), or a time or an
    /// occasion of the cue unless the post-modifier before `e` has a clause of its own
    /// (`own_clause`).
    fn ends_source(&self, e: usize, own_clause: bool, end: usize) -> bool {
        if self.a.quoted(e) || self.a.mark_of(e).is_some() {
            return true;
        }
        let w = self.w(e);
        if matches!(w, ";" | "--" | "—" | "–" | ":") || self.reporting_relative(e) {
            return true;
        }
        // A time is the cue's, not the source's: "said Ana Ruiz of the union on Monday".
        if self.is_day(e)
            || (e + 1 < end
                && matches!(w, "on" | "last" | "this" | "early" | "late")
                && self.is_day(e + 1))
        {
            return true;
        }
        // "said Ann Lee last week", "said Ann Lee in a telephone interview", "said Ann Lee, of
        // course": the cue's time, occasion or aside. Inside a relative clause or a participle
        // the time is theirs ("a poll released last week", "who left in October").
        if !own_clause && (self.time_phrase(e, end) || self.occasion(e, end)) {
            return true;
        }
        if w == "," && e + 2 < end && self.w(e + 1) == "of" && self.w(e + 2) == "course" {
            return true;
        }
        if w == "," && e + 1 < end {
            let next = e + 1;
            return self.a.pos[next] == "VBG"
                || self.cue_verb(next).is_some()
                || self.cues.according_to(next)
                || matches!(self.w(next), "but" | "and" | "while" | "though");
        }
        false
    }

    /// Whether a time of the cue opens at token `e` (before the sentence end `end`): "last
    /// week", "this month", "earlier this year", "late last week".
    fn time_phrase(&self, e: usize, end: usize) -> bool {
        let e = if matches!(self.w(e), "earlier" | "late" | "early") {
            e + 1
        } else {
            e
        };
        e + 1 < end
            && matches!(self.w(e), "last" | "this" | "next")
            && TIME_NOUNS.contains(&self.w(e + 1))
            && !matches!(self.w(e + 1), "under" | "at" | "least" | "most")
    }

    /// Whether an occasion of the cue opens at token `e`: "in" or "during", a determiner and,
    /// within three more words, a noun of speaking ("in a telephone interview", "during the
    /// second debate", "in a statement").
    fn occasion(&self, e: usize, end: usize) -> bool {
        let w = self.w(e);
        if !(matches!(w, "in" | "during") && e + 2 < end) {
            return false;
        }
        let det = e + 1;
        matches!(self.a.pos[det], "DT" | "PRP$")
            && (det + 1..end.min(det + 5))
                .take_while(|&j| !self.a.is_punct(j) && !self.a.quoted(j))
                .any(|j| SPEECH_OCCASIONS.contains(&self.w(j)))
    }

    /// Where the noun phrase `r` ends less a time, an occasion or an aside of the cue that
    /// follows its head ("her lawyers in a court filing", "a poll last week", "Ann Lee, of
    /// course"); not inside its own relative clause or participle ("a poll released last week").
    pub(super) fn before_adjunct(&self, r: &Range<usize>) -> usize {
        for e in r.start + 1..r.end {
            let w = self.w(e);
            if self.opens_own_clause(e) || self.a.quoted(e) {
                break;
            }
            if self.time_phrase(e, r.end)
                || self.occasion(e, r.end)
                || (w == ","
                    && e + 2 < r.end + 1
                    && self.w(e + 1) == "of"
                    && self.w(e + 2) == "course")
            {
                return e;
            }
        }
        r.end
    }
}
