//! The learned attribution tagger: a linear-chain model over the tokens of each paragraph that
//! labels the content, source and cue spans of attributions (BIO labels), trained on annotated
//! news (`training`). Its features read what the rules read — words, parts of speech, entities,
//! quote marks, the cue lexicon — and the position of each token relative to the nearest cues and
//! quote marks (`features`). The linker pairs its content spans with a cue and a source and adds
//! them beside the rules' links (`link::model`).
//!
//! Decoding is Viterbi over the paragraph; each span's score is the mean posterior probability
//! (forward-backward) of its labels, and every token's probability of being content is kept so the
//! rules' links can be scored too. Both are linear in the paragraph's length.

mod features;
pub mod training;
#[cfg(feature = "transformer")]
pub mod transformer;
#[cfg(feature = "transformer")]
pub mod transformer_training;

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::analysis::Analysis;
use crate::cues::Cues;
use crate::tagging::codec::{self, DecodeError, ModelError, Reader, save_atomically};
use crate::tagging::linear::{self, Constraints, LinearModel, SentenceFeatures};
use crate::tagging::words::WordTypes;

const MAGIC: &[u8; 16] = b"whosaid-claims\0\0";
const VERSION: u32 = 1;

/// File name of the shipped attribution model inside a models folder.
pub const FILE_NAME: &str = "claims-fast.bin";

/// How a pipeline links claims.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ClaimsMode {
    /// The shipped attribution model beside the rules when a models folder holds it, else the
    /// rules alone.
    #[default]
    Auto,
    /// The rules alone.
    Rules,
    /// The shipped attribution model beside the rules (an error when it is missing).
    Model,
    /// The shipped transformer attribution model (`claims-transformer/`) beside the rules: more
    /// accurate, far slower.
    Transformer,
    /// The attribution model at a path beside the rules: a model file, or a transformer
    /// checkpoint folder.
    Path(PathBuf),
}

impl ClaimsMode {
    /// The names accepted by [`ClaimsMode::parse`] besides paths.
    pub const NAMES: [&'static str; 4] = ["auto", "rules", "model", "transformer"];

    /// `auto`, `rules`, `model` or `transformer`, or else the path of a model file or transformer
    /// folder (which must exist).
    pub fn parse(s: &str) -> std::result::Result<Self, String> {
        match s {
            "auto" => Ok(ClaimsMode::Auto),
            "rules" => Ok(ClaimsMode::Rules),
            "model" => Ok(ClaimsMode::Model),
            "transformer" => Ok(ClaimsMode::Transformer),
            p if Path::new(p).is_file() || crate::models::is_checkpoint(Path::new(p)) => {
                Ok(ClaimsMode::Path(PathBuf::from(p)))
            }
            p => Err(format!(
                "{p:?} is neither a claims mode ({}) nor an existing model file or folder",
                Self::NAMES.join(", ")
            )),
        }
    }

    /// Loads the model the mode asks for (`None`: the rules alone).
    pub fn load(&self) -> crate::Result<Option<ClaimsModel>> {
        match self {
            ClaimsMode::Rules => Ok(None),
            ClaimsMode::Auto => match crate::models::find(FILE_NAME, "attribution model") {
                Ok(p) => Ok(Some(ClaimsModel::load(&p)?)),
                Err(_) => Ok(None),
            },
            ClaimsMode::Model => Ok(Some(ClaimsModel::load(&crate::models::find(
                FILE_NAME,
                "attribution model",
            )?)?)),
            ClaimsMode::Transformer => Ok(Some(ClaimsModel::load_transformer(
                &crate::models::find(TRANSFORMER_DIR, "transformer attribution model")?,
            )?)),
            ClaimsMode::Path(p) if crate::models::is_checkpoint(p) => {
                Ok(Some(ClaimsModel::load_transformer(p)?))
            }
            ClaimsMode::Path(p) => Ok(Some(ClaimsModel::load(p)?)),
        }
    }
}

/// Folder name of the shipped transformer attribution model.
pub const TRANSFORMER_DIR: &str = "claims-transformer";

/// The labels, in index order.
pub const LABELS: [&str; 7] = [
    "O",
    "B-CONTENT",
    "I-CONTENT",
    "B-SOURCE",
    "I-SOURCE",
    "B-CUE",
    "I-CUE",
];

/// What a span of an attribution is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The reported words.
    Content,
    /// Who reports them.
    Source,
    /// The reporting cue (a verb, "according to", a colon).
    Cue,
}

