//! The attribution record: the contract with users. Field names are stable (new fields go at the
//! end); offsets count Unicode code points, end exclusive, so `text[start:end]` in Python gives
//! the span back. This module is the one place where byte offsets become code points.

use std::ops::Range;

use serde::Serialize;

use crate::analysis::Analysis;
pub use crate::cues::CueType;
use crate::link::Link;
pub use crate::link::{Kind, RuleId};
use crate::text::offsets::CharOffsets;

/// What kind of speaker a record names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SpeakerType {
    /// A person.
    #[serde(rename = "PER")]
    Per,
    /// An organisation (or a place speaking as an institution).
    #[serde(rename = "ORG")]
    Org,
    /// Several people ("Republican officials", "Ann Lee and Bo Park").
    #[serde(rename = "GROUP")]
    Group,
    /// A document: a report, poll, statement or study.
    #[serde(rename = "DOC")]
    Doc,
    /// Not resolved.
    #[serde(rename = "UNKNOWN")]
    Unknown,
}

impl SpeakerType {
    /// The name in records: `PER`, `ORG`, `GROUP`, `DOC` or `UNKNOWN`.
    pub fn as_str(self) -> &'static str {
        match self {
            SpeakerType::Per => "PER",
            SpeakerType::Org => "ORG",
            SpeakerType::Group => "GROUP",
            SpeakerType::Doc => "DOC",
            SpeakerType::Unknown => "UNKNOWN",
        }
    }
}

/// Who a speaker mention is, as the resolver found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Speaker {
    /// Canonical name, or an unnamed source's description; empty when unknown.
    pub name: String,
    /// What kind of speaker.
    pub kind: SpeakerType,
    /// Whether `name` is a proper name rather than a description.
    pub named: bool,
    /// How sure the resolution is, 0..1: multiplies the link's confidence.
    pub certainty: f32,
}

impl Speaker {
    /// Not resolved (the resolver says how sure that leaves the record).
    pub fn unknown() -> Self {
        Speaker {
            name: String::new(),
            kind: SpeakerType::Unknown,
            named: false,
            certainty: 1.0,
        }
    }
}

/// One attribution: who said what, where in the text, and by which rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attribution {
    /// The document's id.
    pub doc_id: String,
    /// Canonical name of who said it, or an unnamed source's description; empty when a pronoun or
    /// noun could not be resolved.
    pub speaker: String,
    /// What kind of speaker.
    pub speaker_type: SpeakerType,
    /// The words in the text that the quote was linked to.
    pub speaker_mention: String,
    /// The quoted or reported words, an exact slice of the text.
    pub quote: String,
    /// Direct, mixed or indirect.
    pub kind: Kind,
    /// The reporting verb or phrase; empty when none.
    pub cue: String,
    /// 0..1.
    pub confidence: f32,
    /// Which linking rule fired.
    pub rule: RuleId,
    /// Code-point offset of the quote's start.
    pub quote_start: usize,
    /// Code-point offset of the quote's end (exclusive).
    pub quote_end: usize,
    /// Code-point offset of the speaker mention's start, if any.
    pub speaker_start: Option<usize>,
    /// Code-point offset of the speaker mention's end, if any.
    pub speaker_end: Option<usize>,
    /// Code-point offset of the cue's start, if any.
    pub cue_start: Option<usize>,
    /// Code-point offset of the cue's end, if any.
    pub cue_end: Option<usize>,
    /// Whether `speaker` is a proper name ("Heidi Alexander") rather than a description ("a senior
    /// aide") or empty.
    pub speaker_named: bool,
    /// What the cue reports: `speech`, `belief` or `evidence` (see [`crate::cue_type`]).
    pub cue_type: CueType,
    /// The speaker's key across documents and runs ([`crate::corpus::speaker_id`]): the same
    /// for "Donald J. Trump" and "Donald Trump"; empty when `speaker` is.
    pub speaker_id: String,
}

