//! Reporting cues: verbs of saying, writing and believing with all their inflections, and the
//! phrases that introduce a source ("according to"). Each lemma has a class: how strongly it marks
//! attribution, and whether its object is the listener (tell, ask) rather than the content.

use std::collections::HashMap;
use std::sync::OnceLock;

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
pub fn lemma_count() -> usize {
    let mut l: Vec<&str> = lexicon().values().map(|v| v.lemma).collect();
    l.sort_unstable();
    l.dedup();
    l.len()
}

/// Looks up a word form.
pub fn verb(word: &str) -> Option<CueVerb> {
    let lower = word.to_lowercase();
    lexicon().get(&lower).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
