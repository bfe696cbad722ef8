//! The attribution model beside the rules. The rules' links stay as they are, each scored with
//! the model's probability that its content is content (`model_score`). The model's own content
//! spans become links (`model:direct`, `model:mixed`, `model:indirect`) where they overlap no
//! rule's link and score at least the model's threshold: each is paired with the model's nearest
//! cue span (else the nearest cue verb or "according to" of its sentences) and the model's
//! nearest source span (else the cue's subject, found by the rules' grammar). A claim needs a cue
//! (a short span with a word of the cue lexicon, "according to" or a colon; with models that
//! allow it, also a short phrase of the model's own, "took aim at", whose source must then be
//! the model's) and a source that is not the writer ("we believe"). Nor does a cue that a rule
//! linked to content on one side of it take the model's unquoted content on the other, nor is
//! a content the words around it show to be none (a word cut from its phrase, the writer's
//! question after a name and a colon, the listener before a clause, a time alone).

use std::collections::HashSet;
use std::ops::Range;

use super::index::Reach;
use super::rules::RuleId;
use super::{Kind, Link, Linker, dedup};
use crate::claims_model::{OpenCues, Part, Span, Tagged};
use crate::cues::CueClass;
use crate::lexicon::{
    ADVERBIALS_AFTER_CUE, AUX, BE, CLAUSE_OPENERS, DOC_NOUNS, SUBJECT_PRONOUNS, SUBORDINATORS,
};
use crate::ner::EntityType;

/// The most tokens between a content span and its cue, or a cue and its source.
const MAX_GAP: usize = 30;
/// The most tokens of a cue span.
const MAX_CUE: usize = 3;
/// The most tokens of a cue span of the model outside the cue lexicon ("took aim at").
const MAX_OPEN_CUE: usize = 5;
/// The weight of a claim's raw confidence when its cue is outside the lexicon: on held-out
/// training articles, about 64% of the transformer's such claims are right, against 85% of its
/// claims with a cue of the lexicon, and the calibration (fitted on the linear model's claims)
/// maps half the raw confidence to about that share.
const OPEN_CUE_WEIGHT: f32 = 0.5;

