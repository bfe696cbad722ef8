//! Fine-tuning the transformer attribution tagger (see `transformer`) on gold attributions, with
//! candle.
//!
//! The base is a BERT token classifier folder, normally the shipped NER transformer (MiniLM with
//! four casing token types): its encoder is kept, its token type embedding widened to the sixteen
//! casing × quoted × cue types (each new row starting from its casing row), and a fresh seven-label
//! classifier added. The gold labels are the linear model's (`training::gold_labels`), and every
//! `heldout_every`-th document is held out, as there, to choose the epoch.
//!
//! Training saves its state into a checkpoint folder after every epoch and every
//! `checkpoint_seconds` within one: the weights (a loadable model folder, single precision), and
//! `state.json` with the epoch, the next batch and the step. The order of each epoch's batches
//! depends on the seed and the epoch only, so a run resumed from the checkpoint goes on with the
//! batch after the last one saved. AdamW's moments are not saved: after a resume the learning
//! rate warms up again over a few steps while they refill. Each finished epoch is exported in half
//! precision (`epochN/` in the checkpoint folder) and scored on the held-out documents; the best
//! becomes the output folder.

use std::path::{Path, PathBuf};
use std::time::Instant;

use candle_core::{DType, Device};
use candle_nn::{AdamW, Optimizer, ParamsAdamW, VarBuilder, VarMap};
use serde::{Deserialize, Serialize};

use super::training::{GoldDoc, content_spans, gold_labels, overlap_counts};
use super::transformer::{
    ClaimsTransformer, NUM_TYPES, TOKEN_TYPES, TYPES_NOTE, base_type_row, paragraph_pieces,
};
use super::{ClaimsModel, LABELS, Part, features};
use crate::error::{Error, Result};
use crate::ner::transformer::bert::{BertConfig, BertForTokenClassification};
use crate::ner::transformer::training::{
    Encoded, SentencePieces, batches, epoch_sequences, init_from_base_with, loss, make_batch,
    save_checkpoint, token_classifier_config,
};
use crate::ner::transformer::{Specials, TransformerError, load_tokenizer, specials};
use crate::pipeline::Pipeline;
use crate::tagging::linear::Rng;

/// How to fine-tune.
#[derive(Debug, Clone)]
pub struct FineTuneOptions {
    /// Epochs to train.
    pub epochs: usize,
    /// Peak learning rate (AdamW), reached after the warm-up and then decaying linearly to 0.
    pub learning_rate: f64,
    /// Sequences per batch.
    pub batch_size: usize,
    /// Share of the steps spent warming the learning rate up.
    pub warmup: f64,
    /// AdamW weight decay.
    pub weight_decay: f64,
    /// Seed of the batch order and of how paragraphs are grouped into sequences.
    pub seed: u64,
    /// Pieces of neighbouring paragraphs read together: the longest training sequence, and the
    /// budget the model is later run with.
    pub context_pieces: usize,
    /// Every n-th document is held out to choose the epoch.
    pub heldout_every: usize,
    /// Train only on sequences that hold a gold span, a quote mark or quoted words, or a cue of
    /// the lexicon.
    pub only_useful: bool,
    /// The checkpoint folder.
    pub checkpoint: PathBuf,
    /// Go on from the checkpoint when there is one.
    pub resume: bool,
    /// Save the checkpoint within an epoch after this many seconds.
    pub checkpoint_seconds: u64,
    /// Stop after this many batches per epoch (for quick trials and tests).
    pub max_batches: Option<usize>,
    /// The span score below which the linker leaves the model's own claims out (stored in the
    /// model's config).
    pub threshold: f32,
}

impl Default for FineTuneOptions {
    fn default() -> Self {
        FineTuneOptions {
            epochs: 3,
            learning_rate: 1e-4,
            batch_size: 8,
            warmup: 0.06,
            weight_decay: 0.01,
            seed: 1,
            context_pieces: 254,
            heldout_every: 10,
            only_useful: true,
            checkpoint: PathBuf::from("claims-transformer.ckpt"),
            resume: false,
            checkpoint_seconds: 600,
            max_batches: None,
            threshold: 0.5,
        }
    }
}

