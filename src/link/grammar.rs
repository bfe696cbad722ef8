//! Grammar helpers that the linking rules share: noun phrases left and right of a token, the
//! subject of a cue (plain, relative, appositive, participle, coordinated, inverted), the reach of
//! a reported clause, and the phrase that follows a cue. They read parts of speech, entities and
//! quote marks from the analysis, and cues from the cue stage.

use std::ops::Range;

use super::Linker;
use super::source::PLACE_PREPOSITIONS;
use crate::cues::{CueClass, CueVerb};
use crate::lexicon::{
    ANONYMITY_PARTICIPLES, APPROXIMATORS, AUX, BE, DAYS, DETERMINERS, EVENT_NOUNS, MONTHS,
    NAMING_VERBS, NEGATION, NOT_CLAUSE_START, NOT_OBJECT_VERBS, OBJECT_VERBS, POSTMODIFIERS,
    PRONOUNS, QUANTIFIERS, RECORDINGS, RELATIVE_HEADS, SPEECH_OCCASIONS, TIME_NOUNS,
};
use crate::ner::EntityType;

/// Dashes that set off an appositive ("Tom Reed -- a union leader -- said").
const DASHES: &[&str] = &["--", "—", "–"];

/// How a speaker mention stands to its cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// The cue's subject: "Smith said".
    Subject,
    /// The antecedent of a relative pronoun: "senators who said".
    Relative,
    /// A noun phrase before an appositive or relative clause: "Smith, the minister, said".
    Apposition,
    /// The subject of the clause a participle hangs from: "…, saying".
    Participle,
    /// The subject of the first of two coordinated verbs: "became a delegate and said".
    Coordinated,
    /// After the cue: "said Smith".
    Inverted,
    /// The subject of a passive "quoted as" before the cue: "Smith was quoted as saying".
    QuotedAs,
}

fn nounish(pos: &str) -> bool {
    matches!(pos, "NNP" | "NNPS" | "NN" | "NNS" | "CD")
}

fn np_internal(pos: &str) -> bool {
    nounish(pos) || matches!(pos, "JJ" | "JJR" | "JJS" | "POS" | "VBN" | "VBG" | "NNP$")
}

/// The most tokens a parenthetical after a subject holds ("(D-Ore.)", "(R-OH)", "(NTA)").
const MAX_TAG: usize = 8;

/// How many reporting verbs a participle's subject is looked for above the clause it follows
/// ("Lee said she did not believe the plan would work, arguing …": two).
const MAX_REPORTING_LEVELS: usize = 3;

/// How many of a sentence's first cues a coordinated cue ("… and said that …") looks at for
/// the sentence's subject.
const FIRST_CUES: usize = 4;

