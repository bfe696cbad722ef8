//! Training the attribution tagger: structured averaged perceptron over the paragraphs of
//! annotated documents (gold JSONL with content, source and cue of each attribution), the epoch
//! chosen on held-out documents of the training file (every `heldout_every`-th document), with a
//! checkpoint after every epoch from which training resumes.
//!
//! Gold labels: the contents first, longest first, each on tokens not yet labelled (a claim
//! reported inside another claim is part of the outer one, as in the linker); then sources and
//! cues on the tokens left. The gold cue is given as text: its occurrence nearest the source (or
//! else the content), outside the content, is taken.
//!
//! With `stack_folds`, a second, stacked pass is trained after the first on the first pass's
//! output, which on the training documents comes from first passes trained on the other folds.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Deserialize;

use super::{ClaimsModel, LABELS, Part, constraints, features, stack};
use crate::analysis::Analysis;
use crate::error::{Error, Result};
use crate::io::documents::{InputError, decode_lossy};
use crate::pipeline::Pipeline;
use crate::tagging::codec::{DecodeError, ModelError, Reader, save_atomically};
use crate::tagging::hash::{finish, mix};
use crate::tagging::linear::{self, LinearModel, Rng, SentenceFeatures};

/// One attribution piece of the gold data (code-point offsets, end exclusive).
#[derive(Debug, Clone, Deserialize)]
pub struct GoldPiece {
    /// Where the content starts.
    pub start: usize,
    /// Where the content ends.
    pub end: usize,
    /// Where the source mention starts, when one is annotated.
    #[serde(default)]
    pub speaker_start: Option<usize>,
    /// Where the source mention ends, when one is annotated.
    #[serde(default)]
    pub speaker_end: Option<usize>,
    /// The cue's words, when one is annotated.
    #[serde(default)]
    pub cue: Option<String>,
}

/// A gold document.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldDoc {
    /// The document's id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Its attribution pieces.
    pub quotes: Vec<GoldPiece>,
}

/// Reads a gold JSONL file; lines that cannot be read are returned, not used.
pub fn read_gold(path: &Path) -> Result<(Vec<GoldDoc>, Vec<InputError>)> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| InputError {
        source_name: name.clone(),
        line: None,
        message: e.to_string(),
    })?;
    let (content, _) = decode_lossy(bytes);
    let mut docs = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<GoldDoc>(line) {
            Ok(d) => docs.push(d),
            Err(e) => bad.push(InputError {
                source_name: name.clone(),
                line: Some(i + 1),
                message: e.to_string(),
            }),
        }
    }
    Ok((docs, bad))
}

/// How to train.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Most epochs.
    pub epochs: usize,
    /// Stop after this many epochs without a better held-out score.
    pub patience: usize,
    /// Seed of the order in which each epoch visits the paragraphs.
    pub seed: u64,
    /// Every n-th document is held out to choose the epoch.
    pub heldout_every: usize,
    /// Features seen fewer times are dropped.
    pub min_count: u32,
    /// The span score below which the linker leaves the model's own claims out.
    pub threshold: f32,
    /// Where the checkpoint is written after every epoch.
    pub checkpoint: Option<PathBuf>,
    /// Go on from the checkpoint when there is one.
    pub resume: bool,
    /// With at least 2, a second, stacked pass is trained on the first pass's predictions
    /// (`stack`), which on the training documents come from this many folds: each fold's
    /// documents are tagged by a first pass trained on the others. 0: one pass.
    pub stack_folds: usize,
    /// With a stacked pass: a model file whose first pass is kept as it is (its weights, read for
    /// the features of this training data, give the first pass's output on the held-out
    /// documents) instead of training one.
    pub first_pass: Option<PathBuf>,
    /// Whether the linker takes the model's cues outside the lexicon ([`ClaimsModel::open_cues`]).
    pub open_cues: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 15,
            patience: 3,
            seed: 1,
            heldout_every: 10,
            min_count: 2,
            threshold: 0.5,
            checkpoint: None,
            resume: false,
            stack_folds: 0,
            first_pass: None,
            open_cues: false,
        }
    }
}

