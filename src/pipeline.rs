//! The pipeline: segment → entities → quotes → cues and links → resolution → records. Built once
//! with its models and shared by all worker threads.

use crate::analysis::Analysis;
use crate::documents::Document;
use crate::link::Linker;
use crate::ner::EntityTagger;
use crate::offsets::CharOffsets;
use crate::pos::PosTagger;
use crate::record::Attribution;
use crate::resolve::{Resolved, Resolver};

pub struct Pipeline {
    pub ner: Box<dyn EntityTagger>,
    pub pos: PosTagger,
}

impl Pipeline {
    pub fn new(ner: Box<dyn EntityTagger>, pos: PosTagger) -> Self {
        Pipeline { ner, pos }
    }

    /// Every attribution of a document, in text order.
    pub fn extract(&self, doc: &Document) -> Vec<Attribution> {
        let text = doc.text.as_str();
        let a = Analysis::new(text, self.ner.as_ref(), &self.pos);
        let links = Linker::new(&a).link();
        let mut resolver = Resolver::new(&a);
        let offsets = CharOffsets::new(text);
        let chars = |b: usize| offsets.char_at(b);
        // Resolve in text order of the speaker mentions, so pronouns see earlier resolutions.
        let mut order: Vec<usize> = (0..links.len()).collect();
        order.sort_by_key(|&i| links[i].speaker.as_ref().map_or(usize::MAX, |s| s.start));
        let mut resolved = vec![None; links.len()];
        for i in order {
            if let Some(s) = &links[i].speaker {
                resolved[i] = Some(resolver.resolve(s));
            }
        }
        links
            .iter()
            .zip(resolved)
            .map(|(l, r)| {
                let r = r.unwrap_or_else(Resolved::unknown);
                let speaker_span = l.speaker.as_ref().map(|s| a.span(s));
                let cue_span = l.cue.as_ref().map(|c| a.span(c));
                Attribution {
                    doc_id: doc.id.clone(),
                    speaker: r.name,
                    speaker_type: r.kind,
                    speaker_mention: speaker_span
                        .clone()
                        .map(|s| text[s].to_string())
                        .unwrap_or_default(),
                    quote: text[l.content.clone()].to_string(),
                    kind: l.kind,
                    cue: cue_span
                        .clone()
                        .map(|s| text[s].to_string())
                        .unwrap_or_default(),
                    confidence: (l.confidence * 1000.0).round() / 1000.0,
                    rule: l.rule.to_string(),
                    quote_start: chars(l.content.start),
                    quote_end: chars(l.content.end),
                    speaker_start: speaker_span.as_ref().map(|s| chars(s.start)),
                    speaker_end: speaker_span.as_ref().map(|s| chars(s.end)),
                    cue_start: cue_span.as_ref().map(|s| chars(s.start)),
                    cue_end: cue_span.as_ref().map(|s| chars(s.end)),
                }
            })
            .collect()
    }
}
