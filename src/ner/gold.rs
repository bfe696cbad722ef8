//! Gold-tagged sentences for training and scoring entity taggers, read from the last column of
//! CoNLL files.

use super::{Label, iob1_to_iob2};
use crate::io::conll::{ConllDocument, ConllError};

/// A gold-tagged sentence: tokens and their IOB2 tags (IOB1 input is converted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaggedSentence {
    /// The tokens' texts.
    pub tokens: Vec<String>,
    /// One IOB2 tag per token (`O`, `B-PER`, `I-PER`, …).
    pub tags: Vec<String>,
}

/// Reads gold tags from the last column of every sentence, checking each is a valid IOB tag.
pub fn gold_tags(
    docs: &[ConllDocument],
    path: &str,
) -> Result<Vec<Vec<TaggedSentence>>, ConllError> {
    docs.iter()
        .map(|d| {
            d.sentences
                .iter()
                .map(|s| {
                    let mut tags = Vec::with_capacity(s.lines.len());
                    for l in &s.lines {
                        let tag = l.last.as_deref().ok_or_else(|| ConllError::Malformed {
                            path: path.to_string(),
                            line: l.line_no,
                            message: "expected at least two columns (token ... tag)".into(),
                        })?;
                        if Label::parse(tag).is_none() {
                            return Err(ConllError::Malformed {
                                path: path.to_string(),
                                line: l.line_no,
                                message: format!(
                                    "last column {tag:?} is not an IOB tag (O, B-TYPE or I-TYPE with \
                                     TYPE one of PER, ORG, LOC, MISC)"
                                ),
                            });
                        }
                        tags.push(tag.to_string());
                    }
                    Ok(TaggedSentence {
                        tokens: s.lines.iter().map(|l| l.token.clone()).collect(),
                        tags: iob1_to_iob2(&tags),
                    })
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::conll::parse;

    #[test]
    fn reads_gold_tags() {
        let docs = parse(
            "EU NNP B-ORG\nrejects VBZ O\n\nPeter NNP I-PER\nBlackburn NNP I-PER\n",
            "x",
        )
        .unwrap();
        let gold = gold_tags(&docs, "x").unwrap();
        assert_eq!(gold[0][1].tags, vec!["B-PER", "I-PER"]);
    }

    #[test]
    fn malformed_tags_name_the_line() {
        let err = gold_tags(
            &parse("EU B-ORG\nrejects X-FOO\n", "f.conll").unwrap(),
            "f.conll",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string().split(':').take(2).collect::<Vec<_>>(),
            vec!["f.conll", "2"]
        );
        let err = gold_tags(&parse("EU\n", "h").unwrap(), "h").unwrap_err();
        assert!(err.to_string().starts_with("h:1:"), "{err}");
    }
}