/// Progress of training, for reports.
#[derive(Debug, Clone)]
pub enum Progress {
    /// The data is ready.
    Prepared {
        /// Training documents.
        train_docs: usize,
        /// Held-out documents.
        heldout_docs: usize,
        /// Training paragraphs (the sequences).
        paragraphs: usize,
        /// Training tokens.
        tokens: usize,
        /// Features kept.
        features: usize,
        /// Time taken to analyse the documents.
        seconds: f64,
    },
    /// A model other than the first pass is being trained: a fold's first pass (`Some(k)`, from
    /// 0) or the stacked pass (`None`).
    Stage {
        /// The fold.
        fold: Option<usize>,
        /// Its training paragraphs.
        paragraphs: usize,
        /// Its features.
        features: usize,
    },
    /// Training goes on from a checkpoint after this epoch.
    Resumed {
        /// Epochs already done.
        epoch: usize,
    },
    /// An epoch ended.
    Epoch {
        /// The epoch, from 1.
        epoch: usize,
        /// Content-span F1 (overlap > 0.3) on the held-out documents.
        heldout_f1: f64,
        /// Training paragraphs decoded wrongly.
        mistakes: usize,
        /// Time the epoch took.
        seconds: f64,
    },
}

/// A paragraph as dense feature ids and gold labels.
struct Para {
    feats: Vec<u32>,
    starts: Vec<u32>,
    gold: Vec<u16>,
    /// The document it comes from (its index among the training documents).
    doc: usize,
    /// What the stacked features read of it.
    layout: stack::Layout,
}

impl Para {
    fn token(&self, i: usize) -> &[u32] {
        &self.feats[self.starts[i] as usize..self.starts[i + 1] as usize]
    }
}

