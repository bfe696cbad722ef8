//! The cue stage: every reporting cue of a document, found once, before linking. A cue is a
//! reporting verb used as a verb (say, tell, write, believe, call … with all their inflections;
//! not passive or hearsay: "is said to"), the phrase "according to", or a colon. The phrases
//! around a verb cue ("told reporters", "said in a statement", "said on Sunday") are read by the
//! linking rules, which know where the cue's speaker and content may stand.
//!
//! Each verb lemma has a class: how strongly it marks attribution, and whether its object is the
//! listener (tell, ask) rather than the content.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use crate::analysis::Analysis;
use crate::lexicon::{BE, SUBJECT_PRONOUNS, SURE_CUES};

/// How a verb reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CueClass {
    /// Verbs of saying: say, add, insist, warn.
    Speech,
    /// Saying to someone: the object is the listener (tell, ask, urge, assure).
    SpeechTo,
    /// Writing and posting: write, tweet, post.
    Written,
    /// Thought and belief: think, believe, hope, expect.
    Belief,
    /// Verbs that report only with a quotation or a clause (call, describe, show, find).
    Weak,
}

impl CueClass {
    /// Confidence that a clause after this verb is an attributed claim.
    pub fn weight(self) -> f32 {
        match self {
            CueClass::Speech | CueClass::SpeechTo | CueClass::Written => 0.9,
            CueClass::Belief => 0.6,
            CueClass::Weak => 0.5,
        }
    }
}

/// What a record reports, for users who keep statements only (the record's `cue_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CueType {
    /// Something said or written: say, tell, write, announce, according to; also a colon before
    /// a quotation and a quotation with no cue (quoted words were said).
    Speech,
    /// A thought, wish or feeling: think, believe, want, fear, hope.
    Belief,
    /// A finding read from evidence: show, find, suggest, estimate.
    Evidence,
    /// A cue outside the lexicon, which the attribution model found ("ridiculed", "took aim at",
    /// "ponders"): an attribution of some kind, not known to be a statement.
    Other,
}

impl CueType {
    /// The name in records: `speech`, `belief`, `evidence` or `other`.
    pub fn as_str(self) -> &'static str {
        match self {
            CueType::Speech => "speech",
            CueType::Belief => "belief",
            CueType::Evidence => "evidence",
            CueType::Other => "other",
        }
    }
}

/// Lemmas whose cue reports evidence rather than speech, whatever their class.
#[rustfmt::skip]
const EVIDENCE: &[&str] = &[
    "show", "find", "suggest", "estimate", "indicate", "signal", "imply", "hint", "conclude",
    "forecast", "project", "calculate", "demonstrate", "prove",
];

/// Lemmas of thought that are not in the verb lexicon as cues of their own but name a belief
/// when they head a noun cue ("her belief that", "his fear that").
#[rustfmt::skip]
const BELIEF_NOUNS: &[&str] = &[
    "belief", "view", "hope", "fear", "concern", "worry", "expectation", "assumption", "feeling",
    "suspicion", "conviction", "sense",
];

/// Nouns that report evidence ("the study's finding that", "estimates").
#[rustfmt::skip]
const EVIDENCE_NOUNS: &[&str] = &[
    "finding", "findings", "estimate", "estimates", "evidence", "data", "analysis", "projection",
    "suggestion",
];

