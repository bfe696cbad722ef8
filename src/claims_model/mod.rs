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
//!
//! A model file may hold a second, stacked pass (`stack`): its scores add to the first pass's
//! features those of the first pass's output over the paragraph, and its labels and posteriors
//! are then the model's.

mod features;
mod stack;
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
use crate::tagging::linear::{self, Constraints, Encoded, LinearModel, SentenceFeatures};
use crate::tagging::words::WordTypes;

const MAGIC: &[u8; 16] = b"whosaid-claims\0\0";
/// Version 2 adds, after the first pass's weights, a byte of flags (bit 0: [`ClaimsModel::open_cues`])
/// and the stacked pass (a count, 0 or 1, then its temperature and weights); version 1 files (one
/// pass, no open cues) still load.
const VERSION: u32 = 2;

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

/// Which of the model's own cues outside the cue lexicon ("ridiculed", "took aim at") the
/// linker takes, with the model's source in the cue's sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenCues {
    /// None: the cue must hold a word of the lexicon, "according to" or a colon.
    Off,
    /// Those whose source names someone (an entity, "he", "she"): a linear model with a stacked
    /// pass. With a description for subject ("the plan has", "many cases saw") such a cue of
    /// the linear model is seldom an attribution (on PolNeAR dev the restriction raises the
    /// end-to-end F1 and the share of right names; see `models/claims-fast.md`).
    NamedSources,
    /// All of them: the transformer, whose such cues are right more often (on PolNeAR dev the
    /// restriction costs it 1.3 points of all-kinds F1).
    All,
}

/// The attribution tagger, with the minimum span score at which the linker keeps a claim of its
/// own.
#[derive(Debug, Clone)]
pub struct ClaimsModel {
    /// The first pass: its weights and transitions, or its transitions only when there is a
    /// stacked pass, whose joined rows then hold its weights (see [`ClaimsModel::set_stack`]).
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
    /// Which of this model's cue spans that hold no word of the cue lexicon ("ridiculed", "took
    /// aim at") the linker takes. Stored in a linear model's file.
    pub open_cues: OpenCues,
    constraints: Constraints,
    /// The transformer backend: when set, its log-probabilities are the scores, and `model`
    /// holds no weights (zero transitions).
    #[cfg(feature = "transformer")]
    pub(crate) transformer: Option<std::sync::Arc<transformer::ClaimsTransformer>>,
    /// With the transformer: the linear model whose posteriors are mixed into its probabilities,
    /// and their weight.
    #[cfg(feature = "transformer")]
    linear: Option<(Box<ClaimsModel>, f32)>,
    /// The second, stacked pass, whose labels and posteriors are the model's output when it is
    /// there (see `stack`).
    stack: Option<Box<Stacked>>,
}

/// The stacked pass: a linear model over the first pass's features and the stacked features that
/// read the first pass's output, with the temperature of its posteriors. Its weights and the
/// first pass's are stored once, joined feature by feature (see [`LinearModel::joined`]): one
/// lookup of a feature gives both passes' weights.
#[derive(Debug, Clone)]
pub(crate) struct Stacked {
    /// The first pass's labels' weights, then this pass's, per feature of either.
    joined: LinearModel,
    /// This pass's transitions.
    trans: Vec<f32>,
    /// This pass's number of labels.
    labels: usize,
    pub(crate) temperature: f32,
    /// The numbers of features with weights of the first pass and of this one.
    features: (usize, usize),
}

impl Stacked {
    /// Adds this pass's weights of the stacked features `hashes` to its scores `e`.
    fn add_stacked_scores(&self, hashes: &[u64], e: &mut [f32]) {
        let n = e.len();
        let mut row = [0f32; 2 * LABELS.len()];
        row[n..].copy_from_slice(e);
        self.joined.add_scores(hashes, &mut row);
        e.copy_from_slice(&row[n..]);
    }

    /// The first pass, whose transitions `first` holds, with its weights.
    fn first_pass(&self, first: &LinearModel) -> LinearModel {
        let mut m = self.joined.split(self.joined.n_labels - self.labels).0;
        m.trans = first.trans.clone();
        m
    }

    /// This pass, with its weights.
    fn second_pass(&self) -> LinearModel {
        let mut m = self.joined.split(self.joined.n_labels - self.labels).1;
        m.trans = self.trans.clone();
        m
    }
}

