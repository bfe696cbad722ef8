//! A poisoned document in the middle of a batch: whatever a stage does on one document (here the
//! entity tagger panics on it), the run reports that document by its id and where it was read,
//! skips it, and goes on with the others, whose records come in input order as if it were not
//! there. The command-line tool turns such an outcome into a message and exit code 3.

use whosaid::ner::{Entity, EntityTagger, NerError};
use whosaid::text::segment::Token;
use whosaid::{Document, Error, NerModel, Outcome, Pipeline, models};

const POISON: &str = "POISONED-DOCUMENT";

/// The shipped fast entity tagger, except that it panics on any text holding [`POISON`].
struct PoisonedTagger(Box<dyn EntityTagger>);

impl EntityTagger for PoisonedTagger {
    fn tag_document(
        &self,
        text: &str,
        sentences: &[&[Token]],
    ) -> Result<Vec<Vec<Entity>>, NerError> {
        if text.contains(POISON) {
            panic!("the tagger choked on {POISON}");
        }
        self.0.tag_document(text, sentences)
    }

    fn name(&self) -> String {
        format!("poisoned {}", self.0.name())
    }
}

fn pipeline(poisoned: bool) -> Pipeline {
    let ner = NerModel::Fast.load().expect("the shipped NER model loads");
    let ner: Box<dyn EntityTagger> = if poisoned {
        Box::new(PoisonedTagger(ner))
    } else {
        ner
    };
    Pipeline::from_parts(
        ner,
        models::load_pos(None).expect("the shipped POS model loads"),
    )
}

/// A batch as read from `batch.jsonl`, one document a line; the poisoned one on line `poison_at`.
fn batch(poison_at: usize) -> Vec<Document> {
    let texts = [
        "“We are ready,” said Lena Vogt.",
        "Karl Brandt said the vote would be close.",
        "“It is over,” said Tom Hale.",
        "Maria Lopez warned that fares could rise.",
        "“We will rebuild the bridge,” Mayor Ana Silva said on Tuesday.",
    ];
    let mut docs: Vec<Document> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Document::new(format!("doc-{}", i + 1), *t))
        .collect();
    docs.insert(
        poison_at - 1,
        Document::new(
            "poisoned",
            format!("“This one,” said Eva Stone, “is {POISON}.”"),
        ),
    );
    for (i, d) in docs.iter_mut().enumerate() {
        d.origin = Some(format!("batch.jsonl:{}", i + 1));
    }
    docs
}

#[test]
fn a_poisoned_document_in_a_batch_is_reported_and_skipped() {
    let healthy = pipeline(false);
    let poisoned = pipeline(true);
    let docs = batch(3);
    for jobs in [Some(1), Some(3)] {
        let outcomes: Vec<Outcome> = poisoned
            .extract_all(docs.clone().into_iter().map(Ok), jobs)
            .unwrap()
            .collect();
        assert_eq!(outcomes.len(), docs.len(), "one outcome per document");
        for (doc, outcome) in docs.iter().zip(&outcomes) {
            match outcome {
                Outcome::Failed {
                    doc_id,
                    location,
                    error,
                } => {
                    assert_eq!(doc_id, "poisoned", "{jobs:?}: {doc_id} failed: {error}");
                    assert_eq!(location, "batch.jsonl:3");
                    match error {
                        Error::Internal { message } => assert!(
                            message.contains(POISON),
                            "the panic's message is kept: {message}"
                        ),
                        e => panic!("{jobs:?}: not an internal error: {e:?}"),
                    }
                }
                Outcome::Records {
                    doc_id,
                    location,
                    records,
                } => {
                    assert_eq!(doc_id, &doc.id, "{jobs:?}: input order");
                    assert_eq!(location, doc.location());
                    assert!(!records.is_empty(), "{jobs:?}: {doc_id} has no records");
                    assert_eq!(
                        records,
                        &healthy.extract(doc).unwrap(),
                        "{jobs:?}: {doc_id}'s records are as without the poisoned document"
                    );
                }
                Outcome::Unreadable(e) => panic!("{jobs:?}: unreadable {e}"),
            }
        }
        assert!(
            outcomes
                .iter()
                .any(|o| matches!(o, Outcome::Failed { doc_id, .. } if doc_id == "poisoned")),
            "{jobs:?}: the poisoned document is reported"
        );
    }
}

/// The poisoned document first or last in the batch, or alone, changes nothing for the others.
#[test]
fn a_poisoned_document_at_either_end() {
    let poisoned = pipeline(true);
    for at in [1, 6] {
        let docs = batch(at);
        let outcomes: Vec<Outcome> = poisoned
            .extract_all(docs.into_iter().map(Ok), Some(2))
            .unwrap()
            .collect();
        let failed: Vec<usize> = outcomes
            .iter()
            .enumerate()
            .filter(|(_, o)| matches!(o, Outcome::Failed { .. }))
            .map(|(i, _)| i + 1)
            .collect();
        assert_eq!(failed, vec![at]);
        let ids: Vec<&str> = outcomes
            .iter()
            .filter_map(|o| match o {
                Outcome::Records { doc_id, .. } => Some(doc_id.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(ids, ["doc-1", "doc-2", "doc-3", "doc-4", "doc-5"]);
    }
    let alone = poisoned.extract(&Document::new("p", POISON));
    assert!(matches!(alone, Err(Error::Internal { .. })), "{alone:?}");
}