/// Progress messages.
pub enum Progress<'a> {
    /// The data is ready.
    Prepared {
        /// Training documents.
        train_docs: usize,
        /// Held-out documents.
        heldout_docs: usize,
        /// Training paragraphs, and those with a gold span, a quote or a cue.
        paragraphs: (usize, usize),
        /// Training sequences of the first epoch, and those kept.
        sequences: (usize, usize),
        /// Word pieces of the kept sequences.
        pieces: usize,
        /// Batches per epoch.
        batches: usize,
        /// Seconds taken to analyse the documents.
        seconds: f64,
    },
    /// Training goes on from a checkpoint.
    Resumed {
        /// Epochs done.
        epoch: usize,
        /// The next batch of the epoch under way.
        batch: usize,
    },
    /// A batch done (every 25th of an epoch, and its last).
    Step {
        /// The epoch, from 1.
        epoch: usize,
        /// The batch within the epoch, from 1.
        batch: usize,
        /// Batches per epoch.
        batches: usize,
        /// The mean loss since the last report.
        loss: f32,
        /// Seconds since this run started the epoch (or resumed it).
        elapsed: f64,
        /// Batches this run has done in the epoch.
        done: usize,
    },
    /// The checkpoint was saved within an epoch.
    Saved {
        /// The epoch under way.
        epoch: usize,
        /// Batches done in it.
        batch: usize,
    },
    /// An epoch done, saved and scored on the held-out documents.
    Epoch {
        /// The epoch, from 1.
        epoch: usize,
        /// Content-span F1 (overlap > 0.3) on the held-out documents, in percent.
        heldout_f1: f64,
        /// Seconds this run spent on the epoch's batches.
        train_seconds: f64,
        /// Seconds the scoring took.
        score_seconds: f64,
        /// The epoch's model folder.
        path: &'a Path,
    },
}

/// What the checkpoint folder's `state.json` holds.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct State {
    /// Epochs done.
    pub epoch: usize,
    /// Batches done in the epoch under way.
    pub batch: usize,
    /// Optimiser steps done.
    pub step: usize,
    /// Batches per epoch.
    pub batches: usize,
    /// Held-out F1 of each epoch done.
    pub heldout_f1: Vec<f64>,
    /// The seed the batch order was drawn with.
    pub seed: u64,
}

const STATE: &str = "state.json";

