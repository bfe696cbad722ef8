//! Part-of-speech tags (Penn Treebank), from a linear-chain model trained on the POS column of the
//! CoNLL data. The linker reads them to tell verbs from nouns ("claims", "reports") and to find the
//! edges of noun phrases around a reporting verb.

use std::ops::Index;
use std::path::Path;

use super::codec::{self, DecodeError, ModelError, Reader, save_atomically};
use super::features::{self, CONTEXT, TokenInfo, Window};
use super::linear::{
    self, Constraints, Dense, EpochReport, FeatureIndex, LinearModel, SentenceFeatures,
};
use super::words::{TaggerWords, WordTypes, in_sentence};
use crate::text::segment::Token;

const MAGIC: &[u8; 16] = b"whosaid-pos-lin\0";
const VERSION: u32 = 2;

/// How many tokens of a sentence are read at a time.
const WINDOW: usize = 512;

/// The part-of-speech tags of a document, one byte per token, read as text: `tags[i]` is a `&str`
/// (`tags[i] == "NN"`, `tags[i].starts_with("VB")`, `matches!(tags[i], "IN" | "TO")`).
#[derive(Debug, Clone, Default)]
pub struct PosTags<'p> {
    /// The tag of each token, as an index into `labels`.
    ids: Vec<u8>,
    /// The distinct tags (at most 256).
    labels: Vec<&'p str>,
}

impl<'p> PosTags<'p> {
    /// No tags yet, over the tag set `labels` (at most 256).
    fn with_labels(labels: Vec<&'p str>, capacity: usize) -> Self {
        assert!(labels.len() <= 256, "at most 256 part-of-speech tags");
        PosTags {
            ids: Vec::with_capacity(capacity),
            labels,
        }
    }

    /// Appends a token's tag.
    pub fn push(&mut self, tag: &'p str) {
        let id = match self.labels.iter().position(|&l| l == tag) {
            Some(id) => id,
            None => {
                assert!(self.labels.len() < 256, "at most 256 part-of-speech tags");
                self.labels.push(tag);
                self.labels.len() - 1
            }
        };
        self.ids.push(id as u8);
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether there are no tokens.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The tag of token `i` as an index into [`PosTags::labels`].
    #[inline]
    pub fn id(&self, i: usize) -> usize {
        self.ids[i] as usize
    }

    /// The distinct tags.
    pub fn labels(&self) -> &[&'p str] {
        &self.labels
    }

    /// The tags in token order.
    pub fn iter(&self) -> impl Iterator<Item = &'p str> + '_ {
        self.ids.iter().map(|&id| self.labels[id as usize])
    }
}

impl<'p> Index<usize> for PosTags<'p> {
    type Output = &'p str;

    fn index(&self, i: usize) -> &&'p str {
        &self.labels[self.ids[i] as usize]
    }
}

/// Tags are equal when every token's tag is, whatever the order of their tag sets.
impl PartialEq for PosTags<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<'p> FromIterator<&'p str> for PosTags<'p> {
    fn from_iter<I: IntoIterator<Item = &'p str>>(iter: I) -> Self {
        let mut tags = PosTags::default();
        for t in iter {
            tags.push(t);
        }
        tags
    }
}

impl<'p> From<Vec<&'p str>> for PosTags<'p> {
    fn from(tags: Vec<&'p str>) -> Self {
        tags.into_iter().collect()
    }
}

/// The part-of-speech tagger: a linear-chain model over the tag set it was trained on.
#[derive(Debug, Clone, Default)]
pub struct PosTagger {
    /// The tag set, sorted; a label index is a position here.
    pub tags: Vec<String>,
    /// The weights, one label per tag.
    pub model: LinearModel,
    constraints: Constraints,
}

impl PosTagger {
    /// Tags of a sentence given as strings.
    pub fn tag_words(&self, words: &[&str]) -> Vec<&str> {
        let mut types = WordTypes::for_taggers(&[&self.model]);
        let ids: Vec<u32> = words.iter().map(|w| self.word(&mut types, w)).collect();
        let infos: Vec<&TokenInfo> = ids.iter().map(|&id| types.info(id)).collect();
        let mut buf = SentenceFeatures::default();
        features::extract_context_window(
            &infos,
            &Window {
                first: 0,
                len: words.len(),
                headline: features::is_headline(&infos),
            },
            0..words.len(),
            None,
            None,
            &mut buf,
        );
        let path =
            linear::viterbi_with(words.len(), &self.model.trans, &self.constraints, |i, e| {
                types.word_scores(0, i, in_sentence(&ids, 0, words.len()), e);
                self.model.add_scores(buf.token(i), e);
                if i + 1 < words.len() {
                    self.model.prefetch(buf.token(i + 1));
                }
            });
        path.into_iter().map(|i| self.tags[i].as_str()).collect()
    }