impl Part {
    /// The index of the part's B label (the I label follows it).
    fn begin(self) -> usize {
        match self {
            Part::Content => 1,
            Part::Source => 3,
            Part::Cue => 5,
        }
    }

    fn of_label(l: usize) -> Option<Part> {
        match l {
            1 | 2 => Some(Part::Content),
            3 | 4 => Some(Part::Source),
            5 | 6 => Some(Part::Cue),
            _ => None,
        }
    }
}

/// A labelled span: document token indices and the mean posterior probability of its labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// What the span is.
    pub part: Part,
    /// Its tokens (document indices).
    pub tokens: Range<usize>,
    /// The mean posterior probability of its labels.
    pub score: f32,
}

/// What the model says about a document.
#[derive(Debug, Clone, Default)]
pub struct Tagged {
    /// Spans in text order.
    pub spans: Vec<Span>,
    /// Each token's posterior probability of being content.
    pub content_prob: Vec<f32>,
}

impl Tagged {
    /// The mean probability of being content over tokens `r` (0 for none).
    pub fn content_score(&self, r: &Range<usize>) -> f32 {
        let p = &self.content_prob
            [r.start.min(self.content_prob.len())..r.end.min(self.content_prob.len())];
        if p.is_empty() {
            0.0
        } else {
            p.iter().sum::<f32>() / p.len() as f32
        }
    }
}

/// BIO constraints: an I label continues its own part.
pub(crate) fn constraints() -> Constraints {
    Constraints::new(LABELS.len(), |prev, cur| match cur {
        2 | 4 | 6 => prev.is_some_and(|p| p == cur || p + 1 == cur),
        _ => true,
    })
}

/// The attribution tagger, with the minimum span score at which the linker keeps a claim of its
/// own.
#[derive(Debug, Clone)]
pub struct ClaimsModel {
    /// The weights.
    pub(crate) model: LinearModel,
    /// Content spans scored below this are left out.
    pub threshold: f32,
    /// Perceptron scores are divided by this before posteriors are computed (fitted on held-out
    /// documents), so that the posteriors are neither all 0 or 1 nor flat.
    pub(crate) temperature: f32,
    /// The confidence calibration fitted on this model's records, where its folder holds one
    /// (`calibration.tsv` beside a transformer's weights): it replaces the shipped table, which
    /// is fitted on the default pipeline's records.
    pub calibration: Option<crate::calibration::Calibration>,
    /// Whether the linker takes this model's cue spans that hold no word of the cue lexicon
    /// ("ridiculed", "took aim at"). The transformer's are right often enough (on held-out
    /// training articles they add about 4 points of all-kinds F1); the linear model's are not.
    pub open_cues: bool,
    constraints: Constraints,
    /// The transformer backend: when set, its log-probabilities are the scores, and `model`
    /// holds no weights (zero transitions).
    #[cfg(feature = "transformer")]
    pub(crate) transformer: Option<std::sync::Arc<transformer::ClaimsTransformer>>,
    /// With the transformer: the linear model whose posteriors are mixed into its probabilities,
    /// and their weight.
    #[cfg(feature = "transformer")]
    linear: Option<(Box<ClaimsModel>, f32)>,
}

impl ClaimsModel {
    pub(crate) fn new(model: LinearModel, threshold: f32, temperature: f32) -> Self {
        ClaimsModel {
            model,
            threshold,
            temperature,
            calibration: None,
            open_cues: false,
            constraints: constraints(),
            #[cfg(feature = "transformer")]
            transformer: None,
            #[cfg(feature = "transformer")]
            linear: None,
        }
    }

    /// Loads a transformer checkpoint folder as the attribution tagger (its threshold from its
    /// `config.json`, else 0.5). When the config gives the linear model a weight
    /// (`"whosaid_linear_weight"`), the shipped linear model is loaded too and its posteriors are
    /// mixed into the transformer's probabilities with that weight. A `calibration.tsv` in the
    /// folder is the model's own confidence calibration.
    #[cfg(feature = "transformer")]
    pub fn load_transformer(dir: &Path) -> crate::Result<Self> {
        let t = transformer::ClaimsTransformer::load(dir)?;
        let weight = t.linear_weight;
        let mut m = Self::with_transformer(t);
        let table = dir.join(crate::calibration::FILE);
        if table.is_file() {
            m.calibration = crate::calibration::Calibration::load(&table)?;
        }
        if weight > 0.0 {
            let linear = ClaimsModel::load(&crate::models::find(FILE_NAME, "attribution model")?)?;
            m.linear = Some((Box::new(linear), weight.min(1.0)));
        }
        Ok(m)
    }