impl Attribution {
    /// "Heidi Alexander said: “…”", for reading; a reported claim with its own verb
    /// ("Economists expect the costs to rise", "Ann Lee warned that …").
    pub fn sentence(&self) -> String {
        let who = if !self.speaker.is_empty() {
            self.speaker.as_str()
        } else if !self.speaker_mention.is_empty() {
            self.speaker_mention.as_str()
        } else {
            "Someone"
        };
        let quote = self.quote.split_whitespace().collect::<Vec<_>>().join(" ");
        // A reported claim reads with its own verb ("Economists expect the costs to rise", "A
        // report found that …", "Lee accused the mayor of …"): "said" would make every claim a
        // statement, and a verb keeps its preposition ("called for a ban"). A participle reads
        // in the past ("finding that" → "found that"); "say", another cue of several words
        // ("was quoted as saying"), and a verb that needs its listener before a clause that leaves
        // the listener out ("told reporters that …") read "said", as does a noun cue ("Lee's
        // claim that …"); "warned that …", "urged the council to …" keep their verb.
        let sentence = opens_sentence(&quote);
        let noun_cue = self.rule == crate::link::RuleId::NounCue;
        // A cue is one word, or a verb and the preposition it takes ("called for").
        let cue = self.cue.to_lowercase();
        let (word, particle) = match cue.split_once(' ') {
            Some((w, p))
                if crate::link::CUE_PARTICLES.contains(&p)
                    && crate::cues::lexicon().get(w).is_some() =>
            {
                (w, Some(p))
            }
            _ => (cue.as_str(), None),
        };
        let verb = (!noun_cue && !word.is_empty() && word.chars().all(char::is_alphabetic))
            .then_some(word)
            .filter(|word| {
                let clause = quote.starts_with("that ") || sentence;
                crate::cues::lexicon().get(*word).is_none_or(|v| {
                    v.lemma != "say" && !(clause && LISTENER_VERBS.contains(&v.lemma))
                })
            })
            .map(|word| match word.strip_suffix("ing") {
                Some(_) => crate::cues::past_tense(word).unwrap_or_else(|| word.to_string()),
                None => word.to_string(),
            })
            .map(|verb| match particle {
                Some(p) => format!("{verb} {p}"),
                None => verb,
            });
        match (self.kind, verb) {
            (Kind::Direct, _) => format!("{who} said: “{quote}”"),
            // A sentence given as the claim ("The plan will fail, Lee warned") reads as a clause;
            // a name after the verb is its object ("Boyd thanked Mehta for …").
            (Kind::Mixed | Kind::Indirect, Some(verb)) if sentence => {
                format!("{who} {verb} that {quote}")
            }
            (Kind::Mixed | Kind::Indirect, Some(verb)) => format!("{who} {verb} {quote}"),
            // A reported clause may hold its own "that" ("that fares could rise").
            (Kind::Mixed | Kind::Indirect, None) if quote.starts_with("that ") => {
                format!("{who} said {quote}")
            }
            (Kind::Mixed | Kind::Indirect, None) => format!("{who} said that {quote}"),
        }
    }
}

/// Verbs of telling that need their listener: "told that …" does not read.
const LISTENER_VERBS: &[&str] = &[
    "tell", "assure", "reassure", "inform", "remind", "brief", "instruct", "notify", "persuade",
    "convince",
];

/// Capitalised first words that open a claim given as a sentence: determiners and pronouns.
#[rustfmt::skip]
const SENTENCE_OPENERS: &[&str] = &[
    "the", "a", "an", "this", "these", "those", "it", "its", "we", "they", "he", "she", "i", "our",
    "their", "his", "her", "there", "no", "some", "many", "most", "all", "every", "more",
    "nobody", "none",
];

/// Whether a claim opens as a sentence does: a capitalised determiner or pronoun ("The plan
/// …", "We …"), or a number.
fn opens_sentence(quote: &str) -> bool {
    let first = quote.split_whitespace().next().unwrap_or("");
    first.starts_with(|c: char| c.is_numeric())
        || first.starts_with(char::is_uppercase)
            && SENTENCE_OPENERS.contains(&first.to_lowercase().as_str())
}

/// The byte spans of a link's source (or speaker mention) and cue, as records show them.
pub(crate) struct Spans {
    speaker: Option<Range<u32>>,
    cue: Option<Range<u32>>,
}

/// The byte spans of every link's speaker and cue, so that records can be built without the
/// analysis.
pub(crate) fn spans(a: &Analysis, links: &[Link]) -> Vec<Spans> {
    // As `Analysis::span`, in 32 bits.
    let bytes = |r: &Range<usize>| a.seg.tokens[r.start].start..a.seg.tokens[r.end - 1].end;
    links
        .iter()
        .map(|l| Spans {
            // The source phrase where the linker found one longer than the mention.
            speaker: l.source.as_ref().or(l.speaker.as_ref()).map(bytes),
            cue: crate::link::cue_phrase(a, l).as_ref().map(bytes),
        })
        .collect()
}