/// The type of a cue, from its words as they appear in a record (`said`, `According to`, `:`,
/// `was quoted as saying`, `claim`; empty for none): the first word that is a cue verb or a noun
/// of thought or evidence decides. A cue with none of them is speech when it has no other word
/// either (a colon, "according to", "as follows", a dash, no cue at all: these stand before or
/// after quoted or reported words), and other when it has ("ridiculed", "took aim at").
pub fn cue_type(cue: &str) -> CueType {
    let mut other = false;
    for word in cue
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        let lower = word.to_lowercase();
        if let Some(v) = lexicon().get(&lower) {
            if EVIDENCE.contains(&v.lemma) {
                return CueType::Evidence;
            }
            return match v.class {
                CueClass::Belief => CueType::Belief,
                _ => CueType::Speech,
            };
        }
        if BELIEF_NOUNS.contains(&lower.as_str()) {
            return CueType::Belief;
        }
        if EVIDENCE_NOUNS.contains(&lower.as_str()) {
            return CueType::Evidence;
        }
        // Nouns that report what their possessor says ("her statement", "his insistence that"),
        // and "read" after a written thing ("the post read").
        if crate::lexicon::NOUN_CUES.iter().any(|(n, _)| *n == lower)
            || lower == "read"
            || lower == "reads"
        {
            return CueType::Speech;
        }
        other |= !FRAME_WORDS.contains(&lower.as_str());
    }
    if other {
        CueType::Other
    } else {
        CueType::Speech
    }
}

/// Words of the frames that attribute without a cue word: "according to", "as follows", "in
/// the words of", "quoting".
const FRAME_WORDS: &[&str] = &[
    "according",
    "to",
    "as",
    "follows",
    "in",
    "the",
    "words",
    "of",
];

/// Lemmas by class. Irregular forms are listed in `IRREGULAR`; the rest are inflected by rule.
#[rustfmt::skip]
const SPEECH: &[&str] = &[
    "say",
    "add",
    "claim",
    "insist",
    "warn",
    "argue",
    "suggest",
    "announce",
    "deny",
    "admit",
    "explain",
    "note",
    "reply",
    "acknowledge",
    "confirm",
    "state",
    "declare",
    "report",
    "comment",
    "remark",
    "reveal",
    "stress",
    "emphasise",
    "emphasize",
    "maintain",
    "contend",
    "assert",
    "allege",
    "predict",
    "promise",
    "pledge",
    "vow",
    "threaten",
    "complain",
    "concede",
    "recall",
    "respond",
    "answer",
    "continue",
    "caution",
    "observe",
    "testify",
    "boast",
    "joke",
    "quip",
    "shout",
    "exclaim",
    "plead",
    "propose",
    "recommend",
    "demand",
    "signal",
    "indicate",
    "hint",
    "agree",
    "disagree",
    "dispute",
    "counter",
    "retort",
    "rebut",
    "conclude",
    "estimate",
    "speculate",
    "reiterate",
    "repeat",
    "echo",
    "chant",
    "concur",
    "disclose",
    "mention",
    "lament",
    "decry",
    "tout",
    "brag",
    "imply",
    "posit",
    "affirm",
    "swear",
    "forecast",
    "object",
    "protest",
    "reason",
    "recount",
    "clarify",
    "elaborate",
    "acknowledge",
    "counsel",
    "proclaim",
    "announce",
    "charge",
    "contend",
    "opine",
    "muse",
    "wonder",
    "question",
    "suggest",
    "urge",
    "point",
    "insist",
    "retaliate", "bark", "snap", "scoff", "mock", "sneer", "groan", "sigh", "laugh", "yell",
    "scream", "whisper", "mutter", "murmur", "interject", "interrupt", "gush", "rave", "rant",
    "rail", "thunder", "roar", "blurt", "intone", "relay", "marvel", "lecture", "preach",
    "exhort", "cheer", "chide", "scold", "taunt", "confide", "reassert",
];

#[rustfmt::skip]
const SPEECH_TO: &[&str] = &[
    "tell", "ask", "assure", "reassure", "advise", "inform", "remind", "warn", "urge", "brief",
    "instruct", "notify", "persuade", "convince",
];

#[rustfmt::skip]
const WRITTEN: &[&str] = &[
    "write", "tweet", "post", "blog", "publish", "email", "text", "retweet",
];

#[rustfmt::skip]
const BELIEF: &[&str] = &[
    "think",
    "believe",
    "hope",
    "expect",
    "fear",
    "worry",
    "doubt",
    "reckon",
    "suspect",
    "feel",
    "know",
    "want",
    "plan",
    "intend",
    "wish",
    "understand",
    "consider",
    "assume",
    "realize",
    "realise",
    "recognize",
    "recognise",
    "guess",
    "imagine",
    "trust",
];