    /// The id of a token's word in `types`.
    fn word(&self, types: &mut TaggerWords, token: &str) -> u32 {
        types.tagger_word(token, TokenInfo::new, |_| None, &[&self.model])
    }

    /// Tags of every token of a document's sentences, in order (`text` is the document, tokens
    /// are offsets into it). The same as tagging each sentence alone: each token's scores are
    /// the cached scores of the words around it ([`WordTypes`]) and those of its context
    /// features.
    pub fn tag_sentences(&self, text: &str, sentences: &[&[Token]]) -> PosTags<'_> {
        let mut out = PosTags::with_labels(
            self.tags.iter().map(String::as_str).collect(),
            sentences.iter().map(|s| s.len()).sum(),
        );
        let mut buf = SentenceFeatures::default();
        let mut types = WordTypes::for_taggers(&[&self.model]).sized_to(text.len());
        let mut ids: Vec<u32> = Vec::new();
        for s in sentences {
            // A long sentence is read a window of tokens at a time, as the decoder reaches them.
            let mut w = Window::whole(text, s);
            let mut window = 0..0;
            let path =
                linear::viterbi_with(s.len(), &self.model.trans, &self.constraints, |i, e| {
                    if i == window.end {
                        window = i..(i + WINDOW).min(s.len());
                        w.first = i.saturating_sub(CONTEXT);
                        let hi = (window.end + CONTEXT).min(s.len());
                        types.make_room(hi - w.first);
                        ids.clear();
                        ids.extend(
                            s[w.first..hi]
                                .iter()
                                .map(|t| self.word(&mut types, t.text(text))),
                        );
                        let infos: Vec<&TokenInfo> = ids.iter().map(|&id| types.info(id)).collect();
                        features::extract_context_window(
                            &infos,
                            &w,
                            window.clone(),
                            None,
                            None,
                            &mut buf,
                        );
                    }
                    types.word_scores(0, i, in_sentence(&ids, w.first, s.len()), e);
                    self.model.add_scores(buf.token(i - window.start), e);
                    if i + 1 < window.end {
                        self.model.prefetch(buf.token(i + 1 - window.start));
                    }
                });
            out.ids.extend(path.into_iter().map(|i| i as u8));
        }
        out
    }

    /// Writes the model file (through a temporary file, so a failed save leaves no partial file).
    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        let mut out = Vec::new();
        codec::write_header(&mut out, MAGIC, VERSION);
        out.extend_from_slice(&(self.tags.len() as u32).to_le_bytes());
        for t in &self.tags {
            out.push(t.len() as u8);
            out.extend_from_slice(t.as_bytes());
        }
        self.model.encode(&mut out);
        save_atomically(path, &out)
    }

    /// Reads a model file written by [`PosTagger::save`].
    pub fn load(path: &Path) -> Result<Self, ModelError> {
        codec::load_file(path, "POS", Self::from_bytes)
    }

    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(bytes);
        r.header(MAGIC, VERSION)?;
        let n = r.u32()? as usize;
        let mut tags = Vec::with_capacity(n.min(4096));
        for _ in 0..n {
            let len = r.u8()? as usize;
            tags.push(
                String::from_utf8(r.take(len)?.to_vec())
                    .map_err(|_| DecodeError::Invalid("a tag name is not UTF-8".into()))?,
            );
        }
        let model = LinearModel::decode(&mut r)?;
        if model.n_labels != tags.len() || !r.at_end() {
            return Err(DecodeError::Invalid("inconsistent tag set".into()));
        }
        let constraints = Constraints::unconstrained(tags.len());
        Ok(PosTagger {
            tags,
            model,
            constraints,
        })
    }
}

/// A POS-tagged sentence for training.
pub struct PosSentence {
    /// The words' texts.
    pub words: Vec<String>,
    /// One Penn Treebank tag per word.
    pub tags: Vec<String>,
}

/// Sentences with the POS tags of the second column of a CoNLL file.
pub fn conll_sentences(
    docs: &[crate::io::conll::ConllDocument],
    path: &str,
) -> Result<Vec<PosSentence>, crate::io::conll::ConllError> {
    let mut out = Vec::new();
    for s in docs.iter().flat_map(|d| &d.sentences) {
        let mut sent = PosSentence {
            words: Vec::new(),
            tags: Vec::new(),
        };
        for l in &s.lines {
            let tag = l.raw.split_whitespace().nth(1).ok_or_else(|| {
                crate::io::conll::ConllError::Malformed {
                    path: path.to_string(),
                    line: l.line_no,
                    message: "expected a POS tag in the second column".into(),
                }
            })?;
            sent.words.push(l.token.clone());
            sent.tags.push(tag.to_string());
        }
        out.push(sent);
    }
    Ok(out)
}