/// The records of one document from its links, their spans (see [`spans`]) and their speakers
/// (as `resolve` gives them).
pub(crate) fn build(
    doc_id: &str,
    text: &str,
    links: &[Link],
    spans: &[Spans],
    speakers: Vec<Option<Speaker>>,
) -> Vec<Attribution> {
    let offsets = CharOffsets::new(text);
    let chars = |b: usize| offsets.char_at(b);
    let range = |r: &Range<u32>| r.start as usize..r.end as usize;
    links
        .iter()
        .zip(spans)
        .zip(speakers)
        .map(|((l, spans), r)| {
            let r = r.unwrap_or_else(Speaker::unknown);
            let confidence = if l.speaker.is_some() {
                l.confidence * r.certainty
            } else {
                l.confidence
            };
            let speaker_span = spans.speaker.as_ref().map(range);
            let cue_span = spans.cue.as_ref().map(range);
            let cue = cue_span
                .clone()
                .map(|s| text[s].to_string())
                .unwrap_or_default();
            Attribution {
                doc_id: doc_id.to_string(),
                speaker: r.name.clone(),
                speaker_type: r.kind,
                speaker_mention: speaker_span
                    .clone()
                    .map(|s| text[s].to_string())
                    .unwrap_or_default(),
                quote: text[l.content.clone()].to_string(),
                kind: l.kind,
                cue_type: crate::cues::cue_type(&cue),
                cue,
                confidence: (confidence * 1000.0).round() / 1000.0,
                rule: l.rule,
                quote_start: chars(l.content.start),
                quote_end: chars(l.content.end),
                speaker_start: speaker_span.as_ref().map(|s| chars(s.start)),
                speaker_end: speaker_span.as_ref().map(|s| chars(s.end)),
                cue_start: cue_span.as_ref().map(|s| chars(s.start)),
                cue_end: cue_span.as_ref().map(|s| chars(s.end)),
                speaker_named: r.named,
                speaker_id: crate::corpus::speaker_id(&r.name, r.kind, r.named),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(rule: RuleId, cue: &str, quote: &str) -> Attribution {
        Attribution {
            doc_id: "d".into(),
            speaker: "Ann Lee".into(),
            speaker_type: SpeakerType::Per,
            speaker_mention: "Lee".into(),
            quote: quote.into(),
            kind: Kind::Indirect,
            cue: cue.into(),
            confidence: 0.9,
            rule,
            quote_start: 0,
            quote_end: 0,
            speaker_start: None,
            speaker_end: None,
            cue_start: None,
            cue_end: None,
            speaker_named: true,
            cue_type: crate::cues::cue_type(cue),
            speaker_id: String::new(),
        }
    }

    #[test]
    fn a_claim_reads_with_its_own_verb() {
        let cases = [
            (
                RuleId::ModelIndirect,
                "accused",
                "the mayor of ignoring the costs",
                "Ann Lee accused the mayor of ignoring the costs",
            ),
            (
                RuleId::ModelIndirect,
                "urged",
                "the council to act",
                "Ann Lee urged the council to act",
            ),
            (
                RuleId::SpeakerSaidClause,
                "told",
                "that the plan was dead",
                "Ann Lee said that the plan was dead",
            ),
            (
                RuleId::SpeakerSaidClause,
                "said",
                "the plan was dead",
                "Ann Lee said that the plan was dead",
            ),
            (
                RuleId::ClauseSpeakerSaid,
                "warned",
                "The plan will fail",
                "Ann Lee warned that The plan will fail",
            ),
            (
                RuleId::ModelIndirect,
                "thanked",
                "Mehta for his service",
                "Ann Lee thanked Mehta for his service",
            ),
            (
                RuleId::ParticipleClause,
                "finding",
                "that the firm had failed",
                "Ann Lee found that the firm had failed",
            ),
            (
                RuleId::NounCue,
                "claim",
                "that the port had closed",
                "Ann Lee said that the port had closed",
            ),
            // A verb of the lexicon and its preposition ("called for"), a participle too
            // ("complaining about").
            (
                RuleId::ModelIndirect,
                "called for",
                "a ban on new drilling",
                "Ann Lee called for a ban on new drilling",
            ),
            (
                RuleId::ModelIndirect,
                "complaining about",
                "the new fares",
                "Ann Lee complained about the new fares",
            ),
            // Other cues of several words read "said".
            (
                RuleId::SpeakerSaidClause,
                "was quoted as saying",
                "the port will close",
                "Ann Lee said that the port will close",
            ),
            (
                RuleId::ClauseAccordingTo,
                "according to",
                "the port will close",
                "Ann Lee said that the port will close",
            ),
        ];
        for (rule, cue, quote, want) in cases {
            assert_eq!(claim(rule, cue, quote).sentence(), want, "{cue}");
        }
    }
}