    /// Without the transformer feature, a transformer folder cannot be loaded.
    #[cfg(not(feature = "transformer"))]
    pub fn load_transformer(dir: &Path) -> crate::Result<Self> {
        Err(crate::Error::from(ModelError::Format {
            path: dir.display().to_string(),
            kind: "attribution",
            reason: DecodeError::Invalid(
                "this build leaves out the transformer (cargo feature \"transformer\")".into(),
            ),
        }))
    }

    #[cfg(feature = "transformer")]
    pub(crate) fn with_transformer(t: transformer::ClaimsTransformer) -> Self {
        let n = LABELS.len();
        let empty = LinearModel::from_dense(&[], &[], vec![0.0; (n + 1) * n], n);
        let mut m = ClaimsModel::new(empty, t.threshold.unwrap_or(0.5), 1.0);
        m.transformer = Some(std::sync::Arc::new(t));
        m.open_cues = true;
        m
    }

    /// Scores of every token of `paragraphs` (consecutive), `LABELS.len()` per token.
    #[cfg(feature = "transformer")]
    fn emissions(
        &self,
        a: &Analysis,
        cues: &Cues,
        paragraphs: &[Range<usize>],
    ) -> crate::Result<Vec<f32>> {
        if let Some(t) = &self.transformer {
            let mut em = t.log_probs(a, cues, paragraphs)?;
            if let Some((linear, w)) = &self.linear {
                // The linear model's posteriors, paragraph by paragraph, mixed into the
                // transformer's probabilities.
                let mut other = linear.emissions(a, cues, paragraphs)?;
                let n = LABELS.len();
                let mut at = 0;
                for r in paragraphs {
                    let span = at..at + r.len() * n;
                    posteriors_in_place(
                        &mut other[span.clone()],
                        &linear.model.trans,
                        &linear.constraints,
                        linear.temperature,
                    );
                    for j in span {
                        em[j] = ((1.0 - w) * em[j].exp() + w * other[j]).max(1e-9).ln();
                    }
                    at += r.len() * n;
                }
            }
            return Ok(em);
        }
        let n = LABELS.len();
        let mut em = Vec::with_capacity(paragraphs.iter().map(|r| r.len() * n).sum());
        let mut scorer = Scorer::new(self, a, cues);
        for r in paragraphs {
            scorer.scores(r.clone(), &mut em);
        }
        Ok(em)
    }

    /// Tags every paragraph of a document.
    pub(crate) fn tag(&self, a: &Analysis, cues: &Cues) -> crate::Result<Tagged> {
        let mut out = Tagged {
            spans: Vec::new(),
            content_prob: vec![0.0; a.len()],
        };
        #[cfg(feature = "transformer")]
        if self.transformer.is_some() {
            // The transformer scores every paragraph at once.
            let n = LABELS.len();
            let paragraphs: Vec<Range<usize>> = features::paragraphs(a).collect();
            let mut em = self.emissions(a, cues, &paragraphs)?;
            let mut offset = 0;
            for r in paragraphs {
                self.decode(&mut em[offset..offset + r.len() * n], r.clone(), &mut out);
                offset += r.len() * n;
            }
            return Ok(out);
        }
        // A paragraph at a time; a long one's scores are computed a stretch at a time, twice,
        // rather than kept for all its tokens.
        let mut scorer = Scorer::new(self, a, cues);
        let mut em = Vec::new();
        for r in features::paragraphs(a) {
            if r.len() <= LONG_PARAGRAPH {
                em.clear();
                scorer.scores(r.clone(), &mut em);
                self.decode(&mut em, r, &mut out);
                continue;
            }
            let mut label_prob = vec![0f32; r.len()];
            let labels = linear::decode_streamed(
                r.len(),
                &self.model.trans,
                &self.constraints,
                self.temperature,
                STRETCH,
                |part, em| scorer.scores(r.start + part.start..r.start + part.end, em),
                |k, label, marg| {
                    out.content_prob[r.start + k] = marg[1] + marg[2];
                    label_prob[k] = marg[label as usize];
                },
            );
            out.spans
                .extend(spans_of(&labels, r.start, |k, _| label_prob[k]));
        }
        Ok(out)
    }

