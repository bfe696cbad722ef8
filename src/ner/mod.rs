//! Named-entity recognition: the `EntityTagger` interface, entity types, IOB2 labels and the
//! conversions between label sequences and entity spans that every tagger shares.

#[cfg(feature = "transformer")]
pub mod combined;
pub(crate) mod evidence;
pub(crate) mod gazetteer;
pub mod gold;
pub mod perceptron;
pub mod score;
pub mod training;
#[cfg(feature = "transformer")]
pub mod transformer;

use std::fmt;
use std::ops::Range;

use crate::text::segment::Token;

/// The four CoNLL entity types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    /// A person.
    Per,
    /// An organisation.
    Org,
    /// A location.
    Loc,
    /// Any other name: nationalities, events, works and the like.
    Misc,
}

impl EntityType {
    /// The four types, in index order.
    pub const ALL: [EntityType; 4] = [
        EntityType::Per,
        EntityType::Org,
        EntityType::Loc,
        EntityType::Misc,
    ];

    /// The CoNLL name: `PER`, `ORG`, `LOC` or `MISC`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Org => "ORG",
            EntityType::Loc => "LOC",
            EntityType::Misc => "MISC",
        }
    }

    /// The type of a CoNLL name (`PER`, `ORG`, `LOC`, `MISC`), or `None`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "PER" => Some(EntityType::Per),
            "ORG" => Some(EntityType::Org),
            "LOC" => Some(EntityType::Loc),
            "MISC" => Some(EntityType::Misc),
            _ => None,
        }
    }

    /// Position in [`EntityType::ALL`], 0 to 3.
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An IOB2 label. Its index (0..9) orders O, then B and I for each type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Label {
    /// Outside any entity.
    O,
    /// The first word of an entity of this type.
    B(EntityType),
    /// A later word of an entity of this type.
    I(EntityType),
}

/// The number of labels: `O` and a `B` and an `I` for each of the four entity types.
pub const NUM_LABELS: usize = 9;

impl Label {
    /// The label's index, 0 to 8.
    pub fn index(self) -> usize {
        match self {
            Label::O => 0,
            Label::B(t) => 1 + 2 * t.index(),
            Label::I(t) => 2 + 2 * t.index(),
        }
    }

    /// The label of an index (0 to 8); panics beyond.
    pub fn from_index(i: usize) -> Label {
        match i {
            0 => Label::O,
            _ => {
                let t = EntityType::ALL[(i - 1) / 2];
                if (i - 1).is_multiple_of(2) {
                    Label::B(t)
                } else {
                    Label::I(t)
                }
            }
        }
    }

    /// Parses `O`, `B-TYPE` or `I-TYPE`; `None` for anything else.
    pub fn parse(s: &str) -> Option<Label> {
        if s == "O" {
            return Some(Label::O);
        }
        let (prefix, t) = s.split_once('-')?;
        let t = EntityType::parse(t)?;
        match prefix {
            "B" => Some(Label::B(t)),
            "I" => Some(Label::I(t)),
            _ => None,
        }
    }

    /// The entity type of a `B` or `I` label; `None` for `O`.
    pub fn entity_type(self) -> Option<EntityType> {
        match self {
            Label::O => None,
            Label::B(t) | Label::I(t) => Some(t),
        }
    }

    /// Whether this label may follow `prev` in IOB2 (`None` = sentence start).
    pub fn may_follow(self, prev: Option<Label>) -> bool {
        match self {
            Label::I(t) => matches!(prev, Some(Label::B(p)) | Some(Label::I(p)) if p == t),
            _ => true,
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Label::O => f.write_str("O"),
            Label::B(t) => write!(f, "B-{t}"),
            Label::I(t) => write!(f, "I-{t}"),
        }
    }
}

/// Converts IOB1 tags (an `I-` may open an entity) to IOB2; IOB2 input comes back unchanged.
/// Unknown tags become `O`.
pub fn iob1_to_iob2(tags: &[String]) -> Vec<String> {
    let labels: Vec<Label> = tags
        .iter()
        .map(|t| Label::parse(t).unwrap_or(Label::O))
        .collect();
    repair_bio(&labels).iter().map(|l| l.to_string()).collect()
}

/// Makes a label sequence valid IOB2: an `I-X` that does not continue an `X` entity opens one.
pub fn repair_bio(labels: &[Label]) -> Vec<Label> {
    let mut out = Vec::with_capacity(labels.len());
    let mut prev: Option<Label> = None;
    for &l in labels {
        let fixed = match l {
            Label::I(t) if !l.may_follow(prev) => Label::B(t),
            _ => l,
        };
        out.push(fixed);
        prev = Some(fixed);
    }
    out
}