#[rustfmt::skip]
const WEAK: &[&str] = &[
    "call",
    "describe",
    "brand",
    "label",
    "dub",
    "accuse",
    "blame",
    "criticize",
    "criticise",
    "praise",
    "attack",
    "slam",
    "blast",
    "condemn",
    "welcome",
    "show",
    "find",
    "cite",
    "quote",
    "hear",
    "learn",
    "characterize",
    "characterise",
    "deride",
    "hail",
    "applaud",
    "reject",
    "dismiss",
    "defend",
    "question",
    "rule",
];

/// Irregular verbs: lemma, past, past participle.
#[rustfmt::skip]
const IRREGULAR: &[(&str, &str, &str)] = &[
    ("say", "said", "said"),
    ("tell", "told", "told"),
    ("write", "wrote", "written"),
    ("think", "thought", "thought"),
    ("feel", "felt", "felt"),
    ("hear", "heard", "heard"),
    ("find", "found", "found"),
    ("show", "showed", "shown"),
    ("know", "knew", "known"),
    ("understand", "understood", "understood"),
    ("swear", "swore", "sworn"),
    ("learn", "learned", "learnt"),
    ("forecast", "forecast", "forecast"),
    ("speak", "spoke", "spoken"),
    ("quote", "quoted", "quoted"),
];

/// Verbs whose final consonant doubles before -ed and -ing.
#[rustfmt::skip]
const DOUBLING: &[&str] = &[
    "admit", "regret", "quip", "rebut", "blog", "commit", "refer", "concur", "plan", "slam", "dub",
    "text",
];

/// Inflected forms of a regular lemma: base, third person, past, -ing.
fn inflect(lemma: &str) -> Vec<String> {
    let mut forms = vec![lemma.to_string()];
    let third = if lemma.ends_with('y') && !lemma.ends_with("ay") && !lemma.ends_with("ey") {
        format!("{}ies", &lemma[..lemma.len() - 1])
    } else if ["s", "sh", "ch", "x", "z", "o"]
        .iter()
        .any(|e| lemma.ends_with(e))
    {
        format!("{lemma}es")
    } else {
        format!("{lemma}s")
    };
    forms.push(third);
    let doubled = DOUBLING.contains(&lemma) && lemma != "text";
    let (past, ing) = if lemma.ends_with('e') && !lemma.ends_with("ee") {
        (
            format!("{lemma}d"),
            format!("{}ing", &lemma[..lemma.len() - 1]),
        )
    } else if lemma.ends_with('y') && !lemma.ends_with("ay") && !lemma.ends_with("ey") {
        (
            format!("{}ied", &lemma[..lemma.len() - 1]),
            format!("{lemma}ing"),
        )
    } else if doubled {
        let last = &lemma[lemma.len() - 1..];
        (format!("{lemma}{last}ed"), format!("{lemma}{last}ing"))
    } else {
        (format!("{lemma}ed"), format!("{lemma}ing"))
    };
    forms.push(past);
    forms.push(ing);
    forms
}

/// The simple past of a cue verb given in any of its forms ("finding" → "found", "estimating"
/// → "estimated"), for a sentence that reports it.
pub fn past_tense(form: &str) -> Option<String> {
    let lemma = lexicon().get(&form.to_lowercase())?.lemma;
    Some(match IRREGULAR.iter().find(|(l, _, _)| *l == lemma) {
        Some(&(_, past, _)) => past.to_string(),
        None => inflect(lemma).swap_remove(2),
    })
}

/// A form of a cue verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CueVerb {
    pub lemma: &'static str,
    pub class: CueClass,
}

