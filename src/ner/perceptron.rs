//! The fast entity tagger: a linear-chain model over hashed features, in two stages. The first
//! stage tags each sentence from local evidence; the second sees, in addition, how the first tagged
//! the same words elsewhere in the document, which keeps a name's type consistent across an article.
//!
//! The model file is a compact binary: entity lists, word statistics, then the two stages (feature
//! hashes, weights quantised to 16 bits, transitions).

use std::path::Path;
use std::sync::OnceLock;

use super::evidence::{EvidenceCounts, WordId};
use super::gazetteer::{Gazetteer, MAX_LEN, gazetteer_hits};
use super::{Entity, EntityTagger, Label, NUM_LABELS, entities_from_labels};
use crate::tagging::codec::{self, DecodeError, ModelError, Reader, save_atomically};
use crate::tagging::features::{self, EvidenceKeys, TokenInfo, Window, WordStats};
use crate::tagging::linear::{self, Constraints, LinearModel, SentenceFeatures};
use crate::tagging::words::{TaggerWords, WordTypes, in_sentence};
use crate::text::segment::Token;

const MAGIC: &[u8; 16] = b"whosaid-ner-lin\0";
const VERSION: u32 = 4;

/// How many tokens of a sentence are read at a time.
const WINDOW: usize = 512;

/// Tokens read on each side of a window: the features' context and the entity lists' longest
/// name, so that every token in the window gets the features it gets in the whole sentence.
const MARGIN: usize = features::CONTEXT + MAX_LEN + 1;

/// IOB2 transition constraints over the nine labels.
pub fn iob2_constraints() -> &'static Constraints {
    static C: OnceLock<Constraints> = OnceLock::new();
    C.get_or_init(|| {
        Constraints::new(NUM_LABELS, |prev, cur| {
            Label::from_index(cur).may_follow(prev.map(Label::from_index))
        })
    })
}

/// The two-stage perceptron tagger with its entity lists and word statistics.
#[derive(Debug, Clone, Default)]
pub struct PerceptronTagger {
    pub(crate) gazetteer: Gazetteer,
    /// Casing habits and word clusters learnt from text.
    pub words: WordStats,
    /// The first stage, which tags each sentence from local evidence.
    pub stage1: LinearModel,
    /// The document-level second stage, when the model has one.
    pub stage2: Option<LinearModel>,
}

/// Labels of one document plus per-token marginals (`NUM_LABELS` per token) of the final stage.
pub struct DocumentLabels {
    /// The labels of each sentence, one per token.
    pub labels: Vec<Vec<Label>>,
    /// The label probabilities of each sentence, `NUM_LABELS` per token in label-index order.
    pub marginals: Vec<Vec<f32>>,
}

fn bytes_to_labels(path: &[u8]) -> Vec<Label> {
    path.iter().map(|&l| Label::from_index(l.into())).collect()
}

/// What the first pass keeps of each token for the second: its first-stage label, its word in the
/// document counts, and the second stage's scores from the features that need no document
/// evidence (a token's evidence features come last in its list, so these are exact partial
/// sums). What the evidence features read of the words is recomputed from their texts.
#[derive(Default)]
struct FirstPass {
    labels: Vec<Label>,
    words: Vec<WordId>,
    /// `NUM_LABELS` per token.
    partial: Vec<f32>,
}

/// The posteriors that come with a sentence's labels.
enum Posteriors<'a> {
    /// Every label's, `NUM_LABELS` per token (none for a sentence without entities when they
    /// were not all wanted).
    All(&'a [f32]),
    /// Only that of each token's own label, one per token.
    OfLabels(&'a [f32]),
}

impl Posteriors<'_> {
    /// The posterior of token `i`'s label `l` (its own label, for [`Posteriors::OfLabels`]).
    fn of(&self, i: usize, l: Label) -> f32 {
        match self {
            Posteriors::All(m) => m[i * NUM_LABELS + l.index()],
            Posteriors::OfLabels(p) => p[i],
        }
    }
}

/// Sentences longer than this (in tokens) keep no second-stage scores between the passes when only
/// the posteriors of their labels are wanted: the second pass reads their windows again, twice,
/// and decodes them from scores computed a window at a time.
const LONG_SENTENCE: usize = 8 * WINDOW;