/// Entity spans (token ranges) of a valid IOB2 label sequence.
pub fn spans_from_labels(labels: &[Label]) -> Vec<(EntityType, Range<usize>)> {
    let mut out = Vec::new();
    let mut open: Option<(EntityType, usize)> = None;
    for (i, &l) in labels.iter().enumerate() {
        match l {
            Label::I(t) if matches!(open, Some((o, _)) if o == t) => {}
            _ => {
                if let Some((t, s)) = open.take() {
                    out.push((t, s..i));
                }
                if let Label::B(t) | Label::I(t) = l {
                    open = Some((t, i));
                }
            }
        }
    }
    if let Some((t, s)) = open {
        out.push((t, s..labels.len()));
    }
    out
}

/// A named-entity mention found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// The entity type.
    pub kind: EntityType,
    /// Token indices within the sentence, end exclusive.
    pub tokens: Range<usize>,
    /// Byte offsets into the document text.
    pub start: usize,
    /// Byte offset of the end, exclusive.
    pub end: usize,
    /// The model's confidence, 0..1.
    pub score: f32,
}

impl Entity {
    /// The mention's text in the document.
    pub fn text<'a>(&self, doc: &'a str) -> &'a str {
        &doc[self.start..self.end]
    }
}

/// Entities of a sentence from a valid IOB2 label sequence; an entity's score is the lowest of
/// `prob(i)`, the probability of word `i`'s label, over its words.
pub fn entities_from_labels(
    labels: &[Label],
    toks: &[Token],
    prob: impl Fn(usize) -> f32,
) -> Vec<Entity> {
    spans_from_labels(labels)
        .into_iter()
        .map(|(kind, r)| Entity {
            kind,
            start: toks[r.start].start as usize,
            end: toks[r.end - 1].end as usize,
            score: r.clone().map(&prob).fold(1f32, f32::min),
            tokens: r,
        })
        .collect()
}

/// Joins a person's name that a tagger split at a lower-case particle: a one-word entity, a
/// particle ("bin", "de", "van") and a person's name right after it are one person ("Osama bin
/// Laden" tagged "Osama" and "Laden"). `entities` are one sentence's, in order.
fn join_name_particles(text: &str, toks: &[Token], entities: &mut Vec<Entity>) {
    let mut out: Vec<Entity> = Vec::with_capacity(entities.len());
    for e in entities.drain(..) {
        if let Some(prev) = out.last_mut()
            && e.kind == EntityType::Per
            && prev.tokens.len() == 1
            && prev.tokens.end + 1 == e.tokens.start
            && crate::lexicon::NAME_PARTICLES.contains(&toks[prev.tokens.end].text(text))
        {
            prev.kind = EntityType::Per;
            prev.tokens.end = e.tokens.end;
            prev.end = e.end;
            prev.score = prev.score.min(e.score);
            continue;
        }
        out.push(e);
    }
    *entities = out;
}

/// Institution nouns that a name goes on after with a preposition ("Commission on Presidential
/// Debates", "Center for Public Policy Research").
const INSTITUTION_HEADS: &[&str] = &[
    "commission",
    "committee",
    "council",
    "center",
    "centre",
    "institute",
    "foundation",
    "association",
    "federation",
    "league",
    "coalition",
    "alliance",
    "bureau",
    "agency",
    "board",
    "fund",
    "society",
    "academy",
    "project",
    "campaign",
];
/// The most words of a name after its institution noun's preposition.
const MAX_NAME_TAIL: usize = 8;