impl State {
    /// Reads a checkpoint folder's state.
    pub fn load(dir: &Path) -> Result<Self> {
        let path = dir.join(STATE);
        let text = std::fs::read_to_string(&path).map_err(|e| TransformerError::Load {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        Ok(
            serde_json::from_str(&text).map_err(|e| TransformerError::Load {
                path: path.display().to_string(),
                message: e.to_string(),
            })?,
        )
    }

    fn save(&self, dir: &Path) -> Result<()> {
        let io = |e: std::io::Error| TransformerError::Load {
            path: dir.join(STATE).display().to_string(),
            message: e.to_string(),
        };
        let tmp = dir.join("state.json.tmp");
        std::fs::write(&tmp, serde_json::to_string_pretty(self).unwrap()).map_err(io)?;
        std::fs::rename(&tmp, dir.join(STATE)).map_err(io)?;
        Ok(())
    }

    /// The best epoch so far (from 1) and its held-out F1.
    pub fn best(&self) -> Option<(usize, f64)> {
        self.heldout_f1
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|(e, &f)| (e + 1, f))
    }
}

/// The config of the attribution tagger fine-tuned from `base`.
pub fn claims_config(base: &BertConfig, context_pieces: usize, threshold: f32) -> BertConfig {
    let labels: Vec<String> = LABELS.iter().map(|l| l.to_string()).collect();
    let mut cfg = token_classifier_config(
        base,
        &labels,
        NUM_TYPES,
        TOKEN_TYPES,
        TYPES_NOTE,
        context_pieces,
    );
    cfg.extra
        .insert("whosaid_threshold".into(), serde_json::json!(threshold));
    cfg
}

/// A document's paragraphs as training pieces: each word's first piece labelled with its gold
/// label; and per paragraph whether it is worth training on (a gold span, a quote, a cue).
fn doc_pieces(
    pipeline: &Pipeline,
    tokenizer: &tokenizers::Tokenizer,
    doc: &GoldDoc,
) -> Result<(Vec<SentencePieces>, Vec<bool>)> {
    let a = pipeline.analyse(&doc.text)?;
    let cues = crate::cues::find(&a);
    let labels = gold_labels(&a, doc);
    let mut out = Vec::new();
    let mut useful = Vec::new();
    for r in features::paragraphs(&a) {
        let p = paragraph_pieces(tokenizer, &a, &cues, r.clone())?;
        let mut l = vec![None; p.ids.len()];
        for (k, first) in p.first.iter().enumerate() {
            if let Some(f) = first {
                l[*f] = Some(labels[r.start + k] as u32);
            }
        }
        useful.push(l.iter().any(|x| x.is_some_and(|x| x != 0)) || p.types.iter().any(|&t| t >= 4));
        out.push(SentencePieces {
            ids: p.ids,
            types: p.types,
            labels: l,
        });
    }
    Ok((out, useful))
}

/// Whether a training sequence is worth a step: a gold span, quoted words or a cue.
fn is_useful(e: &Encoded) -> bool {
    e.targets.iter().any(|&(_, l)| l != 0) || e.types.iter().any(|&t| t >= 4)
}

/// The training sequences of epoch `epoch` (from 1) in batch order: the same for the same seed
/// and epoch, so that a resumed run takes up where the checkpoint left off.
fn epoch_batches(
    docs: &[Vec<SentencePieces>],
    opts: &FineTuneOptions,
    context: usize,
    epoch: usize,
) -> (Vec<Encoded>, Vec<Vec<usize>>, usize) {
    let mut rng = Rng::new(
        opts.seed
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(epoch as u64),
    );
    let all = epoch_sequences(docs, context, context, &mut rng);
    let total = all.len();
    let kept: Vec<Encoded> = all
        .into_iter()
        .filter(|e| !opts.only_useful || is_useful(e))
        .collect();
    let lens: Vec<usize> = kept.iter().map(|e| e.ids.len()).collect();
    let bs = batches(&lens, opts.batch_size.max(1), &mut rng);
    (kept, bs, total)
}

/// What fine-tuning and the export of its batches both start from.
struct Prepared {
    base_cfg: BertConfig,
    /// Word pieces per training sequence.
    context: usize,
    sp: Specials,
    /// The pieces of the training documents' paragraphs.
    train: Vec<Vec<SentencePieces>>,
    /// The training documents' paragraphs, and how many of them are worth training on.
    paragraphs: (usize, usize),
    /// Every `heldout_every`-th document, held out to choose the epoch.
    held: Vec<GoldDoc>,
}

/// Reads the base model's configuration and tokenizer and splits `docs` into training pieces
/// and held-out documents.
fn prepare(
    pipeline: &Pipeline,
    base: &Path,
    docs: &[GoldDoc],
    opts: &FineTuneOptions,
) -> Result<Prepared> {
    let base_cfg = read_base_config(base)?;
    let positions = base_cfg.max_position_embeddings.min(512) - 2;
    let context = opts.context_pieces.clamp(16, positions);
    let tokenizer = load_tokenizer(&base.join("tokenizer.json"))?;
    let sp = specials(&tokenizer, base_cfg.pad_token_id)?;
    let every = opts.heldout_every.max(2);
    let mut train = Vec::new();
    let mut held = Vec::new();
    let (mut n_paras, mut n_useful) = (0, 0);
    for (d, doc) in docs.iter().enumerate() {
        if d % every == 0 {
            held.push(doc.clone());
        } else {
            let (p, useful) = doc_pieces(pipeline, &tokenizer, doc)?;
            n_paras += useful.len();
            n_useful += useful.iter().filter(|&&u| u).count();
            train.push(p);
        }
    }
    Ok(Prepared {
        base_cfg,
        context,
        sp,
        train,
        paragraphs: (n_paras, n_useful),
        held,
    })
}

/// Writes the training sequences of epochs `epochs` (from 1), in each epoch's batch order, as
/// JSON lines, so that the same steps can be run on another machine (a GPU trainer): one line a
/// batch, `{"epoch", "batch", "cls", "sep", "pad", "items": [{"ids", "types", "targets"}]}`, where
/// `targets` are (piece position, label index) pairs of each word's first piece, positions
/// counted without the `[CLS]` piece that precedes every sequence. The held-out documents are
/// left out as in [`fine_tune`]. Returns the number of batches written.
pub fn export_sequences(
    pipeline: &Pipeline,
    base: &Path,
    docs: &[GoldDoc],
    opts: &FineTuneOptions,
    epochs: std::ops::RangeInclusive<usize>,
    out: &mut dyn std::io::Write,
) -> Result<usize> {
    let Prepared {
        context, sp, train, ..
    } = prepare(pipeline, base, docs, opts)?;
    #[derive(Serialize)]
    struct Item<'a> {
        ids: &'a [u32],
        types: &'a [u32],
        targets: &'a [(usize, u32)],
    }
    #[derive(Serialize)]
    struct Line<'a> {
        epoch: usize,
        batch: usize,
        cls: u32,
        sep: u32,
        pad: u32,
        items: Vec<Item<'a>>,
    }
    let mut n = 0;
    for epoch in epochs {
        let (encoded, bs, _) = epoch_batches(&train, opts, context, epoch);
        let per_epoch = bs.len().min(opts.max_batches.unwrap_or(usize::MAX));
        for (k, b) in bs.iter().enumerate().take(per_epoch) {
            let line = Line {
                epoch,
                batch: k + 1,
                cls: sp.cls,
                sep: sp.sep,
                pad: sp.pad,
                items: b
                    .iter()
                    .map(|&i| Item {
                        ids: &encoded[i].ids,
                        types: &encoded[i].types,
                        targets: &encoded[i].targets,
                    })
                    .collect(),
            };
            serde_json::to_writer(&mut *out, &line).map_err(std::io::Error::other)?;
            out.write_all(b"\n")?;
            n += 1;
        }
    }
    Ok(n)
}