/// All forms of all cue verbs, lower-cased.
pub fn lexicon() -> &'static HashMap<String, CueVerb> {
    static L: OnceLock<HashMap<String, CueVerb>> = OnceLock::new();
    L.get_or_init(|| {
        let mut m = HashMap::new();
        // Later classes do not override earlier ones: speech beats weak for "question".
        for (list, class) in [
            (SPEECH_TO, CueClass::SpeechTo),
            (SPEECH, CueClass::Speech),
            (WRITTEN, CueClass::Written),
            (BELIEF, CueClass::Belief),
            (WEAK, CueClass::Weak),
        ] {
            for &lemma in list {
                let v = CueVerb { lemma, class };
                let forms = match IRREGULAR.iter().find(|(l, _, _)| *l == lemma) {
                    Some(&(l, past, part)) => {
                        let mut f = inflect(l);
                        f[2] = past.to_string();
                        f.push(part.to_string());
                        f
                    }
                    None => inflect(lemma),
                };
                for f in forms {
                    m.entry(f).or_insert(v);
                }
            }
        }
        m
    })
}

/// The number of distinct cue lemmas.
#[cfg(test)]
pub fn lemma_count() -> usize {
    let mut l: Vec<&str> = lexicon().values().map(|v| v.lemma).collect();
    l.sort_unstable();
    l.dedup();
    l.len()
}

/// Looks up a word form.
pub fn verb(word: &str) -> Option<CueVerb> {
    crate::lexicon::with_lowercase(word, |lower| lexicon().get(lower).copied())
}

/// What a cue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    /// A reporting verb used as a verb.
    Verb(CueVerb),
    /// "according to" (two tokens).
    AccordingTo,
    /// A colon, which may introduce a quotation ("Smith: “…”").
    Colon,
}

/// A cue and its tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    pub kind: CueKind,
    pub tokens: Range<usize>,
}

/// The cues of one document, indexed by token.
#[derive(Debug, Clone, Default)]
pub struct Cues {
    /// The cues in the order of their first token (at most one starts at a token), found by
    /// binary search: a document has far fewer cues than tokens, so little is kept per token.
    list: Vec<Cue>,
    /// One bit per token: whether a cue starts there, so that most questions need no search.
    starts: Vec<u64>,
}

impl Cues {
    fn starting_at(&self, i: usize) -> Option<&Cue> {
        let bit = self
            .starts
            .get(i / 64)
            .is_some_and(|w| (w >> (i % 64)) & 1 == 1);
        if !bit {
            return None;
        }
        let k = self.list.partition_point(|c| c.tokens.start < i);
        self.list.get(k).filter(|c| c.tokens.start == i)
    }

    /// The tokens in `r` where a reporting verb used as one starts, in order (found by binary
    /// search, so a question about a long stretch costs only the cues in it).
    pub fn verbs_in(&self, r: Range<usize>) -> impl Iterator<Item = usize> + '_ {
        let from = self.list.partition_point(|c| c.tokens.start < r.start);
        self.list[from..]
            .iter()
            .take_while(move |c| c.tokens.start < r.end)
            .filter(|c| matches!(c.kind, CueKind::Verb(_)))
            .map(|c| c.tokens.start)
    }

    /// The reporting verb at token `i`, if it is one and is used as one.
    pub fn verb(&self, i: usize) -> Option<CueVerb> {
        match self.starting_at(i)?.kind {
            CueKind::Verb(v) => Some(v),
            _ => None,
        }
    }

    /// Whether "according to" starts at token `i`.
    pub fn according_to(&self, i: usize) -> bool {
        self.starting_at(i)
            .is_some_and(|c| c.kind == CueKind::AccordingTo)
    }
}

/// Finds every cue of a document.
pub fn find(a: &Analysis) -> Cues {
    let mut cues = Cues {
        list: Vec::new(),
        starts: vec![0; a.len().div_ceil(64)],
    };
    for i in 0..a.len() {
        let kind = if let Some(v) = verb_cue(a, i) {
            CueKind::Verb(v)
        } else if a.w(i) == "according" && i + 1 < a.sent_end(i) && a.w(i + 1) == "to" {
            CueKind::AccordingTo
        } else if a.w(i) == ":" {
            CueKind::Colon
        } else {
            continue;
        };
        let len = if kind == CueKind::AccordingTo { 2 } else { 1 };
        cues.starts[i / 64] |= 1 << (i % 64);
        cues.list.push(Cue {
            kind,
            tokens: i..i + len,
        });
    }
    cues
}