/// Tokens between two token ranges (0 when they touch or overlap).
fn gap(a: &Range<usize>, b: &Range<usize>) -> usize {
    if a.end <= b.start {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

impl Linker<'_, '_, '_> {
    /// The rules' links scored by the model, and the model's claims that no rule made.
    pub(super) fn combine(
        &self,
        mut links: Vec<Link>,
        t: &Tagged,
        threshold: f32,
        open_cues: OpenCues,
    ) -> Vec<Link> {
        for l in &mut links {
            let r =
                self.a.token_at_or_after(l.content.start)..self.a.token_at_or_after(l.content.end);
            l.model_score = Some(t.content_score(&r));
        }
        // The rules' contents: a content overlaps one when one that starts before its end
        // reaches past its start.
        let taken = Reach::new(links.iter().map(|l| (l.content.start, l.content.end)));
        let overlaps = |b: &Range<usize>| taken.furthest_before(b.end).is_some_and(|f| f > b.start);
        let mut added = Vec::new();
        for (k, s) in t.spans.iter().enumerate() {
            if s.part != Part::Content || s.score < threshold {
                continue;
            }
            let Some(l) = self.model_link(t, k, s, open_cues) else {
                continue;
            };
            if !overlaps(&l.content) {
                added.push(l);
            }
        }
        // A cue that a rule linked to content on one side of it reports nothing unquoted on
        // the other: "“We won,” she said, turning to the crowd" (the writer's scene after it),
        // "As improbable as it seems, Lee said the deal …" (a clause before it). A subject
        // without a verb ("The truth, Lee said, was …") or a clause a relative pronoun opens
        // before it is the first part of the rule's content.
        let mut before = HashSet::new();
        let mut after = HashSet::new();
        for l in &links {
            if let Some(cue) = &l.cue {
                if self.a.token_at_or_after(l.content.start) >= cue.end {
                    after.insert(cue.start);
                } else {
                    before.insert(cue.start);
                }
            }
        }
        added.retain(|l| {
            let Some(cue) = &l.cue else { return true };
            let a = self.a;
            let r = a.token_at_or_after(l.content.start)..a.token_at_or_after(l.content.end);
            if r.clone().any(|i| a.quoted(i)) {
                return true;
            }
            if r.start >= cue.end {
                return !before.contains(&cue.start);
            }
            r.end > cue.start
                || !after.contains(&cue.start)
                || !r.clone().any(|i| a.is_verb(i))
                || matches!(a.pos[r.start], "WDT" | "WP")
        });
        links.append(&mut added);
        dedup(links)
    }

    /// A link for the model's content span `s` (the `k`-th span).
    fn model_link(&self, t: &Tagged, k: usize, s: &Span, open_cues: OpenCues) -> Option<Link> {
        let a = self.a;
        let mut m = s.tokens.clone();
        while m.start < m.end && self.edge_punct(m.start) {
            m.start += 1;
        }
        while m.end > m.start && self.edge_punct(m.end - 1) {
            m.end -= 1;
        }
        // A possessive alone ("boast about his"): the model cut its noun phrase short. A "that"
        // alone is a conjunction cut from its clause ("argued that") or a relative pronoun, as
        // is "which" or "who" alone ("a walkout that the firm said cost it $5 million"): the
        // subject of a claim the model gives apart.
        if m.len() == 1
            && (a.pos[m.start] == "PRP$"
                || matches!(a.w(m.start), "that" | "which" | "who" | "whom") && !a.quoted(m.start))
        {
            return None;
        }
        if m.is_empty()
            || self.empty_content(&a.span(&m))
            || self.show_title(&a.span(&m))
            || self.anonymity_request(m.start, m.end)
        {
            return None;
        }
        // "rejected claims that …": the content is a claim that a noun cue gives to someone else.
        if m.len() > 1
            && a.pos[m.start].starts_with("NN")
            && crate::cues::verb(a.word(m.start)).is_some()
            && a.w(m.start + 1) == "that"
        {
            return None;
        }
        // The cue and source by the content, else, for a quotation that opens its paragraph
        // after one that ends in a colon, those that introduce it ("Lee called them on it:").
        let (cue, source, weight) = self.cue_and_source(t, k, &m, open_cues).or_else(|| {
            let colon = self.colon_before(&m)?;
            self.cue_and_source(t, k, &(colon..colon + 1), open_cues)
        })?;
        // "Asked whether she would resign, Ruiz said …": a participle of asking that opens the
        // sentence (a past form with no subject before it, whatever its tag) puts the question
        // to the source; the question is not the source's. ("Worried that …, the government"
        // is the government's own fear.)
        if matches!(a.pos[cue.start], "VBN" | "VBD")
            && crate::lexicon::ASKING_PARTICIPLES.contains(&self.w(cue.start))
            && (cue.start == self.sent_start(cue.start)
                || cue.start == self.sent_start(cue.start) + 1
                    && matches!(self.w(cue.start - 1), "when" | "if" | "once" | "after"))
        {
            return None;
        }
        // "The bridge is said to be unsafe": hearsay, whose subject reports nothing, as for the
        // rules.
        if self.hearsay(&cue) {
            return None;
        }
        // A negated cue reports nothing ("did not say", "did not take aim at"), as for the rules.
        if cue.clone().any(|i| {
            (crate::cues::verb(self.a.word(i)).is_some() || (i == cue.start && a.is_verb(i)))
                && self.a.left_of_aux(i).is_some_and(|(_, neg)| neg)
                || crate::lexicon::NEGATION.contains(&self.w(i))
        }) {
            return None;
        }
        // The writer's own "we believe" is not a source, nor is an event or a time ("Tuesday's
        // attack showed …"), as for the rules.
        if self.first_person(&source) || self.not_a_source(&source) {
            return None;
        }
        if !self.content_fits(&m, &cue, &source) {
            return None;
        }
        if self.no_claim(&m, &cue) {
            return None;
        }
        let m = self.to_closing_mark(self.through_quote(self.after_dateline(m)));
        let quoted = m.clone().filter(|&i| a.quoted(i)).count();
        let words = m.clone().filter(|&i| !a.is_punct(i)).count();
        let (kind, rule) = if quoted == 0 {
            (Kind::Indirect, RuleId::ModelIndirect)
        } else if m.clone().all(|i| a.quoted(i) || a.is_punct(i)) && words > 0 {
            (Kind::Direct, RuleId::ModelDirect)
        } else {
            (Kind::Mixed, RuleId::ModelMixed)
        };
        Some(Link {
            content: a.span(&m),
            kind,
            speaker: Some(source),
            source: None,
            cue: Some(cue),
            rule,
            confidence: s.score * rule.confidence() * weight,
            quote: None,
            model_score: Some(s.score),
        })
    }

    /// Whether a content span `m` of the model, with its cue, is no claim by the words around
    /// it:
    /// - one word that is no noun phrase: an article or an adverb cut from its phrase ("will
    ///   hear the", "according to MSNBC, basically"); a demonstrative or "so" stands for one
    ///   ("has articulated these", "thinks so");
    /// - a question after a name and a colon: the writer asks about the one named ("Ms. Fay:
    ///   What, exactly, has she done?");
    /// - the listener after "to" before a clause ("complained to the host that …": what was
    ///   said is the clause);
    /// - a time alone ("six months ago, she said, …").
    pub(super) fn no_claim(&self, m: &Range<usize>, cue: &Range<usize>) -> bool {
        let a = self.a;
        if m.clone().any(|i| a.quoted(i)) {
            return false;
        }
        let mut words = m.clone().filter(|&i| !a.is_punct(i));
        let (Some(first), last) = (words.next(), words.next_back()) else {
            return false;
        };
        if last.is_none() {
            let noun = a.pos[first].starts_with("NN")
                || matches!(a.pos[first], "PRP" | "CD" | "WP" | "FW")
                || matches!(self.w(first), "this" | "that" | "these" | "those" | "so");
            if !noun {
                return true;
            }
        }
        let last = last.unwrap_or(first);
        if self.w(cue.start) == ":" && cue.len() == 1 {
            // The question mark that ends the content, past its closing punctuation.
            let end = self.sent_end(last);
            if (last + 1..end).find(|&k| !matches!(self.w(k), "," | ";")) == Some(end - 1)
                && self.w(end - 1) == "?"
            {
                return true;
            }
        }
        let verb = self.ix.has_verb(m.clone());
        if !verb
            && m.start == cue.end + 1
            && self.w(cue.end) == "to"
            && crate::cues::verb(a.word(cue.end - 1)).is_some()
            && m.end < a.sent_end(last)
            && self.w(m.end) == "that"
        {
            return true;
        }
        !verb && self.w(last) == "ago" && last - first < 3
    }

    /// The cue, source and confidence weight of a content of the model near the tokens `m`:
    /// the model's cue span nearest them (else the nearest cue of the lexicon) and the model's
    /// source of that cue (else the cue's subject by the grammar).
    fn cue_and_source(
        &self,
        t: &Tagged,
        k: usize,
        m: &Range<usize>,
        open_cues: OpenCues,
    ) -> Option<(Range<usize>, Range<usize>, f32)> {
        let a = self.a;
        let model_cue = self.nearest(t, k, Part::Cue, m);
        let mut weight = 1.0;
        let (cue, source) = match model_cue.clone().filter(|c| self.plausible_cue(c)) {
            Some(cue) => {
                // The model's source, else the cue's subject; the subject by the grammar when
                // the model's is plainly not the cue's.
                let model = self.model_source(t, k, &cue);
                let subject = cue
                    .clone()
                    .find(|&i| self.cues.verb(i).is_some() || self.cues.according_to(i))
                    .and_then(|v| self.grammar_source(&(v..v + 1)));
                let source = match (model, subject) {
                    (Some(m), Some(g)) if self.subject_over_model(&m, &g, &cue) => g,
                    (m, _) => m.or_else(|| self.grammar_source(&cue))?,
                };
                (cue, source)
            }
            None => match self.lexicon_cue(m) {
                // Its source by the grammar, else the model's: for a passive with its agent ("as
                // announced by the mayor": the grammar finds no subject), or one that names
                // someone ("Tom Hale — the mayor since 2010 — warned"). Other cues with no
                // subject the grammar can find have none ("helps us tell the story").
                Some(cue) => {
                    let source = self.grammar_source(&cue).or_else(|| {
                        self.model_source(t, k, &cue).filter(|s| {
                            (cue.end < a.len() && self.w(cue.end) == "by") || self.names_someone(s)
                        })
                    })?;
                    (cue, source)
                }
                // A cue outside the lexicon ("ridiculed", "ponders", "took aim at"): the model's
                // own, when the model's cues are taken, it is a short phrase with a word of its
                // own, and with the model's source in its sentence (the grammar knows the
                // subjects of lexicon cues only), for a linear model one that names someone.
                None => {
                    let cue =
                        model_cue.filter(|c| open_cues != OpenCues::Off && self.open_cue(c))?;
                    weight = OPEN_CUE_WEIGHT;
                    let source = self
                        .model_source(t, k, &cue)
                        .filter(|s| open_cues == OpenCues::All || self.names_someone(s))?;
                    (cue.clone(), source)
                }
            },
        };
        Some((cue, source, weight))
    }

    /// Whether the grammar's subject `g` of the cue is its source rather than the model's source
    /// `m`, which then plainly belongs to another part of the sentence:
    /// - `m` follows the cue while the subject stands before it ("Lee dismissed criticism from
    ///   Ruiz": the verb's object);
    /// - `m` is the object of a verb right before a participle cue, the subject that verb's
    ///   ("The union issued a statement saying …");
    /// - `m` is a relative pronoun whose clause closes before the cue ("Lee, who said she would
    ///   run, told the crowd …": the relative clause's own subject);
    /// - `m` is the object of a preposition, the subject not ("Lee, after a long pause, said",
    ///   "Ruiz, in the wake of a poll, told …"); not the subject of a clause that a
    ///   subordinator opens ("after she arrived and said").
    fn subject_over_model(&self, m: &Range<usize>, g: &Range<usize>, cue: &Range<usize>) -> bool {
        let a = self.a;
        if m == g {
            return false;
        }
        if m.start >= cue.end && g.end <= cue.start {
            return true;
        }
        // "The union issued a statement saying …": the object of the verb whose subject the
        // participle hangs from.
        // The model may take the object's head alone ("a policy paper welcoming …": "paper").
        let object = self
            .np_left(m.end - 1)
            .filter(|np| np.start <= m.start)
            .unwrap_or_else(|| m.clone());
        if g.end <= m.start
            && self
                .object_before_participle(&object, cue.start)
                .is_some_and(|s| s == *g)
        {
            return true;
        }
        // "Reed -- co-author of a book about the strike -- said": the model's source inside an
        // appositive between dashes after the subject.
        if g.end < m.start
            && m.end < cue.start
            && matches!(self.w(g.end), "--" | "—" | "–")
            && self
                .a
                .left_of_aux(cue.start)
                .is_some_and(|(j, _)| m.end <= j && self.w(j) == self.w(g.end))
        {
            return true;
        }
        if m.len() == 1
            && matches!(self.w(m.start), "who" | "which" | "that" | "whom" | "whose")
            && g.end <= m.start
            && m.end <= cue.start
        {
            let mut verb = false;
            for i in m.end..cue.start {
                verb |= a.is_verb(i);
                if verb && a.word(i) == "," {
                    return true;
                }
            }
        }
        let object = |r: &Range<usize>| {
            r.start > 0
                && a.pos[r.start - 1] == "IN"
                && !CLAUSE_OPENERS.contains(&self.w(r.start - 1))
                && !SUBJECT_PRONOUNS.contains(&self.w(r.start))
                && !(SUBORDINATORS.contains(&self.w(r.start - 1))
                    && r.end < a.len()
                    && a.is_verb(r.end))
        };
        object(m) && !object(g)
    }

    /// The colon that ends the paragraph before the content `m`, when `m` is quoted and its
    /// quotation opens its paragraph ("Lee called them on it:¶“The questions …”").
    fn colon_before(&self, m: &Range<usize>) -> Option<usize> {
        let a = self.a;
        let q = a.quote_at(m.start)?;
        let p = a.paragraph_of[a.sentence_of(m.start)];
        if a.mark_of(a.paragraph_tokens(p).start) != Some(q) {
            return None;
        }
        let colon = a.paragraph_tokens(p.checked_sub(1)?).end - 1;
        (a.word(colon) == ":").then_some(colon)
    }

    /// Whether a content span of the model stands where a reported claim can stand to its cue
    /// and source:
    /// - not inside the source phrase ("according to the union, one of three that represent
    ///   the workers": the appositive describes the source);
    /// - before the cue, only the attribution between them ("Q, S said", "Q, as S noted"): a
    ///   clause further back is not what the cue reports ("… the trouble, and as Lee noted,
    ///   staff may still …"), nor the antecedent of a relative source ("the mayor, who said");
    /// - after the cue, not an adverbial that opens with a subordinator or preposition ("said
    ///   as the crowd cheered", "said without further comment", "reported in its story").
    pub(super) fn content_fits(
        &self,
        m: &Range<usize>,
        cue: &Range<usize>,
        source: &Range<usize>,
    ) -> bool {
        let a = self.a;
        let phrase = self.source_phrase(source).unwrap_or_else(|| source.clone());
        let overlaps = |r: &Range<usize>| r.start < phrase.end && phrase.start < r.end;
        if overlaps(m) {
            return false;
        }
        // The object or complement of another verb ("declined to name …", "was fired up about
        // …", "alleging that …, said"): that verb, not the cue, governs it, and the claim is the
        // source's only when the source is that verb's subject too ("Lee said, referencing …").
        if let Some(g) = self.governor(m).filter(|g| !cue.contains(g)) {
            let head = if g >= 2 && self.w(g - 1) == "to" && a.is_verb(g - 2) {
                g - 2
            } else {
                g
            };
            if !self
                .speaker_of(head, false)
                .is_some_and(|(r, _)| overlaps(&r))
            {
                return false;
            }
        }
        if m.end <= cue.start {
            if source.len() == 1 && matches!(self.w(source.start), "who" | "which" | "that") {
                return false;
            }
            // "Lee revised the plan, promising to …": a participle's claim follows it; the clause
            // before it is the writer's account of what its subject did ("was saying" is not a
            // participle of this kind).
            if a.pos[cue.start] == "VBG"
                && !self.cues.according_to(cue.start)
                && !(cue.start > 0
                    && (AUX.contains(&self.w(cue.start - 1))
                        || BE.contains(&self.w(cue.start - 1))))
            {
                return false;
            }
            // A clause of an earlier sentence is not what the cue reports.
            if !a.quoted(m.end - 1) && self.sent_start(cue.start) >= m.end {
                return false;
            }
            // Unquoted names before "S said" are no claim: "Immigration, Refugees and
            // Citizenship Canada said" lists a name, it reports nothing.
            if m.clone().all(|i| {
                !a.quoted(i) && !a.is_verb(i) && !a.word(i).starts_with(char::is_lowercase)
            }) {
                return false;
            }
            return (m.end..cue.start).all(|k| {
                a.is_punct(k)
                    || phrase.contains(&k)
                    || matches!(self.w(k), "as" | "so")
                    || AUX.contains(&self.w(k))
                    || a.pos[k].starts_with("RB")
            });
        }
        // "he said of the plan", "she recalled of the hearing", "said on the show": what follows
        // the preposition is the topic or the place, not the words; "said to the crowd": the
        // listener.
        let topic = cue.len() > 1
            && (matches!(self.w(cue.end - 1), "of" | "about" | "on")
                || self.w(cue.end - 1) == "to" && !BE.contains(&self.w(m.start)))
            && self
                .cue_verb(cue.start)
                .is_some_and(|v| matches!(v.lemma, "say" | "recall"));
        if topic && m.start >= cue.end {
            return false;
        }
        if m.start == cue.end {
            // "argued that": the conjunction alone, cut from its clause, is no claim (a "that"
            // before the cue is a relative pronoun: "the plan that she proposed").
            if m.len() == 1 && self.w(m.start) == "that" {
                return false;
            }
            // "told Lee", "asked the mayor", "urging him": a noun phrase right after a verb of
            // saying to someone is the listener.
            if self.listener(m, cue) {
                return false;
            }
            return !ADVERBIALS_AFTER_CUE.contains(&self.w(m.start));
        }
        // "said, as the crowd cheered", "said as she turned", "said calmly as …": a clause that
        // a subordinator opens right after a verb of saying is the writer's scene, not the claim.
        let speech = self
            .cue_verb(cue.start)
            .is_some_and(|v| matches!(v.class, CueClass::Speech | CueClass::SpeechTo));
        let mut k = cue.end;
        while k < m.start && self.w(k) == "," {
            k += 1;
        }
        let opener = if k < m.start { k } else { m.start };
        // "she yelled and held up a banner that …", "he said, and soon the balloons …": what
        // follows a second verb or clause joined to the cue is not what the cue reports.
        if opener < m.start && !a.quoted(opener) && matches!(self.w(opener), "and" | "but") {
            return false;
        }
        let scene =
            |i: usize| !a.quoted(i) && matches!(self.w(i), "as" | "while" | "when" | "amid");
        if speech && (opener + 1 >= m.start && scene(opener) || cue.len() > 1 && scene(cue.end - 1))
        {
            return false;
        }
        true
    }

    /// Whether the span `m`, right after the cue, is the listener of a verb of saying to
    /// someone ("told Lee", "asked the mayor", "urging him"): a short noun phrase (no verb, at
    /// most four words) after a cue that ends in such a verb.
    fn listener(&self, m: &Range<usize>, cue: &Range<usize>) -> bool {
        let a = self.a;
        m.start == cue.end
            && m.len() <= 4
            && self
                .cue_verb(cue.end - 1)
                .is_some_and(|v| v.class == CueClass::SpeechTo)
            && !m.clone().any(|i| a.is_verb(i) || a.quoted(i))
    }

    /// The verb whose object or complement the span `m` is: the verb right before it, or before
    /// the "that" / "whether" / "if" or the preposition that opens it, past adverbs and
    /// particles ("wrote off", "fired up about"). Not an auxiliary or a copula ("the trouble is
    /// that …").
    fn governor(&self, m: &Range<usize>) -> Option<usize> {
        let a = self.a;
        let mut j = m.start.checked_sub(1)?;
        if matches!(self.w(j), "that" | "whether" | "if") || a.pos[j] == "IN" {
            j = j.checked_sub(1)?;
        }
        while a.pos[j].starts_with("RB") || a.pos[j] == "RP" {
            j = j.checked_sub(1)?;
        }
        (a.pos[j].starts_with("VB") && !AUX.contains(&self.w(j)) && !BE.contains(&self.w(j)))
            .then_some(j)
    }

    /// The model's span of `part` nearest to `around` in the same paragraph, outside the content
    /// span `k`, at most `MAX_GAP` tokens away.
    fn nearest(
        &self,
        t: &Tagged,
        k: usize,
        part: Part,
        around: &Range<usize>,
    ) -> Option<Range<usize>> {
        let para = self.a.para_range(around.start);
        let ok = |s: &Span| {
            s.part == part
                && s.tokens.start >= para.start
                && s.tokens.end <= para.end
                && gap(&s.tokens, around) <= MAX_GAP
        };
        // The spans are in text order and do not overlap: only those within `MAX_GAP` of
        // `around` are looked at, so that a long paragraph's spans are not all read for each.
        let near = around.start.saturating_sub(MAX_GAP);
        let first = t
            .spans
            .partition_point(|s| s.tokens.end <= para.start || s.tokens.end < near);
        t.spans[first..]
            .iter()
            .enumerate()
            .take_while(|(_, s)| {
                s.tokens.start < para.end && s.tokens.start <= around.end + MAX_GAP
            })
            .filter(|(j, s)| first + j != k && ok(s))
            .min_by_key(|(_, s)| gap(&s.tokens, around))
            .map(|(_, s)| s.tokens.clone())
    }

    /// The model's source span nearest the cue, when it stands in the cue's sentence (a noun
    /// phrase of the next sentence is no one's source here) and names no event or time ("said
    /// Monday").
    fn model_source(&self, t: &Tagged, k: usize, cue: &Range<usize>) -> Option<Range<usize>> {
        let sentence = self.sent_start(cue.start)..self.sent_end(cue.end - 1);
        self.nearest(t, k, Part::Source, cue)
            .and_then(|s| self.source_np(&s))
            .filter(|s| sentence.start <= s.start && s.end <= sentence.end && !self.not_a_source(s))
    }

    /// The model's source span as a noun phrase that can speak, or none:
    /// - without the punctuation at its ends (a quotation mark alone is no one);
    /// - cut before a finite verb ("She's a supporter": the clause's subject, not the clause);
    /// - with the adjectives before a plural noun that it left out ("significant numbers of
    ///   voters", "Polling averages");
    /// - cut before a time or an occasion of the cue ("her lawyers in a court filing");
    /// - with a noun, a pronoun, a number or a quantifier ("most", "both"): an adverb, an
    ///   adjective or a preposition alone ("clearly", "before") names no one;
    /// - not a bare singular common noun, which names a mass or an abstraction ("under
    ///   pressure to pledge", "took time to tell"), unless it is a name of the entity model or a
    ///   document ("according to poll").
    fn source_np(&self, s: &Range<usize>) -> Option<Range<usize>> {
        let a = self.a;
        // Punctuation that cannot end a noun phrase: a bracket stays when the phrase opens it
        // ("Sen. Lee (R-Ky.)").
        let loose = |r: &Range<usize>, i: usize| {
            a.is_punct(i)
                && !(matches!(a.word(i), ")" | "]")
                    && r.clone().any(|k| matches!(a.word(k), "(" | "[")))
                && a.word(i) != "."
        };
        let mut r = s.clone();
        while r.start < r.end && a.is_punct(r.start) {
            r.start += 1;
        }
        while r.end > r.start && loose(&r, r.end - 1) {
            r.end -= 1;
        }
        // A clause: its subject ("She's a supporter"). Not past a comma or a relative pronoun
        // ("Lee, now retired, said"; "the aide who wrote the memo"), nor at a capitalised word
        // tagged as a verb (a name).
        let clause_verb = (r.start + 1..r.end)
            .take_while(|&i| {
                !matches!(a.word(i), "," | "(" | "-" | "--" | "—" | "–")
                    && !matches!(self.w(i), "who" | "which" | "that" | "whom" | "whose")
            })
            .find(|&i| {
                matches!(a.pos[i], "VBD" | "VBZ" | "VBP" | "MD")
                    && !a.word(i).starts_with(char::is_uppercase)
                    && !a.is_entity(i)
            });
        if let Some(v) = clause_verb {
            r.end = v;
            while r.end > r.start && loose(&r, r.end - 1) {
                r.end -= 1;
            }
        }
        if r.is_empty() {
            return None;
        }
        if let Some(p) = self.own_clause_pronoun(&r) {
            r = p;
        }
        // "Ann Lee on Climate Change: …": a person's name and the topic of what the person says
        // (a headline's way); the name speaks, not the topic.
        let person = |i: usize| a.entity(i).is_some_and(|e| e.kind == EntityType::Per);
        if let Some(on) = (r.start + 1..r.end).find(|&i| self.w(i) == "on" && person(i - 1)) {
            r.end = on;
        } else if r.start >= 2
            && self.w(r.start - 1) == "on"
            && person(r.start - 2)
            && !a.quoted(r.start - 2)
            && let Some(name) = self.np_left(r.start - 2)
        {
            r = name;
        }
        // An adjective or a participle modifier the model left out before a plural noun
        // ("significant numbers of voters", "Polling averages").
        let first = self.sent_start(r.start);
        while r.start > first
            && matches!(a.pos[r.start], "NNS" | "NNPS")
            && !a.quoted(r.start - 1)
            && (a.pos[r.start - 1] == "JJ" || self.participle_modifier(r.start - 1, r.start, first))
        {
            r.start -= 1;
        }
        let end = self.before_adjunct(&r);
        if end < r.end {
            r.end = end;
            while r.end > r.start && loose(&r, r.end - 1) {
                r.end -= 1;
            }
        }
        if r.is_empty() {
            return None;
        }
        let nominal = |i: usize| {
            let p = &a.pos[i];
            p.starts_with("NN")
                || p.starts_with("PRP")
                || matches!(*p, "CD" | "DT" | "PDT" | "WP" | "WDT" | "JJS")
                || matches!(self.w(i), "many" | "few" | "several")
                || a.is_entity(i)
        };
        if !r.clone().any(nominal) {
            return None;
        }
        if r.len() == 1
            && a.pos[r.start] == "NN"
            && !a.is_entity(r.start)
            && a.word(r.start).starts_with(char::is_lowercase)
            && !DOC_NOUNS.contains(&self.w(r.start))
        {
            return None;
        }
        Some(r)
    }

    /// The pronoun of a model source span that runs past it or up to it from words of another
    /// phrase: a third-person subject pronoun that ends the span after a noun it does not belong
    /// to ("the new programs she has proposed", "the tax system and he pledged"; not two
    /// subjects, "Lee and she"; "the experts I interviewed" is the experts, who speak), or a
    /// relative pronoun that opens it before a preposition ("who in 2010 said": the adverbial
    /// is no part of the source).
    fn own_clause_pronoun(&self, r: &Range<usize>) -> Option<Range<usize>> {
        let a = self.a;
        if r.len() < 2 {
            return None;
        }
        let last = r.end - 1;
        if matches!(self.w(last), "he" | "she" | "they") {
            let before = last - 1;
            let coordinated = matches!(self.w(before), "and" | "or")
                && before > r.start
                && (a.is_entity(before - 1)
                    || a.pos[before - 1] == "PRP"
                    || a.pos[before - 1].starts_with("NNP"));
            let after_noun = a.pos[before].starts_with("NN") || matches!(self.w(before), "and");
            return (after_noun && !coordinated).then_some(last..last + 1);
        }
        let first = r.start;
        (matches!(self.w(first), "who" | "which") && a.pos[first + 1] == "IN")
            .then_some(first..first + 1)
    }

    /// Whether a cue span of the model that holds no word of the cue lexicon can still be a cue:
    /// a short phrase with a verb of its own ("ridiculed", "took aim at"; not an auxiliary or a
    /// copula alone) or a common noun ("criticism of").
    fn open_cue(&self, c: &Range<usize>) -> bool {
        let a = self.a;
        c.len() <= MAX_OPEN_CUE
            && c.clone().any(|i| {
                let w = self.w(i);
                (a.pos[i].starts_with("VB") && !AUX.contains(&w) && !BE.contains(&w))
                    || a.pos[i] == "NN"
                    || a.pos[i] == "NNS"
            })
    }

    /// Whether a cue span holds a passive verb of saying followed by an infinitive ("is said
    /// to", "was reported to"): hearsay, not a report by the verb's subject. A passive of belief
    /// ("is expected to") is left to the model: PolNeAR annotates it as an attribution.
    fn hearsay(&self, c: &Range<usize>) -> bool {
        let a = self.a;
        c.clone().any(|i| {
            crate::cues::verb(a.word(i)).is_some_and(|v| {
                matches!(
                    v.class,
                    CueClass::Speech | CueClass::SpeechTo | CueClass::Written
                )
            }) && matches!(a.pos[i], "VBN" | "VBD")
                && i + 1 < self.sent_end(i)
                && self.w(i + 1) == "to"
                && a.left_of_aux(i)
                    .is_some_and(|(j, _)| BE.contains(&self.w(j)))
        })
    }

    /// Whether a source holds a name the entity model found, or is "he" or "she".
    fn names_someone(&self, source: &Range<usize>) -> bool {
        source
            .clone()
            .any(|i| self.a.is_entity(i) || matches!(self.w(i), "he" | "she"))
    }

    /// Whether a cue span of the model is short and holds a word of the cue lexicon (in any use:
    /// noun cues such as "claim" count), "according to" or a colon.
    fn plausible_cue(&self, c: &Range<usize>) -> bool {
        c.len() <= MAX_CUE
            && c.clone().any(|i| {
                crate::cues::verb(self.a.word(i)).is_some()
                    || matches!(self.w(i), ":" | "according")
            })
    }

    /// The cue verb or "according to" nearest the content in the sentences it touches.
    fn lexicon_cue(&self, m: &Range<usize>) -> Option<Range<usize>> {
        let start = self.sent_start(m.start);
        let end = self.sent_end(m.end - 1);
        let left = (start..m.start).rev().find_map(|i| self.cue_at(i));
        let right = (m.end..end).find_map(|i| self.cue_at(i));
        match (left, right) {
            (Some(l), Some(r)) => Some(if gap(&l, m) <= gap(&r, m) { l } else { r }),
            (l, r) => l.or(r),
        }
    }

    fn cue_at(&self, i: usize) -> Option<Range<usize>> {
        if self.cues.verb(i).is_some() {
            Some(i..i + 1)
        } else if self.cues.according_to(i) {
            Some(i..i + 2)
        } else {
            None
        }
    }

    /// The source of a cue by the rules' grammar: the subject of a verb (not inverted: "to tell
    /// the story" has no speaker after it), the noun phrase after "according to".
    fn grammar_source(&self, cue: &Range<usize>) -> Option<Range<usize>> {
        let c = cue.start;
        if self.cues.according_to(c) {
            return self.np_right(c + 2);
        }
        self.cues.verb(c)?;
        self.speaker_of(c, false).map(|(r, _)| r)
    }
}