/// Content-span F1 (overlap > 0.3, in percent) of a tagger on held-out documents.
pub fn heldout_f1(pipeline: &Pipeline, model: &ClaimsModel, docs: &[GoldDoc]) -> Result<f64> {
    let (mut found, mut pred, mut gold) = (0, 0, 0);
    for doc in docs {
        let a = pipeline.analyse(&doc.text)?;
        let cues = crate::cues::find(&a);
        let labels = gold_labels(&a, doc);
        let tagged = model.tag(&a, &cues)?;
        for r in features::paragraphs(&a) {
            let g = content_spans(labels[r.clone()].iter().map(|&l| l as usize));
            let q: Vec<_> = tagged
                .spans
                .iter()
                .filter(|s| s.part == Part::Content && r.contains(&s.tokens.start))
                .map(|s| s.tokens.start - r.start..s.tokens.end - r.start)
                .collect();
            let (f, np, ng) = overlap_counts(&g, &q);
            found += f;
            pred += np;
            gold += ng;
        }
    }
    Ok(super::training::f1_percent(found, pred, gold))
}

/// A candle result as the transformer's.
fn tc<T>(r: candle_core::Result<T>) -> std::result::Result<T, TransformerError> {
    r.map_err(TransformerError::from)
}

fn read_base_config(base: &Path) -> Result<BertConfig> {
    let path = base.join("config.json");
    let err = |message: String| TransformerError::Load {
        path: path.display().to_string(),
        message,
    };
    let text = std::fs::read_to_string(&path).map_err(|e| err(e.to_string()))?;
    Ok(serde_json::from_str(&text).map_err(|e| err(e.to_string()))?)
}

/// Copies a model folder's files into `out` (created when missing).
fn copy_model(from: &Path, out: &Path) -> Result<()> {
    let io = |e: std::io::Error| TransformerError::Load {
        path: out.display().to_string(),
        message: e.to_string(),
    };
    std::fs::create_dir_all(out).map_err(io)?;
    for entry in std::fs::read_dir(from).map_err(io)? {
        let entry = entry.map_err(io)?;
        if entry.file_type().map_err(io)?.is_file() {
            std::fs::copy(entry.path(), out.join(entry.file_name())).map_err(io)?;
        }
    }
    Ok(())
}