/// A reporting verb at token `i`, if it is used as one: outside quotations, tagged as a verb
/// (or a form that is always one, or after a subject pronoun), and not passive or hearsay ("is
/// said to", "it is understood", "was told").
fn verb_cue(a: &Analysis, i: usize) -> Option<CueVerb> {
    if a.quoted(i) {
        return None;
    }
    let v = verb(a.word(i))?;
    let pos = a.pos[i];
    let sure = SURE_CUES.contains(&a.w(i));
    let after_pronoun = i > 0 && SUBJECT_PRONOUNS.contains(&a.w(i - 1));
    if !pos.starts_with("VB") && !sure && !after_pronoun {
        return None;
    }
    if let Some((j, _)) = a.left_of_aux(i)
        && BE.contains(&a.w(j))
        && (pos == "VBN" || pos == "VBD")
        && !a.w(i).ends_with("ing")
    {
        return None;
    }
    if !reports(a, i) {
        return None;
    }
    Some(v)
}

/// Whether the reporting verb at token `i` (in any use) reports words rather than modifying a
/// noun, giving a name or calling something off: "20 pledged delegates" and "the reported
/// attack" (a participle between an article or a number and its noun), "a play called “Sons of Trump”"
/// (a thing named by the indefinite noun phrase before "called"), "called off the deal".
pub fn reports(a: &Analysis, i: usize) -> bool {
    !(modifier(a, i) || named(a, i) || called_off(a, i) || gerund_noun(a, i))
}

/// An -ing form after an article or a possessive determiner is a noun, whatever its tag: "the
/// ruling made by the judge", "a warning", "their saying".
fn gerund_noun(a: &Analysis, i: usize) -> bool {
    i > a.sent_start(i)
        && a.w(i).ends_with("ing")
        && matches!(
            a.w(i - 1),
            "the" | "a" | "an" | "his" | "its" | "their" | "our" | "my" | "your"
        )
}

/// A past participle before a noun, after an article or a number.
fn modifier(a: &Analysis, i: usize) -> bool {
    if i == 0 || i + 1 >= a.sent_end(i) || !a.w(i).ends_with("ed") {
        return false;
    }
    // Not after a possessive, which may be the speaker of a noun cue ("Smith's repeated
    // accusations").
    let opens = matches!(a.w(i - 1), "the" | "a" | "an") || a.pos[i - 1] == "CD";
    // "his repeated claim that …" reports through its noun.
    let clause = i + 2 < a.sent_end(i) && a.w(i + 2) == "that";
    opens && matches!(a.pos[i + 1], "NN" | "NNS") && !a.quoted(i + 1) && !clause
}

/// "called" after an indefinite noun phrase that names no person, with a comma or none
/// between: the phrase is what is called so ("a website called Real News", "a blog, called
/// “the Feed”"). "A spokesman called it …" and "a lawyer called Smith …" report.
fn named(a: &Analysis, i: usize) -> bool {
    if a.w(i) != "called" || i == 0 {
        return false;
    }
    let start = a.sent_start(i);
    let mut head = i - 1;
    let comma = a.w(head) == "," && head > start;
    if comma {
        head -= 1;
    }
    let w = a.w(head);
    if !matches!(a.pos[head], "NN" | "NNS") || a.quoted(head) || person_noun(w) {
        return false;
    }
    // Back to the nearest determiner over the noun phrase (with its "of" and "for" phrases:
    // "a syllabus for a 2002 psychology class called …"), which must be indefinite.
    let mut k = head;
    while k > start && head - k < NAMED_PHRASE_REACH {
        k -= 1;
        let w = a.w(k);
        if crate::lexicon::DETERMINERS.contains(&w) {
            // Between commas, an indefinite phrase is an apposition to the subject ("Smith, a
            // conservative committee, called …").
            let apposition =
                comma && k > start && (a.is_punct(k - 1) || a.pos[k - 1].starts_with("RB"));
            return matches!(w, "a" | "an") && !apposition;
        }
        if a.is_verb(k) || a.is_punct(k) || a.quoted(k) || SUBJECT_PRONOUNS.contains(&w) {
            return false;
        }
    }
    false
}