impl PerceptronTagger {
    /// Labels every sentence of a document and gives each sentence's labels and label marginals
    /// (`NUM_LABELS` per token) to `emit`, in order.
    ///
    /// Sentences are tagged one at a time: the first stage keeps only a few compact values per
    /// token and per-document counts for the second, never the features or token texts of the
    /// whole document.
    pub fn tag_sentences(
        &self,
        text: &str,
        sentences: &[&[Token]],
        mut emit: impl FnMut(usize, &[Label], &[f32]),
    ) {
        self.tag_sentences_with(text, sentences, true, |si, labels, p| match p {
            Posteriors::All(m) => emit(si, labels, m),
            Posteriors::OfLabels(_) => unreachable!("every label's posteriors were asked for"),
        });
    }

    /// [`PerceptronTagger::tag_sentences`]; without `all_marginals`, a sentence whose labels
    /// are all `O` is given no marginals (an empty slice), and a long sentence (see
    /// [`LONG_SENTENCE`]) only those of its labels, which saves computing and keeping what no one
    /// reads when only the entities' probabilities are wanted.
    fn tag_sentences_with(
        &self,
        text: &str,
        sentences: &[&[Token]],
        all_marginals: bool,
        mut emit: impl FnMut(usize, &[Label], Posteriors<'_>),
    ) {
        let c = iob2_constraints();
        let n = NUM_LABELS;
        let mut ids: Vec<u32> = Vec::new();
        let mut buf = SentenceFeatures::default();
        let mut counts = EvidenceCounts::default();
        let total: usize = sentences.iter().map(|s| s.len()).sum();
        let mut first = FirstPass::default();
        let models: Vec<&LinearModel> = std::iter::once(&self.stage1)
            .chain(self.stage2.as_ref())
            .collect();
        let mut types = WordTypes::for_taggers(&models).sized_to(text.len());
        // Whether the second stage reads a sentence's windows again rather than keeping scores.
        let again = |len: usize| !all_marginals && self.stage2.is_some() && len > LONG_SENTENCE;
        if self.stage2.is_some() {
            let kept: usize = sentences
                .iter()
                .map(|s| s.len())
                .filter(|&l| !again(l))
                .sum();
            first.labels.reserve_exact(total);
            first.words.reserve_exact(total);
            first.partial.reserve_exact(kept * n);
        }
        for (si, toks) in sentences.iter().enumerate() {
            let len = toks.len();
            let mut w = Window::whole(text, toks);
            // Both stages' scores, each token starting from the cached scores of the words
            // around it; a long sentence is read a window of tokens at a time, as the decoder
            // reaches them. The first stage's scores are kept for the sentence only when its
            // marginals are wanted (a model without a second stage), the second stage's only when
            // the second pass does not read the sentence again.
            let partial = !again(len);
            let partial_start = first.partial.len();
            if partial {
                first
                    .partial
                    .resize(partial_start + (models.len() - 1) * len * n, 0.0);
            }
            let keep = self.stage2.is_none();
            let mut em = vec![0f32; if keep { len * n } else { 0 }];
            let mut window = 0..0;
            let path = linear::viterbi_with_bytes(len, &self.stage1.trans, c, |i, e| {
                if i == window.end {
                    window = i..(i + WINDOW).min(len);
                    self.read_window(
                        text,
                        toks,
                        &mut w,
                        window.clone(),
                        &mut types,
                        &mut ids,
                        &mut buf,
                    );
                }
                let feats = buf.token(i - window.start);
                let next = (i + 1 < window.end).then(|| buf.token(i + 1 - window.start));
                let id = in_sentence(&ids, w.first, len);
                types.word_scores(0, i, &id, e);
                self.stage1.add_scores(feats, e);
                if let Some(next) = next {
                    self.stage1.prefetch(next);
                }
                if keep {
                    em[i * n..(i + 1) * n].copy_from_slice(e);
                }
                if let Some(stage2) = &self.stage2 {
                    if partial {
                        let p = &mut first.partial[partial_start + i * n..][..n];
                        types.word_scores(1, i, &id, p);
                        stage2.add_scores(feats, p);
                        if let Some(next) = next {
                            stage2.prefetch(next);
                        }
                    }
                    first.words.push(counts.word(types.info(ids[i - w.first])));
                }
            });
            let labels = bytes_to_labels(&path);
            drop(path);
            if keep {
                if !all_marginals && labels.iter().all(|&l| l == Label::O) {
                    emit(si, &labels, Posteriors::All(&[]));
                    continue;
                }
                linear::marginals_in_place(&mut em, &self.stage1.trans, c);
                emit(si, &labels, Posteriors::All(&em));
                continue;
            }
            for (&word, &l) in first.words[first.words.len() - len..].iter().zip(&labels) {
                counts.count(word, l);
            }
            first.labels.extend(labels);
        }
        let Some(stage2) = &self.stage2 else {
            return;
        };
        let numeric = counts.numeric();
        let mut feats = Vec::new();
        let mut base = 0;
        let mut partial_base = 0;
        for (si, toks) in sentences.iter().enumerate() {
            let r = base..base + toks.len();
            base = r.end;
            let ls = &first.labels[r.clone()];
            let words = &first.words[r.clone()];
            let keys = |i: usize| toks.get(i).map(|t| EvidenceKeys::new(t.text(text)));
            // Adds the scores of token `i`'s evidence features to `e` (`next`: the keys of the
            // token after it).
            let mut add_evidence =
                |i: usize, key: &EvidenceKeys, next: Option<&EvidenceKeys>, e: &mut [f32]| {
                    let ev = counts.evidence(numeric, words, ls, i);
                    feats.clear();
                    features::doc_features(
                        key.initial_cap,
                        key.h_short,
                        &ev,
                        features::next_lower_of(next),
                        &mut feats,
                    );
                    stage2.add_scores(&feats, e);
                };
            if again(toks.len()) {
                let len = toks.len();
                let mut w = Window::whole(text, toks);
                let mut of_labels = vec![0f32; len];
                let path = linear::decode_streamed(
                    len,
                    &stage2.trans,
                    c,
                    1.0,
                    WINDOW,
                    |part, em| {
                        self.read_window(
                            text,
                            toks,
                            &mut w,
                            part.clone(),
                            &mut types,
                            &mut ids,
                            &mut buf,
                        );
                        let id = in_sentence(&ids, w.first, len);
                        let mut next = keys(part.start);
                        for i in part.clone() {
                            let at = em.len();
                            em.resize(at + n, 0.0);
                            let e = &mut em[at..];
                            types.word_scores(1, i, &id, e);
                            stage2.add_scores(buf.token(i - part.start), e);
                            if i + 1 < part.end {
                                stage2.prefetch(buf.token(i + 1 - part.start));
                            }
                            let key = next.expect("a token");
                            next = keys(i + 1);
                            add_evidence(i, &key, next.as_ref(), e);
                        }
                    },
                    |i, label, marg| of_labels[i] = marg[label as usize],
                );
                let labels = bytes_to_labels(&path);
                drop(path);
                emit(si, &labels, Posteriors::OfLabels(&of_labels));
                continue;
            }
            // The partial scores become the full scores, then the marginals, in place.
            let pr = partial_base..partial_base + toks.len();
            partial_base = pr.end;
            let em = &mut first.partial[pr.start * n..pr.end * n];
            let mut next = keys(0);
            for (i, e) in em.chunks_exact_mut(n).enumerate() {
                let key = next.expect("a token");
                next = keys(i + 1);
                add_evidence(i, &key, next.as_ref(), e);
            }
            let labels = bytes_to_labels(&linear::viterbi_bytes(em, &stage2.trans, c));
            if !all_marginals && labels.iter().all(|&l| l == Label::O) {
                emit(si, &labels, Posteriors::All(&[]));
                continue;
            }
            linear::marginals_in_place(em, &stage2.trans, c);
            emit(si, &labels, Posteriors::All(em));
        }
    }

    /// Reads tokens `window` of the sentence `toks`: the ids in `types` of their words with the
    /// margins around them into `ids` (from token `w.first`), and their context features into
    /// `buf`.
    #[allow(clippy::too_many_arguments)]
    fn read_window(
        &self,
        text: &str,
        toks: &[Token],
        w: &mut Window,
        window: std::ops::Range<usize>,
        types: &mut TaggerWords,
        ids: &mut Vec<u32>,
        buf: &mut SentenceFeatures,
    ) {
        let models: Vec<&LinearModel> = std::iter::once(&self.stage1)
            .chain(self.stage2.as_ref())
            .collect();
        w.first = window.start.saturating_sub(MARGIN);
        let hi = (window.end + MARGIN).min(w.len);
        types.make_room(hi - w.first);
        ids.clear();
        ids.extend(
            toks[w.first..hi]
                .iter()
                .map(|t| self.word(types, t.text(text), &models)),
        );
        let infos: Vec<&TokenInfo> = ids.iter().map(|&id| types.info(id)).collect();
        let gaz = gazetteer_hits(&self.gazetteer, &infos);
        features::extract_context_window(&infos, w, window, Some(&gaz), None, buf);
    }

    /// The id of a token's word in `types`, its word statistics filled in.
    fn word(&self, types: &mut TaggerWords, token: &str, models: &[&LinearModel]) -> u32 {
        types.tagger_word(
            token,
            |token| {
                let mut t = TokenInfo::new(token);
                features::annotate(std::slice::from_mut(&mut t), &self.words);
                t
            },
            |t| Some(self.gazetteer.words.get(&t.h_norm).copied().unwrap_or(0)),
            models,
        )
    }

    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut out: Vec<u8> = Vec::new();
        codec::write_header(&mut out, MAGIC, VERSION);
        self.gazetteer.encode(&mut out);
        self.words.encode(&mut out);
        out.push(1 + self.stage2.is_some() as u8);
        self.stage1.encode(&mut out);
        if let Some(s) = &self.stage2 {
            s.encode(&mut out);
        }
        out
    }

    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(bytes);
        r.header(MAGIC, VERSION)?;
        let gazetteer = Gazetteer::decode(&mut r)?;
        let words = WordStats::decode(&mut r)?;
        let n_stages = r.u8()?;
        if !(1..=2).contains(&n_stages) {
            return Err(DecodeError::Invalid(format!("{n_stages} stages")));
        }
        let stage1 = LinearModel::decode(&mut r)?;
        let stage2 = if n_stages == 2 {
            Some(LinearModel::decode(&mut r)?)
        } else {
            None
        };
        for s in std::iter::once(&stage1).chain(&stage2) {
            if s.n_labels != NUM_LABELS {
                return Err(DecodeError::Invalid(format!(
                    "{} labels, expected {NUM_LABELS}",
                    s.n_labels
                )));
            }
        }
        if !r.at_end() {
            return Err(DecodeError::Invalid("trailing bytes".into()));
        }
        Ok(PerceptronTagger {
            gazetteer,
            words,
            stage1,
            stage2,
        })
    }

    /// Writes the model file (through a temporary file, so a failed save leaves no partial file).
    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        save_atomically(path, &self.to_bytes())
    }

    /// Reads a model file written by [`PerceptronTagger::save`].
    pub fn load(path: &Path) -> Result<Self, ModelError> {
        codec::load_file(path, "linear NER", Self::from_bytes)
    }
}