impl Linker<'_, '_, '_> {
    pub(super) fn w(&self, i: usize) -> &str {
        self.a.w(i)
    }

    pub(super) fn sent_start(&self, i: usize) -> usize {
        self.a.sent_start(i)
    }

    pub(super) fn sent_end(&self, i: usize) -> usize {
        self.a.sent_end(i)
    }

    pub(super) fn is_entity(&self, i: usize) -> bool {
        self.a.is_entity(i)
    }

    /// A reporting verb at token `i`, if it is one and is used as one (a verb, not passive).
    pub(super) fn cue_verb(&self, i: usize) -> Option<CueVerb> {
        self.cues.verb(i)
    }

    /// The noun phrase that ends at token `j` (inclusive).
    pub(super) fn np_left(&self, j: usize) -> Option<Range<usize>> {
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
        if !(nounish(self.a.pos[j]) || self.is_entity(j) || self.a.noun_read_as_adverb(j)) {
            return None;
        }
        let mut k = j;
        while k > start {
            let p = k - 1;
            let pw = self.w(p);
            if self.a.quoted(p) {
                break;
            }
            // "that prosecutors", "that Grayson": a complementiser, not a determiner.
            if pw == "that" && matches!(self.a.pos[k], "NNS" | "NNP" | "NNPS") {
                break;
            }
            if DETERMINERS.contains(&pw) || self.a.pos[p] == "PRP$" || self.a.pos[p] == "DT" {
                k = p;
                break;
            }
            // "the moment Sanders said", "the kind Trump likes", "last week Lee said": a noun of
            // time, manner or kind right before a name heads a relative clause without "that"
            // or is an adverbial; it is not the name's title ("candidate Ann Lee").
            if self.a.pos[k].starts_with("NNP")
                && !self.is_entity(p)
                && (RELATIVE_HEADS.contains(&pw) || TIME_NOUNS.contains(&pw))
            {
                break;
            }
            if np_internal(self.a.pos[p]) || self.is_entity(p) || pw == "-" || pw == "&" {
                k = p;
                continue;
            }
            // Coordinated adjectives: "current and former employees".
            if matches!(pw, "and" | "or")
                && p > start
                && self.a.pos[k] == "JJ"
                && self.a.pos[p - 1] == "JJ"
                && !self.a.quoted(p - 1)
            {
                k = p - 1;
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
        // Do not start on a possessive marker, or a participle ("has been meeting voters"); a
        // participle that opens its sentence or follows a conjunction is the noun's modifier
        // ("Elected officials", "Polling averages", "and retired generals").
        while k < j && (self.a.pos[k] == "POS" || self.a.pos[k].starts_with("VB")) {
            if self.participle_modifier(k, j, start) {
                break;
            }
            k += 1;
        }
        k = self.partitive_left(k, start);
        // "Not everyone", "not all voters": the negation opening the phrase is part of it.
        if k > start
            && self.w(k - 1) == "not"
            && (k - 1 == start || self.w(k - 2) == ",")
            && matches!(
                self.w(k),
                "everyone" | "everybody" | "all" | "every" | "many" | "much" | "one"
            )
        {
            k -= 1;
        }
        // "a person familiar with the talks", "officials close to the president": the noun
        // phrase is the source, its complement only describes it.
        if k >= start + 3 && matches!(self.w(k - 1), "with" | "to") && !self.a.quoted(k - 2) {
            let anchor = if POSTMODIFIERS.contains(&self.w(k - 2)) {
                Some(k - 3)
            } else if self.w(k - 1) == "with" && matches!(self.a.pos[k - 2], "NNS" | "NN") {
                Some(k - 2)
            } else {
                None
            };
            if let Some(head) = anchor.and_then(|x| self.np_left(x)) {
                return Some(head.start..j + 1);
            }
        }
        Some(k..j + 1)
    }

    /// Whether the participle at token `k` modifies the noun phrase that runs to `j`, in a
    /// sentence that starts at `start`: one word in -ed or -ing before a noun or an adjective,
    /// opening its sentence or after "and" or "or" ("Elected officials", "Polling
    /// averages", "and retired generals"), or one in -ed before a common noun after a comma
    /// (", elected officials from both parties say"; ", advising Williams College" is a
    /// clause); not an auxiliary's ("being", "been", "having").
    pub(super) fn participle_modifier(&self, k: usize, j: usize, start: usize) -> bool {
        let w = self.w(k);
        let after = k + 1;
        let after_comma = k > start
            && self.w(k - 1) == ","
            && self.a.pos[k] == "VBN"
            && w.ends_with("ed")
            && after <= j
            && matches!(self.a.pos[after], "NN" | "NNS")
            && !self.is_entity(after);
        let opens = k == start || matches!(self.w(k - 1), "and" | "or") || after_comma;
        opens
            && after <= j
            && matches!(self.a.pos[k], "VBN" | "VBG")
            && (w.ends_with("ed") || w.ends_with("ing"))
            && !matches!(w, "being" | "having" | "according" | "including")
            && (nounish(self.a.pos[after]) || self.a.pos[after] == "JJ")
    }

    /// The start of a quantity that a noun phrase starting at `k` belongs to: "two-thirds of
    /// Democratic voters", "nine in 10 voters", "four out of 10 voters", "42% of voters", "most of
    /// the candidates", "about 50 protesters".
    fn partitive_left(&self, k: usize, start: usize) -> usize {
        let quantity = |i: usize| {
            let w = self.w(i);
            self.a.pos[i] == "CD" || QUANTIFIERS.contains(&w) || w.ends_with("thirds")
        };
        let mut b = k;
        if k >= start + 2 {
            let prep = match self.w(k - 1) {
                "of" if k >= start + 3 && self.w(k - 2) == "out" => Some(k - 2),
                "of" => Some(k - 1),
                "in" if self.a.pos[k] == "CD" || self.a.pos[k - 2] == "CD" => Some(k - 1),
                _ => None,
            };
            if let Some(prep) = prep.filter(|&p| p > start && !self.a.quoted(p - 1)) {
                let q = prep - 1;
                if quantity(q) || matches!(self.w(q), "%" | "percent") {
                    b = q;
                    if matches!(self.w(q), "%" | "percent")
                        && b > start
                        && self.a.pos[b - 1] == "CD"
                    {
                        b -= 1;
                    }
                }
            }
        }
        // "about 50", "nearly half", "more than half".
        if b != k || self.a.pos[b] == "CD" {
            loop {
                while b > start && APPROXIMATORS.contains(&self.w(b - 1)) {
                    b -= 1;
                }
                if b >= start + 2
                    && self.w(b - 1) == "than"
                    && matches!(self.w(b - 2), "more" | "fewer" | "less")
                {
                    b -= 2;
                } else {
                    break;
                }
            }
        }
        b
    }

    /// The noun phrase that starts at token `i`.
    pub(super) fn np_right(&self, i: usize) -> Option<Range<usize>> {
        // `i` may be one past the last token ("Prices rose, he said" with no final period).
        if i >= self.a.len() {
            return None;
        }
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
    pub(super) fn subject_of(&self, c: usize) -> Option<(Range<usize>, Syntax)> {
        let (j, negated) = self.a.left_of_aux(c)?;
        if negated {
            return None;
        }
        // "a play called “Sons of Trump”", "a merger announced Monday": a participle right after
        // a noun is passive, and the noun is not its speaker.
        // A verb that opens a turn of speech ("Sanders responded, “…”") is active whatever its
        // tag.
        let turn = c + 2 < self.a.len()
            && matches!(self.w(c + 1), "," | ":")
            && self.a.mark_of(c + 2).is_some();
        if j + 1 == c
            && self.a.pos[c] == "VBN"
            && self.a.pos[j].starts_with("NN")
            && !turn
            && !self.closes_clause_frame(j, c)
        {
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
            return self.np_left(k).map(|r| (r, Syntax::Relative));
        }
        // "S -- the … minister -- said": apposition between dashes.
        if DASHES.contains(&w) {
            return self
                .dashed_appositive_left(j)
                .map(|np| (np, Syntax::Apposition));
        }
        // "S, the … minister, said" / "S, who …, said": apposition. A participle after a comma
        // hangs from the clause before it ("Lee spoke about the fire in Dover, Delaware,
        // arguing …"), not from a noun phrase between commas, unless the phrase and its
        // appositive name a person ("Ann Lee, the union's leader, saying …") or the clause
        // before has no subject to find.
        if w == "," && self.a.pos[c] == "VBG" && self.w(c).ends_with("ing") {
            let np = self.appositive_left(j)?;
            let person =
                (np.start..j).any(|i| self.a.entity(i).is_some_and(|e| e.kind == EntityType::Per));
            return (person || self.participle_subject(j).is_none())
                .then_some((np, Syntax::Apposition));
        }
        if w == "," {
            // "Gov. Tom Keller (R-OH), said": a stray comma after the party tag.
            if j > 0
                && self.w(j - 1) == ")"
                && let Some(np) = self.np_or_tagged_left(j - 1)
            {
                return Some((np, Syntax::Subject));
            }
            return self.appositive_left(j).map(|np| (np, Syntax::Apposition));
        }
        let np = self.np_or_tagged_left(j)?;
        // "Protesters marching through the streets chanted …": the place after a participle of
        // the plural noun before it is not the subject; the noun is.
        if let Some(s) = self.noun_before_place(&np) {
            return Some((s, Syntax::Subject));
        }
        // "The ad shows footage of Lee saying …": a participle right after a recording of a
        // person is that person's.
        if j + 1 == c
            && let Some(s) = self.recorded_person(&np, c)
        {
            return Some((s, Syntax::Subject));
        }
        // "The union issued a statement saying …": a participle right after the object of a
        // verb hangs from that verb's subject.
        if j + 1 == c
            && let Some(s) = self.object_before_participle(&np, c)
        {
            return Some((s, Syntax::Participle));
        }
        Some((np, Syntax::Subject))
    }

    /// The person that the noun phrase `np` shows on a recording, when a participle cue at `c`
    /// follows it: "footage of Ann Lee saying …", "a clip of Lee asking …", "the spot ends
    /// with video of Lee telling …" (the recording does not speak; the person on it does).
    fn recorded_person(&self, np: &Range<usize>, c: usize) -> Option<Range<usize>> {
        let a = self.a;
        if a.pos[c] != "VBG" || np.end != c {
            return None;
        }
        let of = (np.start + 1..np.end)
            .rev()
            .find(|&i| self.w(i) == "of" && RECORDINGS.contains(&self.w(i - 1)))?;
        let person = of + 1..np.end;
        let named = person
            .clone()
            .any(|i| a.is_entity(i) || a.pos[i].starts_with("NNP"));
        (named && !person.is_empty()).then_some(person)
    }

    /// The plural noun phrase that a participle and a preposition of place before `np` modify
    /// ("protesters marching through the streets", "workers standing outside the plant"): the
    /// subject of a verb after `np`.
    fn noun_before_place(&self, np: &Range<usize>) -> Option<Range<usize>> {
        let a = self.a;
        let s = np.start;
        let start = self.sent_start(s);
        if s < start + 3 || !PLACE_PREPOSITIONS.contains(&self.w(s - 1)) {
            return None;
        }
        let v = s - 2;
        if a.quoted(v)
            || a.quoted(v - 1)
            || a.pos[v] != "VBG"
            || !a.word(v).starts_with(char::is_lowercase)
            || self.cue_verb(v).is_some()
            || !matches!(a.pos[v - 1], "NNS" | "NNPS")
        {
            return None;
        }
        self.np_left(v - 1)
    }

    /// The subject of the verb whose object is the noun phrase `np`, when a participle cue at
    /// `c` follows `np` and hangs from that verb rather than from `np`: "The union issued a
    /// statement saying …", "Lee spent much of the debate attacking …", "Ruiz fired back a
    /// reply calling …", "she tried to defend her remarks calling …". Not when `np` names a
    /// person, who can be the one heard or seen saying ("heard Lee saying"), nor after a passive
    /// ("Guests were given tickets telling …"), nor after a verb that makes `np` part of its
    /// subject or leaves it in a state ("The emails included staff members suggesting …",
    /// "left most voters saying …").
    pub(super) fn object_before_participle(
        &self,
        np: &Range<usize>,
        c: usize,
    ) -> Option<Range<usize>> {
        let a = self.a;
        if a.pos[c] != "VBG" || np.end != c || a.quoted(c) {
            return None;
        }
        let start = self.sent_start(c);
        let names_person = np.clone().any(|i| {
            a.entity(i).is_some_and(|e| e.kind == EntityType::Per)
                || a.pos[i] == "PRP"
                || PRONOUNS.contains(&self.w(i))
        });
        if names_person || np.start <= start {
            return None;
        }
        // "said at a news conference announcing …": an occasion of speech after a preposition;
        // the participle hangs from the clause before it.
        let head = (np.start..np.end)
            .rev()
            .find(|&i| !self.is_day(i) && !TIME_NOUNS.contains(&self.w(i)))?;
        if matches!(self.w(np.start - 1), "at" | "on" | "during" | "in")
            && SPEECH_OCCASIONS.contains(&self.w(head))
        {
            return self.participle_subject(np.start - 1);
        }
        // The verb before the object, past a particle or an adverb ("sent out", "fired back").
        let mut v = np.start - 1;
        while v > start && matches!(a.pos[v], "RP" | "RB") && !a.quoted(v) {
            v -= 1;
        }
        let w = self.w(v);
        if a.quoted(v)
            || !a.pos[v].starts_with("VB")
            || AUX.contains(&w)
            || BE.contains(&w)
            || NOT_OBJECT_VERBS.contains(&w)
        {
            return None;
        }
        let (j, negated) = a.left_of_aux(v)?;
        if negated {
            return None;
        }
        let jw = self.w(j);
        if BE.contains(&jw) {
            // "is running a spot attacking …": progressive; "were given …": passive.
            if a.pos[v] != "VBG" {
                return None;
            }
            let (k, negated) = a.left_of_aux(j)?;
            return (!negated).then(|| self.subject_left(k)).flatten();
        }
        // "tried to defend her remarks calling …": the subject of the verb before "to".
        if jw == "to" && j > start && a.is_verb(j - 1) {
            let (k, negated) = a.left_of_aux(j - 1)?;
            return (!negated).then(|| self.subject_left(k)).flatten();
        }
        if !matches!(a.pos[v], "VBD" | "VBZ" | "VBP") {
            return None;
        }
        self.subject_left(j)
    }

    /// The noun phrase that ends at token `j`, or at the token before a short parenthetical
    /// that ends at `j` ("Sen. Ann Lee (D-Ore.)", "the agency (NTA)"), the parenthetical
    /// included.
    pub(super) fn np_or_tagged_left(&self, j: usize) -> Option<Range<usize>> {
        if self.w(j) != ")" || self.a.quoted(j) {
            return self.np_left(j);
        }
        let start = self.sent_start(j);
        let lo = j.saturating_sub(MAX_TAG).max(start);
        let open = (lo..j).rev().find(|&k| matches!(self.w(k), "(" | ")"))?;
        if self.w(open) != "(" || open == start || open + 1 == j {
            return None;
        }
        let plain = (open + 1..j).all(|k| !self.a.quoted(k) && !self.a.is_verb(k));
        if !plain {
            return None;
        }
        self.np_left(open - 1).map(|np| np.start..j + 1)
    }

    /// The subject noun phrase of a verb whose left neighbour (past auxiliaries) is `j`: a noun
    /// phrase, one with a parenthetical ("Sen. Ann Lee (D-Ore.) scolded"), or one before an
    /// appositive ("Ann Lee, a former chair, poked at …").
    fn subject_left(&self, j: usize) -> Option<Range<usize>> {
        if self.w(j) == "," {
            return self.appositive_left(j);
        }
        self.np_or_tagged_left(j)
    }

    /// Whether a noun phrase and a participle after it close a clause as its attribution, so that
    /// the participle is a verb in the past tense rather than passive: "Workers could strike,
    /// their union warned on Friday, after talks failed." The noun phrase follows the comma after
    /// a clause with a finite verb and is definite ("the", a possessive, a name); the participle
    /// takes no agent, infinitive or object after it ("…, a move announced Monday" and "…,
    /// residents warned to leave" stay passive).
    fn closes_clause_frame(&self, j: usize, c: usize) -> bool {
        let Some(np) = self.np_left(j) else {
            return false;
        };
        let start = self.sent_start(c);
        let definite = matches!(self.a.pos[np.start], "PRP$" | "NNP" | "NNPS")
            || matches!(self.w(np.start), "the" | "this" | "that");
        let after = c + 1;
        let open_after = after >= self.sent_end(c)
            || self.a.is_punct(after)
            || self.is_day(after)
            || matches!(self.a.pos[after], "IN" | "RB")
                && !matches!(self.w(after), "by" | "as" | "to");
        definite
            && open_after
            && np.start > start + 1
            && self.w(np.start - 1) == ","
            && self.ix.has_finite(start..np.start - 1)
    }

    /// The subject of the clause that a participle (`…, saying`) hangs from: the nearest finite
    /// verb to the left with a noun-phrase subject.
    pub(super) fn clause_subject(&self, c: usize) -> Option<Range<usize>> {
        if c <= self.sent_start(c) {
            return None;
        }
        self.verb_subject(self.ix.subject_verb(c - 1)?)
    }

    /// The subject a participle (`…, saying`) or a coordinated verb (`… and said`) hangs from:
    /// the clause subject before `c`, or, when that clause is reported, the subject of the verb
    /// that reports it, up through a few reporting verbs ("Lee said she did not believe the
    /// plan would work, arguing …"; "Lee denied the claim that Ruiz had lied and said …").
    pub(super) fn participle_subject(&self, c: usize) -> Option<Range<usize>> {
        let mut s = self.clause_subject(c)?;
        for _ in 0..MAX_REPORTING_LEVELS {
            match self.reporting_subject(&s) {
                Some(r) if r.start < s.start => s = r,
                _ => break,
            }
        }
        Some(s)
    }

    /// The subject of the verb that reports the clause whose subject is `s`: "Lee said (that)
    /// the plan would fail, adding …", "Lee rejected the notion that the plan would fail,
    /// saying …": a participle after a reported clause hangs from the verb that reports it.
    fn reporting_subject(&self, s: &Range<usize>) -> Option<Range<usize>> {
        let a = self.a;
        let start = self.sent_start(s.start);
        let mut p = s.start.checked_sub(1).filter(|&p| p > start)?;
        let that = self.w(p) == "that";
        if that {
            p -= 1;
        }
        if a.quoted(p) {
            return None;
        }
        if a.is_verb(p) && self.cues.verb(p).is_some() {
            // "Lee said she did not believe the plan would work, arguing …": a reporting verb in
            // its base form after an auxiliary or a modal, negated or not, hangs from the
            // subject before them.
            if a.pos[p] == "VB" {
                let (j, _) = a.left_of_aux(p)?;
                if j + 1 == p || a.pos[j] == "EX" || self.w(j) == "it" {
                    return None;
                }
                return self.subject_left(j);
            }
            return self.verb_subject(p);
        }
        // "the notion that", "the idea that": a noun the clause completes, the object of a verb.
        if that && a.pos[p].starts_with("NN") {
            let np = self.np_left(p)?;
            let v = np.start.checked_sub(1).filter(|&v| v > start)?;
            if a.is_verb(v) && !BE.contains(&self.w(v)) && !AUX.contains(&self.w(v)) {
                return self.verb_subject(v);
            }
        }
        None
    }

    /// The noun-phrase subject of token `k` if it is a verb that a clause can hang from (finite,
    /// a participle or a modal; not after "there" or "it").
    pub(super) fn verb_subject(&self, k: usize) -> Option<Range<usize>> {
        if self.a.quoted(k) || !matches!(self.a.pos[k], "VBD" | "VBZ" | "VBP" | "VBN" | "MD") {
            return None;
        }
        let (j, _) = self.a.left_of_aux(k)?;
        if self.a.pos[j] == "EX" || self.w(j) == "it" {
            return None;
        }
        self.subject_left(j)
    }

    pub(super) fn skip_aux_right(&self, mut c: usize, end: usize) -> usize {
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
    pub(super) fn plausible_bridge(&self, r: Range<usize>) -> bool {
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
    pub(super) fn skip_appositive_right(&self, c: usize) -> Option<usize> {
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

    /// From a dash before a cue, the noun phrase before an appositive between that dash and the
    /// same dash before it ("Tom Reed -- co-author of a book about the strike -- said"): the
    /// appositive holds no quotation and no finite verb outside a relative clause. Not a noun
    /// phrase after a preposition, only part of the subject ("insiders in the two states --
    /// Iowa and Ohio -- said"), nor one after a finite verb, the subject of a reported clause
    /// ("Lee said closed primaries -- those open to members only -- hurt turnout").
    pub(super) fn dashed_appositive_left(&self, close: usize) -> Option<Range<usize>> {
        let start = self.sent_start(close);
        let lo = close.saturating_sub(30).max(start);
        let dash = self.w(close);
        let open = (lo..close).rev().find(|&k| self.w(k) == dash)?;
        if open <= start || open + 1 == close || !self.plausible_bridge(open + 1..close) {
            return None;
        }
        let np = self.np_or_tagged_left(open - 1)?;
        let mut b = np.start;
        while b > start && (self.a.pos[b - 1] == "DT" || DETERMINERS.contains(&self.w(b - 1))) {
            b -= 1;
        }
        if b > start && self.a.pos[b - 1] == "IN" || self.ix.has_finite(start..np.start) {
            return None;
        }
        Some(np)
    }

    /// From a comma before a cue, the noun phrase before an appositive or relative clause that ends
    /// at that comma ("Valdez Anderson, who works in Sacramento, said").
    pub(super) fn appositive_left(&self, comma: usize) -> Option<Range<usize>> {
        let start = self.sent_start(comma);
        let lo = comma.saturating_sub(30).max(start);
        // The apposition opens at the nearest comma before, unless that comma only separates
        // the parts of a place ("a delegate from Houston, Texas,"): then at the comma before
        // that, where a determiner or a relative pronoun opens it.
        let mut commas = (lo..comma).rev().filter(|&k| self.w(k) == ",");
        let mut open = commas.next()?;
        // "Ann Lee, 56, who …, said": an age between commas goes with the name before it.
        if open >= start + 3 && self.a.pos[open - 1] == "CD" && self.w(open - 2) == "," {
            open -= 2;
        }
        let strong = |k: usize| {
            let first = self.w(k + 1);
            matches!(first, "who" | "which" | "whose")
                || DETERMINERS.contains(&first)
                || self.a.pos[k + 1] == "PRP$"
        };
        // "Brianne Stone, 29, of Huntsville, Ala., said": an opening comma whose left noun
        // phrase names a person wins over nearer ones. A phrase that opens the sentence with a
        // preposition is not the subject ("In an interview, the mayor, Tom Hale, said").
        let earlier: Vec<usize> = commas
            .take(3)
            .filter(|&k| {
                k > start + 1
                    && self.plausible_bridge(k + 1..comma)
                    && !self.opening_prepositional_phrase(start..k)
            })
            .collect();
        let names_person = |k: usize| {
            k > start
                && self.np_left(k - 1).is_some_and(|np| {
                    np.clone()
                        .any(|i| self.a.entity(i).is_some_and(|e| e.kind == EntityType::Per))
                })
        };
        let open = if names_person(open) {
            open
        } else if let Some(&k) = earlier.iter().find(|&&k| names_person(k)) {
            k
        } else if strong(open) {
            open
        } else {
            earlier.iter().copied().find(|&k| strong(k)).unwrap_or(open)
        };
        if open == start || !self.plausible_bridge(open + 1..comma) {
            return None;
        }
        // "Ann Lee, at a rally later, said": a phrase of place or time beside a person.
        let circumstance = self.a.pos[open + 1] == "IN"
            && !matches!(self.w(open + 1), "that" | "if" | "because" | "while" | "as")
            && names_person(open);
        if !(strong(open) || np_internal(self.a.pos[open + 1]) || circumstance) {
            return None;
        }
        self.np_or_tagged_left(open - 1)
    }

    /// Whether tokens `r` are a prepositional phrase (with no verb or comma) at the start of a
    /// sentence: "In an interview", "On Monday", "At a rally in Dover".
    fn opening_prepositional_phrase(&self, r: Range<usize>) -> bool {
        r.len() > 1
            && matches!(self.a.pos[r.start], "IN" | "TO")
            && !matches!(self.w(r.start), "that" | "if" | "because" | "while" | "as")
            && !r
                .clone()
                .any(|k| self.a.is_verb(k) || self.a.quoted(k) || self.w(k) == ",")
    }

    /// The nearest finite verb left of `c` in its sentence and its subject noun phrase.
    pub(super) fn finite_verb_with_subject(&self, c: usize) -> Option<(usize, Range<usize>)> {
        if c <= self.sent_start(c) {
            return None;
        }
        let k = self.ix.finite_with_subject(c - 1)?;
        self.finite_verb_subject(k).map(|np| (k, np))
    }

    /// The noun-phrase subject of token `k` if it is a finite verb with one, not negated.
    pub(super) fn finite_verb_subject(&self, k: usize) -> Option<Range<usize>> {
        if self.a.quoted(k) || !matches!(self.a.pos[k], "VBD" | "VBZ" | "VBP") {
            return None;
        }
        let (j, negated) = self.a.left_of_aux(k)?;
        if negated {
            return None;
        }
        self.np_left(j)
    }

    /// Speaker of a cue, trying subject, apposition and relative patterns, then the participle's
    /// clause subject, then inversion (`said S`).
    pub(super) fn speaker_of(
        &self,
        c: usize,
        allow_inversion: bool,
    ) -> Option<(Range<usize>, Syntax)> {
        if let Some(s) = self.subject_of(c) {
            return Some(s);
        }
        // "Smith was quoted as saying": the subject of "was quoted".
        if c >= 2 && self.w(c - 1) == "as" && matches!(self.w(c - 2), "quoted" | "cited") {
            let (mut j, mut negated) = self.a.left_of_aux(c - 2)?;
            if BE.contains(&self.w(j)) {
                let (k, n) = self.a.left_of_aux(j)?;
                (j, negated) = (k, negated || n);
            }
            if negated {
                return None;
            }
            return self.np_left(j).map(|r| (r, Syntax::QuotedAs));
        }
        // Adverbs between the cue and what links it to the clause before ("and then predicted",
        // "by first saying").
        let start = self.sent_start(c);
        let mut b = c;
        while b > start + 1 && c - b < 2 && self.a.pos[b - 1] == "RB" && !self.a.quoted(b - 1) {
            b -= 1;
        }
        let participle = self.w(c).ends_with("ing")
            && b > start
            && matches!(self.w(b - 1), "," | "by" | "while" | "before" | "after");
        if participle {
            return self
                .participle_subject(b - 1)
                .map(|r| (r, Syntax::Participle));
        }
        // "became a delegate and said …": the subject of the first verb; "S said that A is … and
        // said that …": the subject of the first cue of the sentence, not of the clause it
        // reports.
        if b > start && matches!(self.w(b - 1), "and" | "but") {
            // The first few cues only, so that a sentence of thousands of "and said" is read in
            // linear time.
            let first_cue = self
                .cues
                .verbs_in(start..b - 1)
                .filter(|&k| !self.a.quoted(k))
                .take(FIRST_CUES)
                .find_map(|k| self.subject_of(k));
            if let Some((r, _)) = first_cue {
                return Some((r, Syntax::Coordinated));
            }
            return self
                .participle_subject(b - 1)
                .map(|r| (r, Syntax::Coordinated));
        }
        if allow_inversion {
            return self.np_right(c + 1).map(|r| (r, Syntax::Inverted));
        }
        None
    }

    /// Words of the quote's sentence before its opening mark, other than conjunctions.
    pub(super) fn lead_in(&self, r: &Range<usize>) -> usize {
        self.ix.lead_words(self.sent_start(r.start)..r.start)
    }

    /// Token range of a quote's marks and content: first token of the opening mark to one past the
    /// closing mark.
    pub(super) fn quote_tokens(&self, q: usize) -> Range<usize> {
        let quote = &self.a.quotes[q];
        let a = self.a.token_at_or_after(quote.open as usize);
        let b = self
            .a
            .token_at_or_after(quote.close.max(quote.end) as usize);
        a..b
    }

    pub(super) fn sentence_has_cue(&self, r: Range<usize>) -> bool {
        let s = self.sent_start(r.start);
        let e = self.sent_end(r.end.saturating_sub(1).max(r.start));
        self.ix.has_cue(s..e)
    }

    /// Whether token `i` follows a comma, possibly inside a closing quote mark (`…,” he said`).
    pub(super) fn after_comma(&self, i: usize, start: usize) -> bool {
        let mut k = i;
        while k > start && self.a.mark_of(k - 1).is_some() {
            k -= 1;
        }
        k > start + 1 && self.w(k - 1) == ","
    }

    /// Whether a speaker mention names an event or a time, which does not speak: its head is an
    /// event noun ("Tuesday's attack"), a time ("last week", "Monday"), a month, or a year
    /// ("2016", "the year 2016"). The head is the last word before a complement or a modifier
    /// after the noun ("the nominee for the election", "a poll released last week", "Lee
    /// (D-Ore.)"), and before a time that says when ("Lee on Monday", "a poll last week", "Lee
    /// Sunday night").
    pub(super) fn not_a_source(&self, speaker: &Range<usize>) -> bool {
        if speaker.is_empty() {
            return false;
        }
        let a = self.a;
        let mut end = (speaker.start + 1..speaker.end)
            .find(|&k| {
                matches!(
                    a.pos[k],
                    "IN" | "VBN" | "VBG" | "WP" | "WDT" | "," | "(" | "-LRB-"
                ) || matches!(self.w(k), "(" | "," | "who" | "that")
            })
            .unwrap_or(speaker.end);
        let is_time = |k: usize| {
            let w = self.w(k);
            TIME_NOUNS.contains(&w) || DAYS.contains(&w) || MONTHS.contains(&w)
        };
        while end - speaker.start > 1 && is_time(end - 1) {
            let mut k = end - 1;
            while k > speaker.start && is_time(k - 1) {
                k -= 1;
            }
            if k > speaker.start
                && matches!(
                    self.w(k - 1),
                    "last" | "this" | "next" | "early" | "late" | "earlier"
                )
            {
                k -= 1;
            }
            // Only a time after a noun says when; "last week" alone is the time itself.
            if k == speaker.start || !a.pos[k - 1].starts_with("NN") {
                break;
            }
            end = k;
        }
        let head = end - 1;
        let w = self.w(head);
        if a.entity(head).is_some_and(|e| e.kind == EntityType::Per) {
            return false;
        }
        let after_name = head > speaker.start && a.pos[head - 1] == "NNP" && !is_time(head - 1);
        // "half" and "quarter" are parts of a game only after an ordinal ("the second half");
        // "half of the voters" is a share of people.
        if matches!(w, "half" | "quarter")
            && !(head > speaker.start
                && matches!(
                    self.w(head - 1),
                    "first" | "second" | "third" | "fourth" | "final"
                ))
        {
            return false;
        }
        EVENT_NOUNS.contains(&w)
            // "Yin May" is a name, not a month.
            || is_time(head) && !after_name
            || w.len() == 4
                && w.chars().all(|c| c.is_ascii_digit())
                && (w.starts_with("19") || w.starts_with("20"))
    }

    /// Whether what follows a cue without "that" may be a reported clause. It may not be a time
    /// and "later" or nothing more ("answered 17 seconds later"); after a verb of
    /// `OBJECT_VERBS` (`strict`) it must open as a clause: a subject (a pronoun or a noun phrase)
    /// and then, past auxiliaries and adverbs, a verb, or a quotation ("demanded the mayor
    /// resign", not "demanded answers from the board"). Other verbs report noun phrases too
    /// ("promising lower taxes").
    pub(super) fn opens_clause(&self, i: usize, end: usize, strict: bool) -> bool {
        if self.a.mark_of(i).is_some() {
            return true;
        }
        if !strict {
            let Some(np) = self.np_right(i) else {
                return true;
            };
            // "17 seconds later", "two minutes into the game": a time, then no clause.
            let time_then = np.end >= end
                || matches!(
                    self.w(np.end),
                    "later" | "earlier" | "after" | "before" | "ago" | "into" | "left"
                );
            return !(self.not_a_source(&np) && time_then);
        }
        let subject_end = if self.a.pos[i] == "PRP" || self.a.pos[i] == "EX" {
            i + 1
        } else {
            match self.np_right(i) {
                Some(np) => np.end,
                None => return true,
            }
        };
        let mut k = subject_end;
        while k < end && (self.a.pos[k].starts_with("RB") || AUX.contains(&self.w(k))) {
            k += 1;
        }
        k < end && (self.a.is_verb(k) || self.a.mark_of(k).is_some())
    }

    /// First- and second-person speakers outside quotations are the writer or the reader, not a
    /// source ("we believe quality journalism …", "your gift helps us tell the story").
    pub(super) fn first_person(&self, speaker: &Range<usize>) -> bool {
        speaker.len() == 1 && matches!(self.w(speaker.start), "i" | "we" | "us" | "you")
    }

    /// The token after a cue and what belongs to it: an inverted speaker, adverbs, a short
    /// prepositional phrase ("said in a statement", "said on Sunday").
    pub(super) fn attribution_end(&self, c: usize, end: usize) -> usize {
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

    pub(super) fn is_day(&self, k: usize) -> bool {
        DAYS.contains(&self.w(k))
    }

    /// End of a reported clause that starts at `from`: the sentence end, or earlier where another
    /// clause or attribution begins (", but", "; ", ", adding", ", he said", ", according to").
    /// `end` is the end of the sentence of `from`.
    pub(super) fn clause_end(&self, from: usize, end: usize) -> usize {
        if from >= end {
            return end;
        }
        debug_assert_eq!(end, self.sent_end(from));
        self.ix.clause_break(from).min(end)
    }

    /// Whether a reported clause ends at token `k` of a sentence that ends at `end`.
    pub(super) fn breaks_clause(&self, k: usize, end: usize) -> bool {
        if self.a.quoted(k) {
            return false;
        }
        let w = self.w(k);
        if matches!(w, ";" | "--" | "—" | "–") {
            return true;
        }
        // "… and told reporters …", "… but warned that …": a second cue verb of the same subject
        // opens another claim.
        if matches!(w, "and" | "but")
            && k + 1 < end
            && matches!(self.a.pos[k + 1], "VBD" | "VBZ")
            && self.cue_verb(k + 1).is_some()
        {
            return true;
        }
        // "asserted that the city had changed: “It is lost,” he said": a quotation after a
        // colon with an attribution of its own is not part of the claim before it.
        if w == ":"
            && k + 1 < end
            && let Some(q) = self.a.mark_of(k + 1)
        {
            let after = self.quote_tokens(q).end;
            let attributed = after < end
                && (self.cue_verb(after).is_some()
                    || self.np_right(after).is_some_and(|np| {
                        let c = self.skip_aux_right(np.end, end);
                        c < end && self.cue_verb(c).is_some()
                    }));
            if attributed {
                return true;
            }
        }
        if w == "," && k + 1 < end {
            let next = self.w(k + 1);
            // "said that the plan was sound, but that it came late": a second complement of the
            // same cue goes on with the claim ("but that was wrong" does not).
            if next == "but"
                && k + 3 < end
                && self.w(k + 2) == "that"
                && !self.a.is_verb(k + 3)
                && !self.a.quoted(k + 2)
            {
                return false;
            }
            if matches!(
                next,
                "but" | "while" | "although" | "though" | "whereas" | "yet" | "according"
            ) {
                return true;
            }
            // ", which …" / ", who …": the writer's aside on the last noun.
            if matches!(next, "which" | "who") {
                return true;
            }
            // ", and his campaign is …": another clause with its own subject.
            if next == "and" && k + 2 < end && self.opens_finite_clause(k + 2, end) {
                return true;
            }
            // ", saying" / ", he said" / ", the minister said" / ", said Smith"
            if self.cue_verb(k + 1).is_some() {
                return true;
            }
            if let Some(np) = self.np_right(k + 1) {
                let c = self.skip_aux_right(np.end, end);
                if c < end && self.cue_verb(c).is_some() {
                    return true;
                }
            }
        }
        false
    }

    /// Whether a clause with a subject and a finite verb starts at token `i` (not quoted): a
    /// personal pronoun or a noun phrase, auxiliaries and adverbs, then a finite verb.
    pub(super) fn opens_finite_clause(&self, i: usize, end: usize) -> bool {
        if self.a.quoted(i) {
            return false;
        }
        let subject_end = if self.a.pos[i] == "PRP" {
            i + 1
        } else {
            match self.np_right(i) {
                Some(np) => np.end,
                None => return false,
            }
        };
        let k = self.skip_aux_right(subject_end, end);
        k < end && !self.a.quoted(k) && matches!(self.a.pos[k], "VBD" | "VBZ" | "VBP" | "MD")
            || k > subject_end && AUX.contains(&self.w(k - 1))
    }

    /// A span that opens its paragraph after a dateline starts after it: "WASHINGTON — The
    /// agency is weighing …", "LONDON (Reuters) - …" report no place.
    pub(super) fn after_dateline(&self, r: Range<usize>) -> Range<usize> {
        let p = self.a.paragraph_of[self.a.sentence_of(r.start)];
        if self.a.paragraph_tokens(p).start != r.start {
            return r;
        }
        let mut place = false;
        for k in r.start..r.end.min(r.start + 8) {
            let word = self.a.word(k);
            if matches!(word, "—" | "--" | "–" | "-") {
                return if place && k + 1 < r.end {
                    k + 1..r.end
                } else {
                    r
                };
            }
            let caps =
                word.chars().any(char::is_alphabetic) && word.chars().all(|c| !c.is_lowercase());
            let agency = k > r.start && self.a.w(k - 1) == "(";
            if !(caps || agency || matches!(word, "," | "(" | ")" | ".")) || self.a.quoted(k) {
                return r;
            }
            place |= caps && word.chars().count() >= 3;
        }
        r
    }

    /// Drops leading conjunctions and trailing punctuation (but keeps closing quote marks and the
    /// signs of numbers).
    pub(super) fn trim(&self, mut r: Range<usize>) -> Range<usize> {
        while r.start < r.end
            && (matches!(self.w(r.start), "and" | "but" | "," | "--")
                && self.a.mark_of(r.start).is_none())
        {
            r.start += 1;
        }
        while r.end > r.start && self.edge_punct(r.end - 1) && self.a.mark_of(r.end - 1).is_none() {
            r.end -= 1;
        }
        r
    }

    /// Whether token `i` is punctuation that a span's edge drops: not a sign that belongs to a
    /// number ("$5 million", "40 %").
    pub(super) fn edge_punct(&self, i: usize) -> bool {
        self.a.is_punct(i) && !matches!(self.w(i), "$" | "%" | "£" | "€")
    }

    /// A reported clause has a verb and at least three words.
    pub(super) fn is_clause(&self, r: &Range<usize>) -> bool {
        r.len() >= 3 && self.ix.has_verb(r.clone())
    }

    /// Whether the words from token `i` ask for the speaker's anonymity ("who asked not to be
    /// named", "asked to remain anonymous"): a condition of speaking, not what was said.
    pub(super) fn anonymity_request(&self, i: usize, end: usize) -> bool {
        let word = |j: usize| if j < end { self.w(j) } else { "" };
        let k = if word(i) == "not" { i + 1 } else { i };
        if word(k) != "to" {
            return false;
        }
        match (word(k + 1), word(k + 2)) {
            ("be", w) => ANONYMITY_PARTICIPLES.contains(&w),
            ("remain", w) => matches!(w, "anonymous" | "unnamed" | "unidentified"),
            _ => false,
        }
    }

    /// Whether a reported clause without "that" may start at token `i`, after cue verb `v`.
    fn opens_claim(&self, i: usize, v: CueVerb, end: usize) -> bool {
        if let Some(n) = self.number_after_quantity(i, end) {
            // "said as many as 9,000 voters lacked ID": a subject counted, then its verb.
            return self.opens_clause(n, end, true);
        }
        i < end
            && !NOT_CLAUSE_START.contains(&self.w(i))
            && self.opens_clause(i, end, OBJECT_VERBS.contains(&v.lemma))
    }

    /// The number after words that bound a quantity at token `i` ("as many as 9,000", "about
    /// 300", "up to 40", "over 12"), where a preposition does not open a phrase of its own.
    fn number_after_quantity(&self, i: usize, end: usize) -> Option<usize> {
        let w = |k: usize| if k < end { self.w(k) } else { "" };
        let n = match w(i) {
            "as" if matches!(w(i + 1), "many" | "much" | "few" | "little") && w(i + 2) == "as" => {
                i + 3
            }
            "about" | "over" | "under" | "nearly" | "almost" => i + 1,
            "up" if w(i + 1) == "to" => i + 2,
            _ => return None,
        };
        (n < end && self.a.pos[n] == "CD" && !self.a.quoted(n)).then_some(n)
    }

    /// The end of a time adverbial that starts at token `k` ("Monday", "Tuesday night", "last
    /// week", "this month"), or `k` itself when none starts there. Each part is one word, so
    /// "Tuesday's vote" (a possessive, three tokens) is not a time.
    pub(super) fn time_right(&self, k: usize, end: usize) -> usize {
        let possessive = |j: usize| j < end && matches!(self.w(j), "'s" | "’s");
        if k < end && self.is_day(k) && !possessive(k + 1) {
            let part = k + 1 < end
                && matches!(self.w(k + 1), "morning" | "afternoon" | "evening" | "night");
            return if part && !possessive(k + 2) {
                k + 2
            } else {
                k + 1
            };
        }
        if k + 1 < end
            && matches!(self.w(k), "this" | "last" | "next")
            && TIME_NOUNS.contains(&self.w(k + 1))
            && !possessive(k + 2)
        {
            return k + 2;
        }
        k
    }

    /// The clause a cue verb introduces: after the verb, a listener for tell-verbs, an optional
    /// "that" and a short phrase before it ("said on Sunday that").
    pub(super) fn complement(&self, c: usize, v: CueVerb, end: usize) -> Option<Range<usize>> {
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
        // A time right after the cue is the attribution's, not the claim's: "promised Monday
        // that …", "said earlier this month he …".
        let timed = self.time_right(k, end);
        let after_time = (timed > k).then_some(timed);
        k = timed;
        let mut pp = k;
        for _ in 0..3 {
            let timed = self.time_right(pp, end);
            if timed > pp {
                pp = timed;
            } else if pp < end && matches!(self.a.pos[pp], "IN" | "TO") && self.w(pp) != "that" {
                pp = self.np_right(pp + 1).map_or(pp + 1, |np| np.end);
            } else {
                break;
            }
            // "answered with a drive that took 11 plays": "that" before a verb is a relative
            // pronoun, not the start of a reported clause.
            if pp < end && self.w(pp) == "that" {
                if pp + 1 < end && matches!(self.a.pos[pp + 1], "VBD" | "VBZ" | "VBP" | "MD") {
                    return None;
                }
                k = pp;
                break;
            }
        }
        if k < end && self.w(k) == "that" {
            i = k;
        } else if let Some(t) =
            // "said last year was the worst": the time is the claim's subject.
            after_time.filter(|&t| self.opens_claim(t, v, end) && !self.a.is_verb(t))
        {
            i = t;
        }
        let that = i < end && self.w(i) == "that";
        if that {
            i += 1;
        } else if v.class == CueClass::Weak {
            // "called the plan “a basis”": naming verbs report the quoted words they give; other
            // weak verbs ("rejected claims") report only with "that".
            let naming = NAMING_VERBS.contains(&v.lemma);
            let close = self.ix.closing_mark(i + 1).filter(|&k| k < end);
            return match close {
                Some(k) if naming && !self.ix.has_finite(i..k) => Some(i..k + 1),
                _ => None,
            };
        }
        if i >= end {
            return None;
        }
        if !that && !self.opens_claim(i, v, end)
            || self.a.is_punct(i) && self.a.mark_of(i).is_none()
            || self.anonymity_request(i, end)
        {
            return None;
        }
        let content = self.trim(i..end);
        // The complementizer belongs to the reported clause ("said that …"), as news
        // attribution corpora mark it.
        let start = if that { i - 1 } else { content.start };
        self.is_clause(&content).then_some(start..content.end)
    }
}