/// Joins an organisation's name that a tagger cut at its preposition: an organisation ending in
/// an institution noun, a lower-case "of", "on", "for" or "to", and the capitalised words right
/// after it, tagged or not, are one organisation ("Commission" "on Presidential" "Debates" →
/// "Commission on Presidential Debates"). Function words may stand between capitalised words
/// ("Center for Media and Public Affairs"); a day or a month ends the name. `entities` are one
/// sentence's, in order.
fn join_org_names(text: &str, toks: &[Token], entities: &mut Vec<Entity>) {
    use crate::lexicon::{DAYS, MONTHS};
    let word = |i: usize| toks[i].text(text);
    let capital = |i: usize| {
        let w = word(i);
        let lower = w.to_lowercase();
        w.starts_with(char::is_uppercase)
            && !DAYS.contains(&lower.as_str())
            && !MONTHS.contains(&lower.as_str())
    };
    let mut out: Vec<Entity> = Vec::with_capacity(entities.len());
    let mut pending = std::mem::take(entities).into_iter().peekable();
    while let Some(mut e) = pending.next() {
        let k = e.tokens.end;
        let head = word(k - 1).to_lowercase();
        let joins = e.kind == EntityType::Org
            && INSTITUTION_HEADS.contains(&head.as_str())
            && k + 1 < toks.len()
            && matches!(word(k), "of" | "on" | "for" | "to")
            && capital(k + 1);
        if joins {
            // The capitalised words after the preposition, with function words between them.
            let mut end = k + 1;
            let mut j = k + 1;
            while j < toks.len() && j - k <= MAX_NAME_TAIL {
                if capital(j) {
                    j += 1;
                    end = j;
                } else if matches!(word(j), "and" | "of" | "for" | "the" | "on" | "in" | "&") {
                    j += 1;
                } else {
                    break;
                }
            }
            // An entity the name runs into ends with it or stops it.
            while let Some(next) = pending.peek() {
                if next.tokens.start >= end {
                    break;
                }
                if next.tokens.end > end {
                    end = next.tokens.start;
                    break;
                }
                e.score = e.score.min(next.score);
                pending.next();
            }
            if end > k + 1 {
                e.tokens.end = end;
                e.end = toks[end - 1].end as usize;
            }
        } else if e.kind == EntityType::Org
            && INSTITUTION_HEADS.contains(&head.as_str())
            && k + 1 < toks.len()
            && word(k) == "at"
        {
            // "the Tax Policy Center at the Harwell Institute": a centre of the organisation
            // named right after it.
            let at = if word(k + 1) == "the" { k + 2 } else { k + 1 };
            if let Some(next) =
                pending.next_if(|n| n.kind == EntityType::Org && n.tokens.start == at)
            {
                e.tokens.end = next.tokens.end;
                e.end = next.end;
                e.score = e.score.min(next.score);
            }
        }
        out.push(e);
    }
    *entities = out;
}

/// Labels for a sentence of `n` tokens from its entities (the inverse of tagging).
pub fn labels_from_entities(entities: &[Entity], n: usize) -> Vec<Label> {
    let mut labels = vec![Label::O; n];
    for e in entities {
        for i in e.tokens.clone() {
            labels[i] = if i == e.tokens.start {
                Label::B(e.kind)
            } else {
                Label::I(e.kind)
            };
        }
    }
    labels
}

/// The entities of every sentence of documents already split into sentences and tokens (CoNLL
/// input), tagged in parallel, in input order.
pub fn tag_conll(
    tagger: &dyn EntityTagger,
    docs: &[crate::io::conll::ConllDocument],
) -> Result<Vec<Vec<Vec<Entity>>>, NerError> {
    use rayon::prelude::*;
    docs.par_iter()
        .map(|d| {
            let (text, sentences) = d.to_text();
            let refs: Vec<&[Token]> = sentences.iter().map(Vec::as_slice).collect();
            tagger.tag_document(&text, &refs)
        })
        .collect()
}

/// Entities the tagger split or cut short, joined in each sentence: a name at its particle
/// ([`join_name_particles`]) and an organisation at its preposition ([`join_org_names`]).
pub fn join_split_names(text: &str, sentences: &[&[Token]], entities: &mut [Vec<Entity>]) {
    for (ents, toks) in entities.iter_mut().zip(sentences) {
        join_name_particles(text, toks, ents);
        join_org_names(text, toks, ents);
    }
}

/// The segmentation of a text and the entities of each of its sentences, split names joined as
/// `extract` reads them.
pub fn tag_text(
    tagger: &dyn EntityTagger,
    text: &str,
) -> Result<(crate::text::segment::Segmentation, Vec<Vec<Entity>>), NerError> {
    let seg = crate::text::segment::segment(text);
    let sentences: Vec<&[Token]> = (0..seg.sentences.len())
        .map(|i| seg.sentence_tokens(i))
        .collect();
    let mut ents = tagger.tag_document(text, &sentences)?;
    join_split_names(text, &sentences, &mut ents);
    Ok((seg, ents))
}

/// Why a tagger failed on a document.
#[derive(Debug, thiserror::Error)]
pub enum NerError {
    /// The transformer failed to run.
    #[cfg(feature = "transformer")]
    #[error(transparent)]
    Transformer(#[from] transformer::TransformerError),
    /// Another tagger failed.
    #[error("{0}")]
    Failed(String),
}

/// Finds named entities in the sentences of one document.
///
/// A whole document is passed at once so that taggers can use document-level evidence (the same
/// name tagged consistently throughout an article). Tokens are byte offsets into `text`.
pub trait EntityTagger: Send + Sync {
    /// Entities of each sentence, in order, non-overlapping.
    fn tag_document(
        &self,
        text: &str,
        sentences: &[&[Token]],
    ) -> Result<Vec<Vec<Entity>>, NerError>;