/// Code-point offset → byte offset.
fn byte_offsets(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

/// Tokens whose start lies in the byte span.
fn tokens_in(a: &Analysis, b: Range<usize>) -> Range<usize> {
    let s = a
        .seg
        .tokens
        .partition_point(|t| (t.start as usize) < b.start);
    let e = a.seg.tokens.partition_point(|t| (t.start as usize) < b.end);
    s..e.max(s)
}

/// Gold labels of every token of a document.
pub(super) fn gold_labels(a: &Analysis, doc: &GoldDoc) -> Vec<u16> {
    let off = byte_offsets(&doc.text);
    let b = |c: usize| off[c.min(off.len() - 1)];
    let mut labels = vec![0u16; a.len()];
    let mut contents: Vec<Range<usize>> = doc
        .quotes
        .iter()
        .map(|q| tokens_in(a, b(q.start)..b(q.end)))
        .filter(|r| !r.is_empty())
        .collect();
    contents.sort_by_key(|r| std::cmp::Reverse(r.len()));
    for r in &contents {
        if labels[r.start] != 0 {
            continue;
        }
        let mut first = true;
        for i in r.clone() {
            if labels[i] == 0 {
                labels[i] = if first { 1 } else { 2 };
                first = false;
            }
        }
    }
    let mark = |r: Range<usize>, part: Part, labels: &mut Vec<u16>| {
        if r.is_empty() || r.clone().any(|i| labels[i] != 0) {
            return;
        }
        let begin = part.begin() as u16;
        for i in r.clone() {
            labels[i] = if i == r.start { begin } else { begin + 1 };
        }
    };
    for q in &doc.quotes {
        let content = b(q.start)..b(q.end);
        let mut anchor = content.clone();
        if let (Some(s), Some(e)) = (q.speaker_start, q.speaker_end) {
            let r = tokens_in(a, b(s)..b(e));
            mark(r, Part::Source, &mut labels);
            anchor = b(s)..b(e);
        }
        if let Some(cue) = q.cue.as_deref().filter(|c| !c.trim().is_empty()) {
            let best = doc
                .text
                .match_indices(cue)
                .map(|(s, _)| s..s + cue.len())
                .filter(|c| c.end <= content.start || c.start >= content.end)
                .map(|c| {
                    let d = if c.end <= anchor.start {
                        anchor.start - c.end
                    } else {
                        c.start.saturating_sub(anchor.end)
                    };
                    (d, c)
                })
                .filter(|(d, _)| *d < 400)
                .min_by_key(|(d, c)| (*d, c.start));
            if let Some((_, c)) = best {
                mark(tokens_in(a, c), Part::Cue, &mut labels);
            }
        }
    }
    labels
}

/// A paragraph's hashed features, gold labels and layout.
type HashedPara = (SentenceFeatures, Vec<u16>, stack::Layout);

/// Hashed features, gold labels and layout of every paragraph of a document.
fn doc_paragraphs(pipeline: &Pipeline, doc: &GoldDoc) -> Result<Vec<HashedPara>> {
    let a = pipeline.analyse(&doc.text)?;
    let cues = crate::cues::find(&a);
    let labels = gold_labels(&a, doc);
    let ctx = features::Context::new(&a, &cues);
    let mut out = Vec::new();
    for r in features::paragraphs(&a) {
        let mut f = SentenceFeatures::default();
        features::extract(&a, &cues, &ctx, r.clone(), &mut f);
        out.push((f, labels[r.clone()].to_vec(), ctx.layout(&a, r)));
    }
    Ok(out)
}

/// Content spans (token positions) of a label sequence.
pub(super) fn content_spans(labels: impl Iterator<Item = usize>) -> Vec<Range<usize>> {
    let labels: Vec<usize> = labels.collect();
    super::spans_of(&labels, 0, |_, _| 0.0)
        .into_iter()
        .filter(|s| s.part == Part::Content)
        .map(|s| s.tokens)
        .collect()
}

/// Found, predicted and gold counts of content spans at overlap > 0.3 of the gold span.
pub(super) fn overlap_counts(
    gold: &[Range<usize>],
    pred: &[Range<usize>],
) -> (usize, usize, usize) {
    let mut used = vec![false; pred.len()];
    let mut found = 0;
    for g in gold {
        let best = pred
            .iter()
            .enumerate()
            .filter(|(k, _)| !used[*k])
            .map(|(k, p)| (k, p.end.min(g.end).saturating_sub(p.start.max(g.start))))
            .filter(|&(_, o)| o * 10 > g.len() * 3)
            .max_by_key(|&(_, o)| o);
        if let Some((k, _)) = best {
            used[k] = true;
            found += 1;
        }
    }
    (found, pred.len(), gold.len())
}

/// Dense weights and the perceptron's accumulators: everything a checkpoint holds.
struct State {
    n_feats: usize,
    fingerprint: u64,
    /// Epochs done.
    epoch: usize,
    w: Vec<f32>,
    acc: Vec<f64>,
    trans: Vec<f32>,
    trans_acc: Vec<f64>,
    c: f64,
    /// Best held-out F1 so far and its epoch, with its averaged weights.
    best_f1: f64,
    best_epoch: usize,
    best_w: Vec<f32>,
    best_trans: Vec<f32>,
}

/// Temperatures tried for the posteriors.
const TEMPERATURES: [f32; 12] = [
    1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0,
];

const CKPT_MAGIC: &[u8; 16] = b"whosaid-clm-ckpt";
const CKPT_VERSION: u32 = 1;
const N: usize = LABELS.len();

impl State {
    fn new(n_feats: usize, fingerprint: u64) -> Self {
        State {
            n_feats,
            fingerprint,
            epoch: 0,
            w: vec![0.0; n_feats * N],
            acc: vec![0.0; n_feats * N],
            trans: vec![0.0; (N + 1) * N],
            trans_acc: vec![0.0; (N + 1) * N],
            c: 1.0,
            best_f1: -1.0,
            best_epoch: 0,
            best_w: Vec::new(),
            best_trans: Vec::new(),
        }
    }

    fn emissions(w: &[f32], p: &Para) -> Vec<f32> {
        let mut em = vec![0f32; p.gold.len() * N];
        for i in 0..p.gold.len() {
            let e = &mut em[i * N..(i + 1) * N];
            for &f in p.token(i) {
                let row = &w[f as usize * N..][..N];
                for l in 0..N {
                    e[l] += row[l];
                }
            }
        }
        em
    }

    fn update(&mut self, p: &Para, pred: &[usize]) {
        let c = self.c;
        for i in 0..p.gold.len() {
            let (g, q) = (p.gold[i] as usize, pred[i]);
            if g != q {
                for &f in p.token(i) {
                    let base = f as usize * N;
                    self.w[base + g] += 1.0;
                    self.acc[base + g] += c;
                    self.w[base + q] -= 1.0;
                    self.acc[base + q] -= c;
                }
            }
            let gp = if i == 0 { N } else { p.gold[i - 1] as usize };
            let pp = if i == 0 { N } else { pred[i - 1] };
            if (gp, g) != (pp, q) {
                self.trans[gp * N + g] += 1.0;
                self.trans_acc[gp * N + g] += c;
                self.trans[pp * N + q] -= 1.0;
                self.trans_acc[pp * N + q] -= c;
            }
        }
    }

    fn averaged(&self) -> (Vec<f32>, Vec<f32>) {
        let avg = |w: &[f32], a: &[f64]| -> Vec<f32> {
            w.iter()
                .zip(a)
                .map(|(&w, &a)| (w as f64 - a / self.c) as f32)
                .collect()
        };
        (avg(&self.w, &self.acc), avg(&self.trans, &self.trans_acc))
    }

    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + self.n_feats * N * 20);
        crate::tagging::codec::write_header(&mut out, CKPT_MAGIC, CKPT_VERSION);
        for x in [
            self.n_feats as u64,
            self.fingerprint,
            self.epoch as u64,
            self.best_epoch as u64,
        ] {
            out.extend_from_slice(&x.to_le_bytes());
        }
        out.extend_from_slice(&self.c.to_le_bytes());
        out.extend_from_slice(&self.best_f1.to_le_bytes());
        let f32s = |v: &[f32], out: &mut Vec<u8>| {
            out.extend_from_slice(&(v.len() as u64).to_le_bytes());
            v.iter()
                .for_each(|x| out.extend_from_slice(&x.to_le_bytes()));
        };
        let f64s = |v: &[f64], out: &mut Vec<u8>| {
            out.extend_from_slice(&(v.len() as u64).to_le_bytes());
            v.iter()
                .for_each(|x| out.extend_from_slice(&x.to_le_bytes()));
        };
        f32s(&self.w, &mut out);
        f64s(&self.acc, &mut out);
        f32s(&self.trans, &mut out);
        f64s(&self.trans_acc, &mut out);
        f32s(&self.best_w, &mut out);
        f32s(&self.best_trans, &mut out);
        out
    }

    fn decode(bytes: &[u8]) -> std::result::Result<Self, DecodeError> {
        let mut r = Reader::new(bytes);
        r.header(CKPT_MAGIC, CKPT_VERSION)?;
        let n_feats = r.u64()? as usize;
        let fingerprint = r.u64()?;
        let epoch = r.u64()? as usize;
        let best_epoch = r.u64()? as usize;
        let c = f64::from_le_bytes(r.take(8)?.try_into().unwrap());
        let best_f1 = f64::from_le_bytes(r.take(8)?.try_into().unwrap());
        let f32s = |r: &mut Reader| -> std::result::Result<Vec<f32>, DecodeError> {
            let n = r.u64()? as usize;
            let b = r.take(n.checked_mul(4).ok_or(DecodeError::Truncated)?)?;
            Ok(b.chunks_exact(4)
                .map(|x| f32::from_le_bytes(x.try_into().unwrap()))
                .collect())
        };
        let f64s = |r: &mut Reader| -> std::result::Result<Vec<f64>, DecodeError> {
            let n = r.u64()? as usize;
            let b = r.take(n.checked_mul(8).ok_or(DecodeError::Truncated)?)?;
            Ok(b.chunks_exact(8)
                .map(|x| f64::from_le_bytes(x.try_into().unwrap()))
                .collect())
        };
        let s = State {
            n_feats,
            fingerprint,
            epoch,
            w: f32s(&mut r)?,
            acc: f64s(&mut r)?,
            trans: f32s(&mut r)?,
            trans_acc: f64s(&mut r)?,
            c,
            best_f1,
            best_epoch,
            best_w: f32s(&mut r)?,
            best_trans: f32s(&mut r)?,
        };
        if s.w.len() != n_feats * N || s.acc.len() != s.w.len() || s.trans.len() != (N + 1) * N {
            return Err(DecodeError::Invalid("inconsistent sizes".into()));
        }
        Ok(s)
    }
}