    /// Decodes the scores `em` of paragraph `r` into `out`: its spans, and its tokens'
    /// probabilities of being content.
    fn decode(&self, em: &mut [f32], r: Range<usize>, out: &mut Tagged) {
        let n = LABELS.len();
        let labels = linear::viterbi_bytes(em, &self.model.trans, &self.constraints);
        posteriors_in_place(em, &self.model.trans, &self.constraints, self.temperature);
        let marg = &*em;
        for (k, i) in r.clone().enumerate() {
            out.content_prob[i] = marg[k * n + 1] + marg[k * n + 2];
        }
        out.spans
            .extend(spans_of(&labels, r.start, |k, l| marg[k * n + l]));
    }

    /// Writes the model file (through a temporary file, so a failed save leaves no partial file).
    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        let mut out = Vec::new();
        codec::write_header(&mut out, MAGIC, VERSION);
        out.extend_from_slice(&self.threshold.to_le_bytes());
        out.extend_from_slice(&self.temperature.to_le_bytes());
        self.model.encode(&mut out);
        save_atomically(path, &out)
    }

    /// Reads a model file written by [`ClaimsModel::save`].
    pub fn load(path: &Path) -> Result<Self, ModelError> {
        codec::load_file(path, "attribution", Self::from_bytes)
    }

    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(bytes);
        r.header(MAGIC, VERSION)?;
        let threshold = r.f32()?;
        let temperature = r.f32()?;
        if temperature.is_nan() || temperature <= 0.0 {
            return Err(DecodeError::Invalid(format!("temperature {temperature}")));
        }
        let model = LinearModel::decode(&mut r)?;
        if model.n_labels != LABELS.len() || !r.at_end() {
            return Err(DecodeError::Invalid("inconsistent label set".into()));
        }
        Ok(ClaimsModel::new(model, threshold, temperature))
    }

    /// The temperature of the posteriors.
    pub fn temperature(&self) -> f32 {
        self.temperature
    }

    /// Whether the transformer backend scores the tokens.
    pub fn is_transformer(&self) -> bool {
        #[cfg(feature = "transformer")]
        return self.transformer.is_some();
        #[cfg(not(feature = "transformer"))]
        false
    }

    /// The number of features with weights.
    pub fn num_features(&self) -> usize {
        self.model.num_features()
    }
}

/// Features are extracted a stretch of tokens at a time, so that a long paragraph never holds all
/// its features at once.
const STRETCH: usize = 512;

/// Paragraphs longer than this (in tokens) are decoded from scores computed a stretch at a time
/// (twice) rather than from a table of all their scores.
const LONG_PARAGRAPH: usize = 8 * STRETCH;

/// The linear model's scores of a document's tokens.
struct Scorer<'m, 'a, 't, 'p> {
    model: &'m LinearModel,
    a: &'a Analysis<'t, 'p>,
    cues: &'a Cues,
    ctx: features::Context,
    feats: SentenceFeatures,
    /// Each distinct word's summed scores of the features that read that word alone (computed
    /// once per word); a token's scores start from those of the words around it.
    words: WordTypes<features::WordInfo>,
    /// The word of each token of the stretch being scored, and of its neighbours.
    ids: Vec<u32>,
}

impl<'m, 'a, 't, 'p> Scorer<'m, 'a, 't, 'p> {
    fn new(m: &'m ClaimsModel, a: &'a Analysis<'t, 'p>, cues: &'a Cues) -> Self {
        Scorer {
            model: &m.model,
            a,
            cues,
            ctx: features::Context::new(a, cues),
            feats: SentenceFeatures::default(),
            words: WordTypes::new(&[&m.model], &features::NEIGHBOURS, |slot, f| {
                features::word_features(None, slot, f)
            })
            .sized_to(a.text.len()),
            ids: Vec::new(),
        }
    }

    /// Appends `LABELS.len()` scores per token of `r` (tokens of one paragraph) to `em`: the
    /// cached scores of the words around each token, then its context features.
    fn scores(&mut self, r: Range<usize>, em: &mut Vec<f32>) {
        let a = self.a;
        let n = LABELS.len();
        let models = [self.model];
        let reach = features::NEIGHBOURS
            .iter()
            .map(|k| k.unsigned_abs())
            .max()
            .unwrap_or(0);
        for start in r.clone().step_by(STRETCH) {
            let part = start..(start + STRETCH).min(r.end);
            let lo = part.start.saturating_sub(reach);
            let hi = (part.end + reach).min(a.len());
            self.words.make_room(hi - lo);
            self.ids.clear();
            for j in lo..hi {
                let id = self.words.id(
                    a.word(j),
                    |word| features::WordInfo::new(word, a.w(j)),
                    |t, slot, f| features::word_features(Some(t), slot, f),
                    &models,
                );
                self.ids.push(id);
            }
            features::extract_context(a, self.cues, &self.ctx, part.clone(), &mut self.feats);
            let base = em.len();
            em.resize(base + part.len() * n, 0.0);
            let ids = &self.ids;
            for (k, (i, e)) in part.clone().zip(em[base..].chunks_exact_mut(n)).enumerate() {
                let sr = a.sentence(a.sentence_of(i));
                let id = |j: isize| {
                    (j >= sr.start as isize && j < sr.end as isize).then(|| ids[j as usize - lo])
                };
                self.words.word_scores(0, i, id, e);
                self.model.add_scores(self.feats.token(k), e);
                if k + 1 < part.len() {
                    self.model.prefetch(self.feats.token(k + 1));
                }
            }
        }
    }
}