    /// A short name for messages and reports.
    fn name(&self) -> String;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip() {
        for i in 0..NUM_LABELS {
            let l = Label::from_index(i);
            assert_eq!(l.index(), i);
            assert_eq!(Label::parse(&l.to_string()), Some(l));
        }
        assert_eq!(Label::parse("B-FOO"), None);
        assert_eq!(Label::parse("X-PER"), None);
    }

    /// The tokens of `text`'s one sentence, with the index of a word and an entity over a token
    /// range, for tests that give entities as a tagger would.
    struct Sentence<'t> {
        text: &'t str,
        toks: Vec<crate::text::segment::Token>,
    }

    impl<'t> Sentence<'t> {
        fn new(text: &'t str) -> Self {
            let toks = crate::text::segment::segment(text)
                .sentence_tokens(0)
                .to_vec();
            Sentence { text, toks }
        }

        fn word(&self, w: &str) -> usize {
            let text = self.text;
            self.toks.iter().position(|t| t.text(text) == w).unwrap()
        }

        fn entity(&self, kind: EntityType, r: Range<usize>) -> Entity {
            Entity {
                kind,
                start: self.toks[r.start].start as usize,
                end: self.toks[r.end - 1].end as usize,
                score: 0.9,
                tokens: r,
            }
        }
    }

    #[test]
    fn a_name_split_at_its_particle_is_one_person() {
        let text = "Then Yusuf bin Rashid and Ana de la Cruz spoke.";
        let s = Sentence::new(text);
        let one = |kind, w: &str| s.entity(kind, s.word(w)..s.word(w) + 1);
        let mut ents = vec![
            one(EntityType::Loc, "Yusuf"),
            one(EntityType::Per, "Rashid"),
            // Two particles: left as the tagger gave it.
            one(EntityType::Per, "Ana"),
            one(EntityType::Per, "Cruz"),
        ];
        join_name_particles(text, &s.toks, &mut ents);
        assert_eq!(ents.len(), 3);
        assert_eq!(ents[0].kind, EntityType::Per);
        assert_eq!(ents[0].text(text), "Yusuf bin Rashid");
        assert_eq!(ents[1].text(text), "Ana");
    }

    #[test]
    fn an_organisation_cut_at_its_preposition_is_one_name() {
        let text = "The Commission on Harwell Debates met the Board on Monday and the Center for \
                    Media and Public Affairs.";
        let s = Sentence::new(text);
        let one = |kind, w: &str| s.entity(kind, s.word(w)..s.word(w) + 1);
        let mut ents = vec![
            one(EntityType::Org, "Commission"),
            one(EntityType::Per, "Debates"),
            // A day is no part of a name.
            one(EntityType::Org, "Board"),
            one(EntityType::Org, "Center"),
        ];
        join_org_names(text, &s.toks, &mut ents);
        let names: Vec<&str> = ents.iter().map(|e| e.text(text)).collect();
        assert_eq!(
            names,
            [
                "Commission on Harwell Debates",
                "Board",
                "Center for Media and Public Affairs"
            ]
        );
        assert!(ents.iter().all(|e| e.kind == EntityType::Org));

        // A centre at the organisation named right after it.
        let text = "The Tax Policy Center at the Harwell Institute agreed.";
        let s = Sentence::new(text);
        let mut ents = vec![
            s.entity(EntityType::Org, s.word("Tax")..s.word("Center") + 1),
            s.entity(EntityType::Org, s.word("Harwell")..s.word("Institute") + 1),
        ];
        join_org_names(text, &s.toks, &mut ents);
        assert_eq!(ents.len(), 1);
        assert_eq!(
            ents[0].text(text),
            "Tax Policy Center at the Harwell Institute"
        );
    }

    #[test]
    fn repairs_and_spans() {
        let tags: Vec<String> = ["I-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            iob1_to_iob2(&tags),
            vec!["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "B-ORG"]
        );
        let labels: Vec<Label> = iob1_to_iob2(&tags)
            .iter()
            .map(|t| Label::parse(t).unwrap())
            .collect();
        let spans = spans_from_labels(&labels);
        assert_eq!(
            spans,
            vec![
                (EntityType::Per, 0..2),
                (EntityType::Loc, 3..4),
                (EntityType::Loc, 4..5),
                (EntityType::Org, 5..6)
            ]
        );
    }
}