/// Content-span F1 (overlap > 0.3) of weights `w` and transitions `t` on paragraphs `held`.
fn heldout_f1(held: &[Para], w: &[f32], t: &[f32]) -> f64 {
    let c = constraints();
    let (mut found, mut pred, mut gold) = (0, 0, 0);
    for p in held {
        let labels = linear::viterbi(&State::emissions(w, p), t, &c);
        let g = content_spans(p.gold.iter().map(|&l| l as usize));
        let q = content_spans(labels.into_iter());
        let (f, np, ng) = overlap_counts(&g, &q);
        found += f;
        pred += np;
        gold += ng;
    }
    f1_percent(found, pred, gold)
}

/// F1 in per cent of `found` right spans among `pred` predicted and `gold` gold ones.
pub(super) fn f1_percent(found: usize, pred: usize, gold: usize) -> f64 {
    let p = found as f64 / pred.max(1) as f64;
    let r = found as f64 / gold.max(1) as f64;
    if p + r > 0.0 {
        200.0 * p * r / (p + r)
    } else {
        0.0
    }
}

/// Trains `state` on `train` for up to `opts.epochs` epochs, keeping the averaged weights of the
/// epoch with the best content F1 on `held` and stopping after `opts.patience` epochs without a
/// better one; the state is written to `checkpoint` after every epoch.
fn fit(
    train: &[&Para],
    held: &[Para],
    state: &mut State,
    opts: &TrainOptions,
    checkpoint: Option<&Path>,
    report: &mut dyn FnMut(&Progress),
) -> Result<()> {
    let c = constraints();
    while state.epoch < opts.epochs && state.epoch < state.best_epoch + opts.patience.max(1)
        || state.best_w.is_empty()
    {
        let t0 = Instant::now();
        let epoch = state.epoch + 1;
        let mut order: Vec<usize> = (0..train.len()).collect();
        Rng::new(opts.seed.wrapping_add(epoch as u64)).shuffle(&mut order);
        let mut mistakes = 0;
        for &k in &order {
            let p = train[k];
            let pred = linear::viterbi(&State::emissions(&state.w, p), &state.trans, &c);
            if pred.iter().zip(&p.gold).any(|(&a, &g)| a != g as usize) {
                mistakes += 1;
                state.update(p, &pred);
            }
            state.c += 1.0;
        }
        let (w, t) = state.averaged();
        let f1 = heldout_f1(held, &w, &t);
        state.epoch = epoch;
        if f1 > state.best_f1 {
            state.best_f1 = f1;
            state.best_epoch = epoch;
            state.best_w = w;
            state.best_trans = t;
        }
        if let Some(path) = checkpoint {
            save_atomically(path, &state.encode())?;
        }
        report(&Progress::Epoch {
            epoch,
            heldout_f1: f1,
            mistakes,
            seconds: t0.elapsed().as_secs_f64(),
        });
    }
    Ok(())
}