/// Posterior label probabilities of scores `em` and transitions `trans` divided by `temperature`.
pub(crate) fn posteriors(
    mut em: Vec<f32>,
    trans: &[f32],
    c: &Constraints,
    temperature: f32,
) -> Vec<f32> {
    posteriors_in_place(&mut em, trans, c, temperature);
    em
}

/// [`posteriors`] written over the scores.
fn posteriors_in_place(em: &mut [f32], trans: &[f32], c: &Constraints, temperature: f32) {
    let k = 1.0 / temperature;
    em.iter_mut().for_each(|x| *x *= k);
    let t: Vec<f32> = trans.iter().map(|x| x * k).collect();
    linear::marginals_in_place(em, &t, c);
}

/// The spans of a label sequence whose first token is document token `base`; `prob(k, l)` is the
/// posterior of label `l` at position `k`.
fn spans_of<L: Copy + Into<usize>>(
    labels: &[L],
    base: usize,
    prob: impl Fn(usize, usize) -> f32,
) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut open: Option<(Part, usize, f32)> = None;
    let close = |open: &mut Option<(Part, usize, f32)>, end: usize, out: &mut Vec<Span>| {
        if let Some((part, start, sum)) = open.take() {
            out.push(Span {
                part,
                tokens: base + start..base + end,
                score: sum / (end - start) as f32,
            });
        }
    };
    for (k, l) in labels.iter().enumerate() {
        let l: usize = (*l).into();
        let part = Part::of_label(l);
        let continues = matches!(l, 2 | 4 | 6) && open.is_some_and(|(p, _, _)| Some(p) == part);
        if !continues {
            close(&mut open, k, &mut out);
            if let Some(p) = part {
                open = Some((p, k, 0.0));
            }
        }
        if let Some((_, _, sum)) = &mut open {
            *sum += prob(k, l);
        }
    }
    close(&mut open, labels.len(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_from_labels() {
        // O B-SOURCE B-CUE B-CONTENT I-CONTENT O
        let labels = [0u8, 3, 5, 1, 2, 0];
        let s = spans_of(&labels, 10, |_, _| 0.5);
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].part, Part::Source);
        assert_eq!(s[0].tokens, 11..12);
        assert_eq!(s[2].part, Part::Content);
        assert_eq!(s[2].tokens, 13..15);
        assert!((s[2].score - 0.5).abs() < 1e-6);
    }

    #[test]
    fn constraints_forbid_inside_without_begin() {
        let c = constraints();
        // I-CONTENT cannot start a paragraph: with emissions preferring it, Viterbi takes B.
        let mut em = vec![0f32; 7];
        em[2] = 5.0;
        em[1] = 1.0;
        let trans = vec![0f32; 8 * 7];
        assert_eq!(linear::viterbi(&em, &trans, &c), vec![1]);
    }

    #[test]
    fn save_load_round_trip_and_bad_file() {
        let m = LinearModel::from_dense(
            &[5],
            &[0.0, 1.0, 0.0, 0.0, 0.0, 0.0, -1.0],
            vec![0.0; 56],
            7,
        );
        let cm = ClaimsModel::new(m, 0.42, 3.0);
        let dir = std::env::temp_dir().join(format!("whosaid-claims-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("m.bin");
        cm.save(&path).unwrap();
        let back = ClaimsModel::load(&path).unwrap();
        assert!((back.threshold - 0.42).abs() < 1e-6);
        assert_eq!(back.temperature, 3.0);
        assert_eq!(back.num_features(), 1);
        std::fs::write(&path, b"not a model").unwrap();
        let err = ClaimsModel::load(&path).unwrap_err().to_string();
        assert!(
            err.contains("m.bin") && err.contains("attribution"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