impl PerceptronTagger {
    /// Labels and marginals of a segmented document.
    pub fn document_marginals(&self, text: &str, sentences: &[&[Token]]) -> DocumentLabels {
        let mut out = DocumentLabels {
            labels: Vec::with_capacity(sentences.len()),
            marginals: Vec::with_capacity(sentences.len()),
        };
        self.tag_sentences(text, sentences, |_, labels, margs| {
            out.labels.push(labels.to_vec());
            out.marginals.push(margs.to_vec());
        });
        out
    }
}

impl EntityTagger for PerceptronTagger {
    fn tag_document(
        &self,
        text: &str,
        sentences: &[&[Token]],
    ) -> Result<Vec<Vec<Entity>>, crate::ner::NerError> {
        let mut out = Vec::with_capacity(sentences.len());
        // Only the entities' label probabilities are read.
        self.tag_sentences_with(text, sentences, false, |si, labels, p| {
            out.push(entities_from_labels(labels, sentences[si], |i| {
                p.of(i, labels[i])
            }));
        });
        Ok(out)
    }

    fn name(&self) -> String {
        "fast (linear-chain perceptron)".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sentence too long to keep its second-stage scores gets the entities, scores included,
    /// that it gets when they are kept.
    #[test]
    fn long_sentences_read_again_get_the_same_entities() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/ner-fast.bin");
        let tagger = PerceptronTagger::load(&path).unwrap();
        assert!(tagger.stage2.is_some());
        let first = ["Anna", "Carl", "Maria", "Jonas", "Ingrid"];
        let last = ["Berg", "Dahl", "Lund", "Holm", "Strand", "Nyberg", "Falk"];
        let mut text = String::from("Officials met in Paris. ");
        for k in 0..700 {
            text.push_str(&format!(
                "{} {} of the Acme Group told Reuters in {} that costs rose , ",
                first[k % 5],
                last[k % 7],
                ["Oslo", "Paris", "Berlin"][k % 3]
            ));
        }
        text.push_str("said Lena Ortiz. The mayor of Boston agreed.");
        let seg = crate::text::segment::segment(&text);
        let sentences: Vec<&[Token]> = (0..seg.sentences.len())
            .map(|i| seg.sentence_tokens(i))
            .collect();
        assert!(sentences.iter().any(|s| s.len() > LONG_SENTENCE));
        let got = tagger.tag_document(&text, &sentences).unwrap();
        let all = tagger.document_marginals(&text, &sentences);
        let want: Vec<Vec<Entity>> = (0..sentences.len())
            .map(|si| {
                let labels = &all.labels[si];
                entities_from_labels(labels, sentences[si], |i| {
                    all.marginals[si][i * NUM_LABELS + labels[i].index()]
                })
            })
            .collect();
        assert!(want.iter().map(Vec::len).sum::<usize>() > 1000);
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g.len(), w.len());
            for (a, b) in g.iter().zip(w) {
                assert_eq!((a.kind, &a.tokens), (b.kind, &b.tokens));
                assert_eq!(a.score.to_bits(), b.score.to_bits());
            }
        }
    }

    #[test]
    fn iob2_forbids_dangling_inside() {
        let c = iob2_constraints();
        let l = |s: &str| Label::parse(s).unwrap().index();
        let mut em = vec![0f32; 2 * NUM_LABELS];
        em[l("I-PER")] = 5.0;
        em[l("B-PER")] = 1.0;
        em[NUM_LABELS + l("I-PER")] = 5.0;
        let trans = vec![0f32; (NUM_LABELS + 1) * NUM_LABELS];
        let path = linear::viterbi(&em, &trans, c);
        assert_eq!(path, vec![l("B-PER"), l("I-PER")]);
    }

    #[test]
    fn save_and_load_round_trip() {
        let n = NUM_LABELS;
        let mut trans = vec![0f32; (n + 1) * n];
        trans[n * n + 1] = 0.5;
        let mut w = vec![0f32; 2 * n];
        w[0] = 1.0;
        let mut tagger = PerceptronTagger {
            stage1: LinearModel::from_dense(&[3, 9], &w, trans, n),
            ..Default::default()
        };
        tagger.gazetteer.names.insert(42, 1);
        tagger.words.embedding_clusters.ids.insert(5, (1, 2));
        let dir = std::env::temp_dir().join(format!("whosaid-lin-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("m.bin");
        tagger.save(&path).unwrap();
        let back = PerceptronTagger::load(&path).unwrap();
        assert_eq!(back.gazetteer.names.get(&42), Some(&1));
        assert_eq!(back.words.embedding_clusters.ids.get(&5), Some(&(1, 2)));
        assert_eq!(back.stage1.num_features(), 1);
        assert_eq!(back.stage1.trans[n * n + 1], 0.5);
        std::fs::write(&path, b"garbage").unwrap();
        let err = PerceptronTagger::load(&path).unwrap_err().to_string();
        assert!(err.contains("not a whosaid linear NER model"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