/// Trains the tagger, keeping the epoch with the best dev accuracy.
pub fn train(
    train: &[PosSentence],
    dev: &[PosSentence],
    epochs: usize,
    seed: u64,
    report: &mut dyn FnMut(&EpochReport),
) -> PosTagger {
    let mut tags: Vec<String> = train.iter().flat_map(|s| s.tags.iter().cloned()).collect();
    tags.sort();
    tags.dedup();
    let tag_id = |t: &str| tags.binary_search_by(|x| x.as_str().cmp(t)).ok();
    let feats = |s: &PosSentence| {
        let infos: Vec<TokenInfo> = s.words.iter().map(|w| TokenInfo::new(w)).collect();
        let mut f = SentenceFeatures::default();
        features::extract(&infos, None, None, &mut f);
        f
    };
    let train_f: Vec<SentenceFeatures> = train.iter().map(feats).collect();
    let index = FeatureIndex::build(train_f.iter(), 2);
    let train_ex: Vec<_> = train_f
        .iter()
        .zip(train)
        .map(|(f, s)| index.example(f, s.tags.iter().map(|t| tag_id(t).unwrap())))
        .collect();
    // Dev tags unseen in training count as errors (label 0 stands in for them).
    let dev_ex: Vec<_> = dev
        .iter()
        .map(|s| {
            (
                index.example(&feats(s), s.tags.iter().map(|t| tag_id(t).unwrap_or(0))),
                s,
            )
        })
        .collect();
    let c = Constraints::unconstrained(tags.len());
    let scorer = |w: &Dense| {
        let (mut right, mut total) = (0usize, 0usize);
        for (ex, s) in &dev_ex {
            for (p, t) in w.decode(ex, &c).into_iter().zip(&s.tags) {
                right += (tags[p] == *t) as usize;
                total += 1;
            }
        }
        100.0 * right as f64 / total.max(1) as f64
    };
    let refs: Vec<_> = train_ex.iter().collect();
    let cfg = linear::StageConfig {
        name: "pos".into(),
        n_feats: index.keys.len(),
        constraints: &c,
        epochs,
        patience: 3,
        seed,
        dev: Some(&scorer),
    };
    let (w, _) = linear::train(&refs, cfg, report);
    PosTagger {
        model: w.into_model(&index.keys),
        tags,
        constraints: c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::segment::segment;

    /// A sentence longer than a window is tagged exactly as a whole.
    #[test]
    fn long_sentences_are_tagged_as_a_whole() {
        let tagger = crate::models::load_pos(None).unwrap();
        let text = "the minister said the plan would work and officials believe it , ".repeat(120);
        let seg = segment(&text);
        let sentences: Vec<&[Token]> = (0..seg.sentences.len())
            .map(|i| seg.sentence_tokens(i))
            .collect();
        assert!(sentences.iter().any(|s| s.len() > 2 * WINDOW));
        let whole: Vec<&str> = sentences
            .iter()
            .flat_map(|s| tagger.tag_words(&s.iter().map(|t| t.text(&text)).collect::<Vec<_>>()))
            .collect();
        let tags = tagger.tag_sentences(&text, &sentences);
        assert_eq!(tags.iter().collect::<Vec<_>>(), whole);
        assert_eq!(tags, PosTags::from(whole));
    }

    /// Compact tags read as the strings they stand for.
    #[test]
    fn tags_read_as_strings() {
        let tags = PosTags::from(vec!["NNP", "VBD", "IN", "NNP", "VBD"]);
        assert_eq!(tags.len(), 5);
        assert_eq!(tags.labels(), &["NNP", "VBD", "IN"]);
        assert_eq!(tags.id(3), 0);
        assert!(tags[1] == "VBD" && tags[1].starts_with("VB"));
        assert!(matches!(tags[2], "IN" | "TO"));
        assert_eq!(
            tags.iter().collect::<Vec<_>>(),
            ["NNP", "VBD", "IN", "NNP", "VBD"]
        );
        // Equal when the tags are, whatever the order of their tag sets.
        let mut other = PosTags::with_labels(vec!["IN", "VBD", "NNP"], 5);
        for t in ["NNP", "VBD", "IN", "NNP", "VBD"] {
            other.push(t);
        }
        assert_eq!(other.ids[0], 2);
        assert_eq!(tags, other);
        other.push("NNP");
        assert_ne!(tags, other);
    }

    #[test]
    #[should_panic(expected = "at most 256")]
    fn at_most_256_tags() {
        let names: Vec<String> = (0..257).map(|i| format!("T{i}")).collect();
        let _: PosTags = names.iter().map(String::as_str).collect();
    }
}