impl ClaimsModel {
    /// Adds the stacked pass `second` (over this model's first pass) with its posteriors'
    /// temperature, replacing any there was. The two passes' weights are then held joined.
    pub(crate) fn set_stack(&mut self, second: LinearModel, temperature: f32) {
        let mut first = std::mem::take(&mut self.model);
        if let Some(st) = self.stack.take() {
            first = st.first_pass(&first);
        }
        assert_eq!(
            first.n_labels, second.n_labels,
            "two passes of the same labels"
        );
        let joined =
            LinearModel::joined(&first, &second).expect("two dense passes of a few labels each");
        self.stack = Some(Box::new(Stacked {
            joined,
            trans: second.trans.clone(),
            labels: second.n_labels,
            temperature,
            features: (first.num_features(), second.num_features()),
        }));
        self.model = LinearModel::weightless(first.n_labels, first.trans.clone());
    }

    /// The model without its stacked pass: the first pass alone, its weights taken back.
    pub(crate) fn without_stack(mut self) -> Self {
        if let Some(st) = self.stack.take() {
            self.model = st.first_pass(&self.model);
        }
        self
    }

    pub(crate) fn new(model: LinearModel, threshold: f32, temperature: f32) -> Self {
        ClaimsModel {
            model,
            threshold,
            temperature,
            calibration: None,
            open_cues: OpenCues::Off,
            constraints: constraints(),
            #[cfg(feature = "transformer")]
            transformer: None,
            #[cfg(feature = "transformer")]
            linear: None,
            stack: None,
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
        m.open_cues = OpenCues::All;
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
            scorer.scores(r.clone(), &mut em, None);
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
                self.decode(
                    &mut em[offset..offset + r.len() * n],
                    &self.model.trans,
                    self.temperature,
                    r.clone(),
                    &mut out,
                );
                offset += r.len() * n;
            }
            return Ok(out);
        }
        // A paragraph at a time; a long one's scores are computed a stretch at a time, twice,
        // rather than kept for all its tokens, and only by the first pass.
        let stacked = self.stack.as_deref();
        let mut scorer = Scorer::new(self, a, cues);
        let (mut em, mut em2) = (Vec::new(), Vec::new());
        let mut extra = SentenceFeatures::default();
        // The first pass's summary of the paragraph before (0: none, or a long one).
        let mut before = 0;
        for r in features::paragraphs(a) {
            if r.len() <= LONG_PARAGRAPH {
                em.clear();
                let Some(st) = stacked else {
                    scorer.scores(r.clone(), &mut em, None);
                    self.decode(&mut em, &self.model.trans, self.temperature, r, &mut out);
                    continue;
                };
                // The first pass's labels and posteriors, then the stacked pass's scores: its
                // weights of the first pass's features plus those of the stacked features.
                em2.clear();
                scorer.scores(r.clone(), &mut em, Some(&mut em2));
                let labels = linear::viterbi_bytes(&em, &self.model.trans, &self.constraints);
                posteriors_in_place(
                    &mut em,
                    &self.model.trans,
                    &self.constraints,
                    self.temperature,
                );
                let layout = scorer.ctx.layout(a, r.clone());
                stack::features(&layout, &labels, &em, before, &mut extra);
                before = stack::summary(&layout, &labels);
                let n = LABELS.len();
                for (k, e) in em2.chunks_exact_mut(n).enumerate() {
                    st.add_stacked_scores(extra.token(k), e);
                }
                self.decode(&mut em2, &st.trans, st.temperature, r, &mut out);
                continue;
            }
            before = 0;
            let mut label_prob = vec![0f32; r.len()];
            let labels = linear::decode_streamed(
                r.len(),
                &self.model.trans,
                &self.constraints,
                self.temperature,
                STRETCH,
                |part, em| scorer.scores(r.start + part.start..r.start + part.end, em, None),
                |k, label, marg| {
                    out.content_prob[r.start + k] = marg[1] + marg[2];
                    label_prob[k] = marg[label as usize];
                },
            );
            push_spans(&labels, r.start, |k, _| label_prob[k], &mut out.spans);
        }
        Ok(out)
    }

    /// Decodes the scores `em` of paragraph `r`, with transitions `trans` and posteriors at
    /// `temperature`, into `out`: its spans, and its tokens' probabilities of being content.
    fn decode(
        &self,
        em: &mut [f32],
        trans: &[f32],
        temperature: f32,
        r: Range<usize>,
        out: &mut Tagged,
    ) {
        let n = LABELS.len();
        let labels = linear::viterbi_bytes(em, trans, &self.constraints);
        posteriors_in_place(em, trans, &self.constraints, temperature);
        let marg = &*em;
        for (k, i) in r.clone().enumerate() {
            out.content_prob[i] = marg[k * n + 1] + marg[k * n + 2];
        }
        push_spans(&labels, r.start, |k, l| marg[k * n + l], &mut out.spans);
    }

    /// Writes the model file (through a temporary file, so a failed save leaves no partial file).
    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        let mut out = Vec::new();
        codec::write_header(&mut out, MAGIC, VERSION);
        out.extend_from_slice(&self.threshold.to_le_bytes());
        out.extend_from_slice(&self.temperature.to_le_bytes());
        match &self.stack {
            None => self.model.encode(&mut out),
            Some(st) => st.first_pass(&self.model).encode(&mut out),
        }
        out.push(u8::from(self.open_cues != OpenCues::Off));
        match &self.stack {
            None => out.push(0),
            Some(st) => {
                out.push(1);
                out.extend_from_slice(&st.temperature.to_le_bytes());
                st.second_pass().encode(&mut out);
            }
        }
        save_atomically(path, &out)
    }

    /// Reads a model file written by [`ClaimsModel::save`].
    pub fn load(path: &Path) -> Result<Self, ModelError> {
        codec::load_file(path, "attribution", Self::from_bytes)
    }

    pub(crate) fn from_bytes<'a>(bytes: &'a [u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(bytes);
        // Version 1 (one pass) is read as well as the current one.
        let version = match r.header(MAGIC, VERSION) {
            Err(DecodeError::Version { found: 1, .. }) => {
                r = Reader::new(bytes);
                r.header(MAGIC, 1)?;
                1
            }
            other => other.map(|()| VERSION)?,
        };
        let temperature_of = |r: &mut Reader| {
            let t = r.f32()?;
            if t.is_nan() || t <= 0.0 {
                return Err(DecodeError::Invalid(format!("temperature {t}")));
            }
            Ok(t)
        };
        let weights = |r: &mut Reader<'a>| {
            let m = Encoded::read(r)?;
            if m.n_labels != LABELS.len() {
                return Err(DecodeError::Invalid("inconsistent label set".into()));
            }
            Ok(m)
        };
        let threshold = r.f32()?;
        let temperature = temperature_of(&mut r)?;
        let first = weights(&mut r)?;
        let mut open_cues = OpenCues::Off;
        let mut second = None;
        if version >= 2 {
            match r.u8()? {
                0 => {}
                1 => open_cues = OpenCues::NamedSources,
                flags => return Err(DecodeError::Invalid(format!("flags {flags:#x}"))),
            }
            match r.u8()? {
                0 => {}
                1 => second = Some((temperature_of(&mut r)?, weights(&mut r)?)),
                k => return Err(DecodeError::Invalid(format!("{k} stacked passes"))),
            }
        }
        if !r.at_end() {
            return Err(DecodeError::Invalid("bytes after the weights".into()));
        }
        // With a stacked pass the two passes' weights are built joined, never apart.
        let mut m = match &second {
            None => ClaimsModel::new(first.model(), threshold, temperature),
            Some(_) => ClaimsModel::new(
                LinearModel::weightless(first.n_labels, first.trans.clone()),
                threshold,
                temperature,
            ),
        };
        m.open_cues = open_cues;
        if let Some((temperature, second)) = second {
            m.stack = Some(Box::new(Stacked {
                joined: LinearModel::decode_joined(&first, &second)?,
                trans: second.trans.clone(),
                labels: second.n_labels,
                temperature,
                features: (first.rows, second.rows),
            }));
        }
        Ok(m)
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

    /// The number of features with weights (of the first pass).
    pub fn num_features(&self) -> usize {
        match &self.stack {
            None => self.model.num_features(),
            Some(st) => st.features.0,
        }
    }

    /// The number of features with weights of the stacked pass, when there is one.
    pub fn stacked_features(&self) -> Option<usize> {
        self.stack.as_ref().map(|s| s.features.1)
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
    /// The weights looked up: the first pass's, or with the stacked pass the two passes' joined
    /// (the first pass's labels, then the stacked pass's), so that one lookup of a feature gives
    /// both passes' weights.
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
    /// One token's scores under `model`.
    row: Vec<f32>,
}