/// Fine-tunes `base` on `docs` (less the held-out ones), analysed by `pipeline`, and leaves the
/// epoch with the best held-out score in `out`. Returns the final state.
pub fn fine_tune(
    pipeline: &Pipeline,
    base: &Path,
    docs: &[GoldDoc],
    out: &Path,
    opts: &FineTuneOptions,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<State> {
    let t0 = Instant::now();
    let device = Device::Cpu;
    let Prepared {
        base_cfg,
        context,
        sp,
        train,
        paragraphs,
        held,
    } = prepare(pipeline, base, docs, opts)?;
    let cfg = claims_config(&base_cfg, context, opts.threshold);
    let (first, first_batches, total_seqs) = epoch_batches(&train, opts, context, 1);
    let per_epoch = first_batches
        .len()
        .min(opts.max_batches.unwrap_or(usize::MAX));
    progress(Progress::Prepared {
        train_docs: train.len(),
        heldout_docs: held.len(),
        paragraphs,
        sequences: (total_seqs, first.len()),
        pieces: first.iter().map(|e| e.ids.len()).sum(),
        batches: per_epoch,
        seconds: t0.elapsed().as_secs_f64(),
    });
    drop(first);

    let varmap = VarMap::new();
    let vb = VarBuilder::from_varmap(&varmap, DType::F32, &device);
    let model = tc(BertForTokenClassification::new(&cfg, LABELS.len(), vb))?;
    let ckpt = &opts.checkpoint;
    let mut state = if opts.resume && ckpt.join(STATE).exists() {
        let s = State::load(ckpt)?;
        if s.batches != per_epoch || s.seed != opts.seed {
            return Err(Error::from(TransformerError::Load {
                path: ckpt.join(STATE).display().to_string(),
                message: format!(
                    "made with {} batches an epoch and seed {}, this run has {per_epoch} and {}: \
                     other data or options",
                    s.batches, s.seed, opts.seed
                ),
            }));
        }
        tc(varmap.clone().load(ckpt.join("model.safetensors")))?;
        progress(Progress::Resumed {
            epoch: s.epoch,
            batch: s.batch,
        });
        s
    } else {
        init_from_base_with(&varmap, base, &device, base_type_row)?;
        State {
            batches: per_epoch,
            seed: opts.seed,
            ..Default::default()
        }
    };
    let save = |state: &State| -> Result<()> {
        save_checkpoint(&varmap, &cfg, base, ckpt, false)?;
        state.save(ckpt)
    };

    let total = (per_epoch * opts.epochs).max(1);
    let warmup = ((total as f64 * opts.warmup) as usize).max(1);
    let params = ParamsAdamW {
        lr: opts.learning_rate,
        weight_decay: opts.weight_decay,
        ..Default::default()
    };
    let mut opt = tc(AdamW::new(varmap.all_vars(), params))?;
    // Steps of this run: after a resume the moments start from zero, so the rate warms up again.
    let mut run_steps = 0usize;
    let rewarm = if state.step > 0 { 20 } else { 0 };
    while state.epoch < opts.epochs {
        let epoch = state.epoch + 1;
        let start = Instant::now();
        let mut last_save = Instant::now();
        let (encoded, bs, _) = epoch_batches(&train, opts, context, epoch);
        let (mut loss_sum, mut loss_n) = (0f32, 0usize);
        let from = state.batch;
        for (k, b) in bs.iter().enumerate().take(per_epoch).skip(from) {
            let step = state.step;
            let mut lr = if step < warmup {
                opts.learning_rate * (step + 1) as f64 / warmup as f64
            } else {
                opts.learning_rate * total.saturating_sub(step) as f64
                    / (total - warmup).max(1) as f64
            };
            if run_steps < rewarm {
                lr *= (run_steps + 1) as f64 / rewarm as f64;
            }
            opt.set_learning_rate(lr);
            let items: Vec<&Encoded> = b.iter().map(|&i| &encoded[i]).collect();
            let (batch, pos, labels) = tc(make_batch(&items, sp.cls, sp.sep, sp.pad, &device))?;
            let l = tc(loss(&model, &batch, &pos, &labels))?;
            tc(opt.backward_step(&l))?;
            loss_sum += tc(l.to_scalar::<f32>())?;
            loss_n += 1;
            state.step += 1;
            state.batch = k + 1;
            run_steps += 1;
            if k % 25 == 0 || k + 1 == per_epoch {
                progress(Progress::Step {
                    epoch,
                    batch: k + 1,
                    batches: per_epoch,
                    loss: loss_sum / loss_n.max(1) as f32,
                    elapsed: start.elapsed().as_secs_f64(),
                    done: k + 1 - from,
                });
                (loss_sum, loss_n) = (0.0, 0);
            }
            if last_save.elapsed().as_secs() >= opts.checkpoint_seconds && k + 1 < per_epoch {
                save(&state)?;
                last_save = Instant::now();
                progress(Progress::Saved {
                    epoch,
                    batch: k + 1,
                });
            }
        }
        let train_seconds = start.elapsed().as_secs_f64();
        state.epoch = epoch;
        state.batch = 0;
        save(&state)?;
        // The epoch as it will ship: half precision, scored through the loader users run.
        let dir = ckpt.join(format!("epoch{epoch}"));
        save_checkpoint(&varmap, &cfg, base, &dir, true)?;
        let s0 = Instant::now();
        let tagger = ClaimsModel::with_transformer(ClaimsTransformer::load(&dir)?);
        let f1 = heldout_f1(pipeline, &tagger, &held)?;
        state.heldout_f1.truncate(epoch - 1);
        state.heldout_f1.push(f1);
        state.save(ckpt)?;
        progress(Progress::Epoch {
            epoch,
            heldout_f1: f1,
            train_seconds,
            score_seconds: s0.elapsed().as_secs_f64(),
            path: &dir,
        });
    }
    if let Some((best, _)) = state.best() {
        copy_model(&ckpt.join(format!("epoch{best}")), out)?;
    }
    Ok(state)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims_model::ClaimsMode;
    use crate::claims_model::training::GoldPiece;
    use crate::ner::transformer::model_tests::{temp_dir, tiny_checkpoint};

    /// A gold document whose attribution is `content` said by `source` with cue `cue`.
    fn doc(id: &str, text: &str, content: &str, source: &str, cue: &str) -> GoldDoc {
        let at = |s: &str| text[..text.find(s).unwrap()].chars().count();
        let len = |s: &str| s.chars().count();
        GoldDoc {
            id: id.into(),
            text: text.into(),
            quotes: vec![GoldPiece {
                start: at(content),
                end: at(content) + len(content),
                speaker_start: Some(at(source)),
                speaker_end: Some(at(source) + len(source)),
                cue: Some(cue.into()),
            }],
        }
    }

    fn docs() -> Vec<GoldDoc> {
        vec![
            doc(
                "a",
                "The minister said: “We are ready.”\n\nZelensky met a spokesman in Paris.",
                "We are ready.",
                "The minister",
                "said",
            ),
            doc(
                "b",
                "Zelensky met a spokesman in Paris on Monday.\n\nThe spokesman said we are ready.",
                "we are ready",
                "The spokesman",
                "said",
            ),
            doc(
                "c",
                "“We are ready,” the minister said in Paris on Monday.",
                "We are ready,",
                "the minister",
                "said",
            ),
        ]
    }

    fn pipeline() -> Pipeline {
        Pipeline::builder()
            .claims(ClaimsMode::Rules)
            .build()
            .unwrap()
    }

    #[test]
    fn the_widened_token_types_start_from_their_casing_rows() {
        let (base, _) = tiny_checkpoint("claims-types");
        let base_cfg = read_base_config(&base).unwrap();
        let cfg = claims_config(&base_cfg, 16, 0.5);
        assert_eq!(cfg.type_vocab_size, NUM_TYPES);
        let varmap = VarMap::new();
        let vb = VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu);
        BertForTokenClassification::new(&cfg, LABELS.len(), vb).unwrap();
        init_from_base_with(&varmap, &base, &Device::Cpu, base_type_row).unwrap();
        let vars = varmap.data().lock().unwrap();
        let types = vars["bert.embeddings.token_type_embeddings.weight"]
            .as_tensor()
            .to_vec2::<f32>()
            .unwrap();
        assert_eq!(types.len(), NUM_TYPES);
        let base_types = candle_core::safetensors::load(
            base.join("model.safetensors"),
            &Device::Cpu,
        )
        .unwrap()["bert.embeddings.token_type_embeddings.weight"]
            .to_vec2::<f32>()
            .unwrap();
        assert_eq!(base_types.len(), 4);
        for (t, row) in types.iter().enumerate() {
            assert_eq!(row, &base_types[t % 4], "type {t}");
        }
        // Distinct casing rows stay distinct (the base's rows are random).
        assert_ne!(types[0], types[1]);
        assert_eq!(
            cfg.labels(),
            LABELS.iter().map(|l| l.to_string()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn an_entity_checkpoint_is_not_an_attribution_tagger() {
        let (base, _) = tiny_checkpoint("claims-not");
        let err = ClaimsTransformer::load(&base).unwrap_err().to_string();
        assert!(
            err.contains("config.json") && err.contains("labels"),
            "{err}"
        );
    }

    #[test]
    fn exports_the_batches_training_would_run() {
        let (base, _) = tiny_checkpoint("claims-export");
        let opts = FineTuneOptions {
            epochs: 3,
            batch_size: 1,
            context_pieces: 16,
            heldout_every: 3,
            only_useful: false,
            ..Default::default()
        };
        let mut out = Vec::new();
        let n = export_sequences(&pipeline(), &base, &docs(), &opts, 2..=3, &mut out).unwrap();
        let lines: Vec<serde_json::Value> = std::str::from_utf8(&out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), n);
        // Epochs 2 and 3 only, each in batch order from 1; the held-out document is left out,
        // so each epoch holds the sequences of two documents.
        let epochs: Vec<u64> = lines.iter().map(|l| l["epoch"].as_u64().unwrap()).collect();
        assert!(epochs.contains(&2) && epochs.contains(&3) && !epochs.contains(&1));
        for e in [2, 3] {
            let batches: Vec<u64> = lines
                .iter()
                .filter(|l| l["epoch"] == e)
                .map(|l| l["batch"].as_u64().unwrap())
                .collect();
            assert_eq!(batches, (1..=batches.len() as u64).collect::<Vec<_>>());
        }
        // Every target is a piece of its sequence with a label of the model.
        let mut labelled = 0;
        for l in &lines {
            for it in l["items"].as_array().unwrap() {
                let len = it["ids"].as_array().unwrap().len();
                assert_eq!(len, it["types"].as_array().unwrap().len());
                for t in it["targets"].as_array().unwrap() {
                    assert!((t[0].as_u64().unwrap() as usize) < len);
                    let label = t[1].as_u64().unwrap() as usize;
                    assert!(label < LABELS.len());
                    labelled += (label != 0) as usize;
                }
            }
        }
        assert!(labelled > 0, "gold spans are labelled");
    }

    #[test]
    fn trains_saves_resumes_and_tags() {
        let (base, _) = tiny_checkpoint("claims-train");
        let root = temp_dir("claims-train-out");
        let pipeline = pipeline();
        let docs = docs();
        let opts = FineTuneOptions {
            epochs: 1,
            batch_size: 1,
            context_pieces: 16,
            heldout_every: 3,
            checkpoint: root.join("ckpt"),
            checkpoint_seconds: 0,
            max_batches: Some(2),
            only_useful: false,
            ..Default::default()
        };
        let out = root.join("model");
        let mut saved_within = 0;
        let state = fine_tune(&pipeline, &base, &docs, &out, &opts, &mut |p| {
            if let Progress::Saved { epoch, batch } = p {
                assert_eq!((epoch, batch), (1, 1));
                saved_within += 1;
            }
        })
        .unwrap();
        assert_eq!(
            saved_within, 1,
            "saved within the epoch, after its first batch"
        );
        assert_eq!((state.epoch, state.batch, state.step), (1, 0, 2));
        assert_eq!(state.heldout_f1.len(), 1);
        let back = State::load(&opts.checkpoint).unwrap();
        assert_eq!((back.epoch, back.batch, back.step), (1, 0, 2));
        assert!((back.heldout_f1[0] - state.heldout_f1[0]).abs() < 1e-9);
        assert!(opts.checkpoint.join("epoch1/model.safetensors").exists());

        // A run stopped after the first batch takes up at the second.
        let stopped = State {
            epoch: 0,
            batch: 1,
            step: 1,
            heldout_f1: vec![],
            ..state.clone()
        };
        stopped.save(&opts.checkpoint).unwrap();
        let mut resumed_at = None;
        let mut steps = Vec::new();
        let resume = FineTuneOptions {
            resume: true,
            epochs: 2,
            ..opts.clone()
        };
        let state = fine_tune(&pipeline, &base, &docs, &out, &resume, &mut |p| match p {
            Progress::Resumed { epoch, batch } => resumed_at = Some((epoch, batch)),
            Progress::Step { epoch, batch, .. } => steps.push((epoch, batch)),
            _ => {}
        })
        .unwrap();
        assert_eq!(resumed_at, Some((0, 1)));
        assert_eq!(steps, vec![(1, 2), (2, 1), (2, 2)]);
        assert_eq!((state.epoch, state.step), (2, 4));
        assert_eq!(state.heldout_f1.len(), 2);
        // Other options than the checkpoint's are refused.
        let other = FineTuneOptions {
            seed: 9,
            ..resume.clone()
        };
        let err = fine_tune(&pipeline, &base, &docs, &out, &other, &mut |_| {}).unwrap_err();
        assert!(err.to_string().contains("seed"), "{err}");

        // The output folder is a model that tags a document.
        let cfg = crate::ner::transformer::read_config(&out).unwrap();
        assert_eq!(cfg.type_vocab_size, NUM_TYPES);
        assert_eq!(cfg.extra["torch_dtype"], "float16");
        let model = ClaimsMode::parse(out.to_str().unwrap())
            .unwrap()
            .load()
            .unwrap()
            .unwrap();
        assert!(model.is_transformer());
        assert_eq!(model.threshold, 0.5);
        let text = "The minister said in Paris: “We are ready.”\n\nZelensky met a spokesman.";
        let a = pipeline.analyse(text).unwrap();
        let cues = crate::cues::find(&a);
        let tagged = model.tag(&a, &cues).unwrap();
        assert_eq!(tagged.content_prob.len(), a.len());
        assert!(
            tagged
                .content_prob
                .iter()
                .all(|p| (0.0..=1.0001).contains(p))
        );
        for s in &tagged.spans {
            assert!(!s.tokens.is_empty() && s.tokens.end <= a.len());
            assert!((0.0..=1.0001).contains(&s.score));
        }
        // The whole pipeline runs with it.
        let p = Pipeline::builder()
            .claims(ClaimsMode::Path(out.clone()))
            .build()
            .unwrap();
        assert!(p.uses_claims_model());
        p.extract(&crate::io::documents::Document::new("d", text))
            .unwrap();

        // Given all the weight, the linear model's posteriors are all the mixed model reads: two
        // transformers (the two epochs) then tag alike.
        let with_weight = |dir: &Path, w: f64| {
            let path = dir.join("config.json");
            let mut v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            v["whosaid_linear_weight"] = serde_json::json!(w);
            std::fs::write(&path, v.to_string()).unwrap();
            ClaimsModel::load_transformer(dir).unwrap()
        };
        let (e1, e2) = (
            opts.checkpoint.join("epoch1"),
            opts.checkpoint.join("epoch2"),
        );
        let probs = |m: &ClaimsModel| m.tag(&a, &cues).unwrap().content_prob;
        assert_ne!(probs(&with_weight(&e1, 0.0)), probs(&with_weight(&e2, 0.0)));
        let (m1, m2) = (with_weight(&e1, 1.0), with_weight(&e2, 1.0));
        assert_eq!(probs(&m1), probs(&m2));
        assert_ne!(probs(&m1), probs(&with_weight(&e1, 0.5)));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