/// The temperature that gives the gold labels of `held` the highest likelihood under weights `w`
/// and transitions `t`.
fn fit_temperature(held: &[Para], w: &[f32], t: &[f32]) -> f32 {
    let c = constraints();
    let ll = |temp: f32| -> f64 {
        held.iter()
            .map(|p| {
                let m = super::posteriors(State::emissions(w, p), t, &c, temp);
                p.gold
                    .iter()
                    .enumerate()
                    .map(|(i, &g)| (m[i * N + g as usize] as f64).max(1e-9).ln())
                    .sum::<f64>()
            })
            .sum()
    };
    TEMPERATURES
        .iter()
        .copied()
        .max_by(|&a, &b| ll(a).total_cmp(&ll(b)))
        .unwrap()
}

/// The first pass's labels and posteriors of a paragraph, as the stacked features read them.
fn first_pass(w: &[f32], t: &[f32], temperature: f32, p: &Para) -> (Vec<u8>, Vec<f32>) {
    let c = constraints();
    let em = State::emissions(w, p);
    let labels = linear::viterbi_bytes(&em, t, &c);
    (labels, super::posteriors(em, t, &c, temperature))
}

/// Trains the tagger on gold documents, analysed by `pipeline` (its parts of speech, entities and
/// quotes are the features' inputs, as at run time).
pub fn train(
    pipeline: &Pipeline,
    docs: &[GoldDoc],
    opts: &TrainOptions,
    report: &mut dyn FnMut(&Progress),
) -> Result<ClaimsModel> {
    let start = Instant::now();
    let every = opts.heldout_every.max(2);
    let mut train_f = Vec::new();
    let mut held_f = Vec::new();
    let (mut n_train, mut n_held) = (0, 0);
    for (d, doc) in docs.iter().enumerate() {
        let paras = doc_paragraphs(pipeline, doc)?;
        if d % every == 0 {
            n_held += 1;
            held_f.extend(paras.into_iter().map(|p| (d, p)));
        } else {
            n_train += 1;
            train_f.extend(paras.into_iter().map(|p| (n_train - 1, p)));
        }
    }
    // Dense feature ids for features seen at least `min_count` times in training.
    let (keys, ids) = linear::frequent_features(
        train_f.iter().map(|(_, (f, _, _))| f.feats.as_slice()),
        opts.min_count,
        0,
    );
    let fingerprint = keys.iter().fold(keys.len() as u64, |h, &k| mix(h, k));
    let dense = |(doc, (f, gold, layout)): (usize, HashedPara)| {
        let mut feats = Vec::with_capacity(f.feats.len());
        let mut starts = Vec::with_capacity(gold.len() + 1);
        for i in 0..f.len() {
            starts.push(feats.len() as u32);
            feats.extend(f.token(i).iter().filter_map(|h| ids.get(h).copied()));
        }
        starts.push(feats.len() as u32);
        Para {
            feats,
            starts,
            gold,
            doc,
            layout,
        }
    };
    let tokens: usize = train_f.iter().map(|(_, (_, g, _))| g.len()).sum();
    let train: Vec<Para> = train_f.into_iter().map(dense).collect();
    let held: Vec<Para> = held_f.into_iter().map(dense).collect();
    drop(ids);
    report(&Progress::Prepared {
        train_docs: n_train,
        heldout_docs: n_held,
        paragraphs: train.len(),
        tokens,
        features: keys.len(),
        seconds: start.elapsed().as_secs_f64(),
    });

    let kept = match &opts.first_pass {
        Some(p) if opts.stack_folds >= 2 => Some(ClaimsModel::load(p)?),
        _ => None,
    };
    let mut state = match (&opts.checkpoint, opts.resume) {
        _ if kept.is_some() => State::new(keys.len(), finish(fingerprint)),
        (Some(p), true) if p.exists() => {
            let s = load_checkpoint(p)?;
            if s.n_feats != keys.len() || s.fingerprint != finish(fingerprint) {
                return Err(ModelError::Format {
                    path: p.display().to_string(),
                    kind: "attribution checkpoint",
                    reason: DecodeError::Invalid(
                        "it was made from other training data or options".into(),
                    ),
                }
                .into());
            }
            report(&Progress::Resumed { epoch: s.epoch });
            s
        }
        _ => State::new(keys.len(), finish(fingerprint)),
    };
    let (mut model, temperature) = if let Some(m) = kept {
        let mut m = m.without_stack();
        state.best_w = (0..keys.len() * N)
            .map(|j| m.model.weight(keys[j / N], j % N))
            .collect();
        state.best_trans = m.model.trans.clone();
        m.threshold = opts.threshold;
        let t = m.temperature;
        (m, t)
    } else {
        let all: Vec<&Para> = train.iter().collect();
        fit(
            &all,
            &held,
            &mut state,
            opts,
            opts.checkpoint.as_deref(),
            report,
        )?;
        let temperature = fit_temperature(&held, &state.best_w, &state.best_trans);
        let first = LinearModel::from_dense(&keys, &state.best_w, state.best_trans.clone(), N);
        (
            ClaimsModel::new(first, opts.threshold, temperature),
            temperature,
        )
    };
    if opts.open_cues {
        model.open_cues = super::OpenCues::NamedSources;
    }
    if opts.stack_folds < 2 {
        return Ok(model);
    }

    // The stacked pass. The first pass's output on each fold of the training documents comes
    // from a first pass trained on the other folds; on the held-out documents, from the first
    // pass of all the training documents, as at run time.
    let k = opts.stack_folds;
    let mut first: Vec<Option<(Vec<u8>, Vec<f32>)>> = vec![None; train.len()];
    for fold in 0..k {
        let part: Vec<&Para> = train.iter().filter(|p| p.doc % k != fold).collect();
        report(&Progress::Stage {
            fold: Some(fold),
            paragraphs: part.len(),
            features: keys.len(),
        });
        let mut s = State::new(keys.len(), 0);
        fit(&part, &held, &mut s, opts, None, report)?;
        for (j, p) in train.iter().enumerate().filter(|(_, p)| p.doc % k == fold) {
            first[j] = Some(first_pass(&s.best_w, &s.best_trans, temperature, p));
        }
    }
    // The stacked features of paragraphs `paras`, of whose first pass `first` gives the output;
    // each reads the summary of the paragraph before it in its document.
    let stacked = |paras: &[Para], first: &[(Vec<u8>, Vec<f32>)]| -> Vec<SentenceFeatures> {
        let mut prev = (usize::MAX, 0);
        paras
            .iter()
            .zip(first)
            .map(|(p, (labels, marg))| {
                let before = if prev.0 == p.doc { prev.1 } else { 0 };
                let mut f = SentenceFeatures::default();
                stack::features(&p.layout, labels, marg, before, &mut f);
                prev = (p.doc, stack::summary(&p.layout, labels));
                f
            })
            .collect()
    };
    let first: Vec<(Vec<u8>, Vec<f32>)> = first
        .into_iter()
        .map(|o| o.expect("every fold tagged"))
        .collect();
    let train_s = stacked(&train, &first);
    drop(first);
    let held_first: Vec<(Vec<u8>, Vec<f32>)> = held
        .iter()
        .map(|p| first_pass(&state.best_w, &state.best_trans, temperature, p))
        .collect();
    let held_s = stacked(&held, &held_first);
    drop(held_first);
    let (keys2, ids2) = linear::frequent_features(
        train_s.iter().map(|f| f.feats.as_slice()),
        opts.min_count,
        keys.len(),
    );
    let join = |p: &Para, s: &SentenceFeatures| {
        let mut feats = Vec::with_capacity(p.feats.len() + s.feats.len());
        let mut starts = Vec::with_capacity(p.gold.len() + 1);
        for i in 0..p.gold.len() {
            starts.push(feats.len() as u32);
            feats.extend_from_slice(p.token(i));
            feats.extend(s.token(i).iter().filter_map(|h| ids2.get(h).copied()));
        }
        starts.push(feats.len() as u32);
        Para {
            feats,
            starts,
            gold: p.gold.clone(),
            doc: p.doc,
            layout: stack::Layout::default(),
        }
    };
    let train2: Vec<Para> = train
        .iter()
        .zip(&train_s)
        .map(|(p, s)| join(p, s))
        .collect();
    let held2: Vec<Para> = held.iter().zip(&held_s).map(|(p, s)| join(p, s)).collect();
    drop((train, train_s, held_s));
    let n2 = keys.len() + keys2.len();
    report(&Progress::Stage {
        fold: None,
        paragraphs: train2.len(),
        features: n2,
    });
    let mut s2 = State::new(n2, 0);
    let all2: Vec<&Para> = train2.iter().collect();
    fit(&all2, &held2, &mut s2, opts, None, report)?;
    let temperature2 = fit_temperature(&held2, &s2.best_w, &s2.best_trans);
    let all_keys: Vec<u64> = keys.iter().chain(&keys2).copied().collect();
    let second = LinearModel::from_dense(&all_keys, &s2.best_w, s2.best_trans.clone(), N);
    model.set_stack(second, temperature2);
    Ok(model)
}