impl<'m, 'a, 't, 'p> Scorer<'m, 'a, 't, 'p> {
    /// A scorer of the first pass of `m`, and of its stacked pass when it has one.
    fn new(m: &'m ClaimsModel, a: &'a Analysis<'t, 'p>, cues: &'a Cues) -> Self {
        let model = m.stack.as_ref().map_or(&m.model, |s| &s.joined);
        Scorer {
            model,
            a,
            cues,
            ctx: features::Context::new(a, cues),
            feats: SentenceFeatures::default(),
            words: WordTypes::new(&[model], &features::NEIGHBOURS, |slot, f| {
                features::word_features(None, slot, f)
            })
            .sized_to(a.text.len()),
            ids: Vec::new(),
            row: vec![0.0; model.n_labels],
        }
    }

    /// Appends `LABELS.len()` scores per token of `r` (tokens of one paragraph) to `em`: the
    /// cached scores of the words around each token, then its context features; and the stacked
    /// pass's scores of the same features to `em2` when given (the scorer must have been made
    /// with the stacked pass).
    fn scores(&mut self, r: Range<usize>, em: &mut Vec<f32>, mut em2: Option<&mut Vec<f32>>) {
        let a = self.a;
        let n = LABELS.len();
        debug_assert!(
            em2.is_none() || self.model.n_labels == 2 * n,
            "no stacked pass"
        );
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
                    &[self.model],
                );
                self.ids.push(id);
            }
            features::extract_context(a, self.cues, &self.ctx, part.clone(), &mut self.feats);
            let base = em.len();
            em.resize(base + part.len() * n, 0.0);
            let base2 = em2.as_ref().map_or(0, |em2| em2.len());
            if let Some(em2) = em2.as_deref_mut() {
                em2.resize(base2 + part.len() * n, 0.0);
            }
            let ids = &self.ids;
            for (k, i) in part.clone().enumerate() {
                let sr = a.sentence(a.sentence_of(i));
                let id = |j: isize| {
                    (j >= sr.start as isize && j < sr.end as isize).then(|| ids[j as usize - lo])
                };
                let e = &mut self.row;
                self.words.word_scores(0, i, id, e);
                self.model.add_scores(self.feats.token(k), e);
                if k + 1 < part.len() {
                    self.model.prefetch(self.feats.token(k + 1));
                }
                em[base + k * n..base + (k + 1) * n].copy_from_slice(&e[..n]);
                if let Some(em2) = em2.as_deref_mut() {
                    em2[base2 + k * n..base2 + (k + 1) * n].copy_from_slice(&e[n..]);
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
    let mut out = Vec::new();
    push_spans(labels, base, prob, &mut out);
    out
}

/// [`spans_of`] appended to `out`: a document's spans go straight into its list, rather than
/// through a list per paragraph that is copied there (a long paragraph's would be as large).
fn push_spans<L: Copy + Into<usize>>(
    labels: &[L],
    base: usize,
    prob: impl Fn(usize, usize) -> f32,
    out: &mut Vec<Span>,
) {
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
            close(&mut open, k, out);
            if let Some(p) = part {
                open = Some((p, k, 0.0));
            }
        }
        if let Some((_, _, sum)) = &mut open {
            *sum += prob(k, l);
        }
    }
    close(&mut open, labels.len(), out);
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

    fn tiny(feature: u64) -> LinearModel {
        LinearModel::from_dense(
            &[feature],
            &[0.0, 1.0, 0.0, 0.0, 0.0, 0.0, -1.0],
            vec![0.0; 56],
            7,
        )
    }

    #[test]
    fn stacked_pass_round_trip_and_one_pass_files_still_load() {
        let mut cm = ClaimsModel::new(tiny(5), 0.42, 3.0);
        cm.open_cues = OpenCues::NamedSources;
        cm.set_stack(tiny(6), 20.0);
        let back = ClaimsModel::from_bytes(&{
            let dir = std::env::temp_dir().join(format!("whosaid-stack-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join("m.bin");
            cm.save(&path).unwrap();
            let bytes = std::fs::read(&path).unwrap();
            std::fs::remove_dir_all(&dir).unwrap();
            bytes
        })
        .unwrap();
        assert_eq!(back.temperature, 3.0);
        assert_eq!(back.open_cues, OpenCues::NamedSources);
        let st = back.stack.as_ref().expect("the stacked pass");
        assert_eq!(st.temperature, 20.0);
        assert_eq!(st.second_pass().weight(6, 1), 1.0);
        assert_eq!(st.second_pass().weight(5, 6), 0.0);
        assert_eq!(back.clone().without_stack().model.weight(5, 6), -1.0);
        assert_eq!(back.num_features(), 1);
        assert_eq!(back.stacked_features(), Some(1));
        // A file of version 1: the header, threshold, temperature and one pass's weights.
        let mut v1 = Vec::new();
        codec::write_header(&mut v1, MAGIC, 1);
        v1.extend_from_slice(&0.5f32.to_le_bytes());
        v1.extend_from_slice(&2.0f32.to_le_bytes());
        tiny(5).encode(&mut v1);
        let one = ClaimsModel::from_bytes(&v1).unwrap();
        assert!(
            one.stack.is_none()
                && one.stacked_features().is_none()
                && one.open_cues == OpenCues::Off
        );
        assert_eq!(one.model.weight(5, 6), -1.0);
        // Version 1 has no stacked-pass count: a trailing byte is an error, as is an unknown
        // version.
        v1.push(0);
        assert!(ClaimsModel::from_bytes(&v1).is_err());
        let mut v3 = Vec::new();
        codec::write_header(&mut v3, MAGIC, 3);
        assert!(ClaimsModel::from_bytes(&v3).is_err());
    }
}