/// The most words [`named`] reads back over a noun phrase for its determiner, so that one
/// endless phrase costs no more than a long one.
const NAMED_PHRASE_REACH: usize = 16;

/// Whether a common noun names a person ("spokesman", "aide", "lawyer", "voter").
fn person_noun(w: &str) -> bool {
    use crate::lexicon::{
        CAMPAIGN_STAFF, FEMALE_ROLE_WORDS, MALE_ROLE_WORDS, OFFICE_NOUNS, PERSON_OFFICES,
        SPOKESPEOPLE,
    };
    let w = w.strip_suffix('s').unwrap_or(w);
    [
        CAMPAIGN_STAFF,
        FEMALE_ROLE_WORDS,
        MALE_ROLE_WORDS,
        OFFICE_NOUNS,
        PERSON_OFFICES,
        SPOKESPEOPLE,
    ]
    .iter()
    .any(|l| l.contains(&w))
        || [
            "er", "or", "ist", "ian", "man", "woman", "person", "ent", "ant",
        ]
        .iter()
        .any(|s| w.ends_with(s))
            && !w.ends_with("ment")
}

/// "call off" (cancel) and "call back": a verb of calling followed by "off".
fn called_off(a: &Analysis, i: usize) -> bool {
    i + 1 < a.sent_end(i)
        && verb(a.word(i)).is_some_and(|v| v.lemma == "call")
        && a.w(i + 1) == "off"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_tenses() {
        assert_eq!(past_tense("finding").as_deref(), Some("found"));
        assert_eq!(past_tense("Estimating").as_deref(), Some("estimated"));
        assert_eq!(past_tense("believes").as_deref(), Some("believed"));
        assert_eq!(past_tense("budget"), None);
    }

    #[test]
    fn inflections() {
        for w in [
            "said", "says", "saying", "told", "tweeted", "tweeting", "admitted", "denies",
            "denied", "argued", "urging", "wrote", "written", "insists", "notes", "believes",
            "quipped", "replied", "echoed", "echoes",
        ] {
            assert!(verb(w).is_some(), "{w}");
        }
        assert_eq!(verb("Told").unwrap().lemma, "tell");
        assert_eq!(verb("told").unwrap().class, CueClass::SpeechTo);
        assert!(verb("table").is_none());
        assert!(lemma_count() >= 80, "{}", lemma_count());
    }

    #[test]
    fn cue_types() {
        for (cue, t) in [
            ("said", CueType::Speech),
            ("told", CueType::Speech),
            ("wrote", CueType::Speech),
            ("announced", CueType::Speech),
            ("According to", CueType::Speech),
            (":", CueType::Speech),
            ("", CueType::Speech),
            ("was quoted as saying", CueType::Speech),
            ("thinks", CueType::Belief),
            ("believed", CueType::Belief),
            ("wants", CueType::Belief),
            ("fear", CueType::Belief),
            ("shows", CueType::Evidence),
            ("found", CueType::Evidence),
            ("suggested", CueType::Evidence),
            ("estimates", CueType::Evidence),
            ("belief", CueType::Belief),
            ("finding", CueType::Evidence),
            ("as follows:", CueType::Speech),
            ("in the words of", CueType::Speech),
            ("—", CueType::Speech),
            ("ridiculed", CueType::Other),
            ("took aim at", CueType::Other),
            ("ponders", CueType::Other),
            ("statement", CueType::Speech),
            ("read", CueType::Speech),
            ("insistence", CueType::Speech),
        ] {
            assert_eq!(cue_type(cue), t, "{cue:?}");
        }
    }
}
