//! The attribution record: the contract with users. Field names are stable; offsets count Unicode
//! code points, end exclusive, so `text[start:end]` in Python gives the span back.

use serde::Serialize;

use crate::link::Kind;
use crate::resolve::SpeakerType;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attribution {
    pub doc_id: String,
    /// Canonical name of who said it; empty when unknown.
    pub speaker: String,
    pub speaker_type: SpeakerType,
    /// The words in the text that the quote was linked to.
    pub speaker_mention: String,
    /// The quoted or reported words, an exact slice of the text.
    pub quote: String,
    pub kind: Kind,
    /// The reporting verb or phrase; empty when none.
    pub cue: String,
    pub confidence: f32,
    /// Which linking rule fired.
    pub rule: String,
    pub quote_start: usize,
    pub quote_end: usize,
    pub speaker_start: Option<usize>,
    pub speaker_end: Option<usize>,
    pub cue_start: Option<usize>,
    pub cue_end: Option<usize>,
}

impl Attribution {
    /// "Heidi Alexander said: “…”", for reading.
    pub fn sentence(&self) -> String {
        let who = if !self.speaker.is_empty() {
            self.speaker.as_str()
        } else if !self.speaker_mention.is_empty() {
            self.speaker_mention.as_str()
        } else {
            "Someone"
        };
        let quote = self.quote.split_whitespace().collect::<Vec<_>>().join(" ");
        match self.kind {
            Kind::Direct => format!("{who} said: “{quote}”"),
            Kind::Mixed | Kind::Indirect => format!("{who} said that {quote}"),
        }
    }
}