fn load_checkpoint(path: &Path) -> Result<State> {
    let bytes = std::fs::read(path).map_err(|source| ModelError::Io {
        path: path.display().to_string(),
        source,
    })?;
    State::decode(&bytes).map_err(|reason| {
        Error::from(ModelError::Format {
            path: path.display().to_string(),
            kind: "attribution checkpoint",
            reason,
        })
    })
}

/// The epoch chosen by the last training run of a checkpoint, and its held-out F1.
pub fn checkpoint_best(path: &Path) -> Result<(usize, usize, f64)> {
    let s = load_checkpoint(path)?;
    Ok((s.epoch, s.best_epoch, s.best_f1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_matching_counts_each_prediction_once() {
        let gold = vec![0..10, 20..30];
        let pred = vec![2..9, 40..50];
        assert_eq!(overlap_counts(&gold, &pred), (1, 2, 2));
        // A prediction covering too little of the gold span does not find it.
        let (gold, pred): (Range<usize>, Range<usize>) = (0..10, 0..2);
        assert_eq!(
            overlap_counts(std::slice::from_ref(&gold), std::slice::from_ref(&pred)),
            (0, 1, 1)
        );
    }

    #[test]
    fn checkpoint_round_trip() {
        let mut s = State::new(3, 99);
        s.epoch = 2;
        s.w[4] = 1.5;
        s.acc[5] = -2.0;
        s.best_w = vec![0.25; 21];
        s.best_trans = vec![0.5; 56];
        s.best_epoch = 2;
        s.best_f1 = 61.0;
        let back = State::decode(&s.encode()).unwrap();
        assert_eq!(back.epoch, 2);
        assert_eq!(back.w[4], 1.5);
        assert_eq!(back.acc[5], -2.0);
        assert_eq!(back.best_w, s.best_w);
        assert_eq!(back.fingerprint, 99);
        assert!(State::decode(&s.encode()[..40]).is_err());
    }
}
