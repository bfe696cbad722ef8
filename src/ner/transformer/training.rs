//! Fine-tuning a BERT checkpoint for entity tagging on CoNLL data, with candle.
//!
//! The base model's token type embedding is widened to four rows, one per casing class (all
//! starting from the base model's first row), and a fresh classifier is added. Each epoch is saved
//! as a standard checkpoint folder, scored on dev through the same loader and tagger users run,
//! and the best epoch is copied to the output folder.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use candle_core::{DType, Device, Tensor};
use candle_nn::{AdamW, Optimizer, ParamsAdamW, VarBuilder, VarMap};

use super::bert::{Batch, BertConfig, BertForTokenClassification};
use super::{TransformerError, TransformerTagger, casing_class, load_tokenizer, pieces};
use crate::ner::gold::TaggedSentence;
use crate::ner::score::NerScore;
use crate::ner::{EntityTagger, Label, NUM_LABELS, labels_from_entities};
use crate::tagging::linear::Rng;
use crate::text::segment::Token;

/// How to fine-tune a checkpoint.
#[derive(Debug, Clone)]
pub struct FineTuneOptions {
    /// Epochs to train; each is saved and scored on dev.
    pub epochs: usize,
    /// Peak learning rate (AdamW), reached after the warm-up and then decaying linearly to 0.
    pub learning_rate: f64,
    /// Sequences per batch.
    pub batch_size: usize,
    /// Share of the steps spent warming the learning rate up.
    pub warmup: f64,
    /// AdamW weight decay.
    pub weight_decay: f64,
    /// Seed of the batch order and of how sentences are grouped into sequences.
    pub seed: u64,
    /// Pieces of neighbouring sentences read together (see `layout`): the longest training
    /// sequence, and the budget the model is later run with. 0 trains on single sentences.
    pub context_pieces: usize,
    /// Save the final checkpoint in half precision.
    pub half: bool,
    /// Stop after this many batches per epoch (for quick trials and tests).
    pub max_batches: Option<usize>,
}

impl Default for FineTuneOptions {
    fn default() -> Self {
        FineTuneOptions {
            epochs: 6,
            learning_rate: 1e-4,
            batch_size: 4,
            warmup: 0.1,
            weight_decay: 0.01,
            seed: 1,
            context_pieces: 254,
            half: true,
            max_batches: None,
        }
    }
}

/// Progress messages.
pub enum Progress<'a> {
    /// A batch done (every 50th of an epoch, and its last).
    Step {
        /// The epoch, from 1.
        epoch: usize,
        /// The batch within the epoch, from 1.
        batch: usize,
        /// Batches per epoch.
        batches: usize,
        /// The batch's loss.
        loss: f32,
        /// Seconds since the epoch started.
        elapsed: f64,
    },
    /// An epoch done, saved and scored on dev.
    Epoch {
        /// The epoch, from 1.
        epoch: usize,
        /// Entity F1 on dev, in percent (0 to 100).
        dev_f1: f64,
        /// Seconds the epoch took, scoring included.
        seconds: f64,
        /// The epoch's checkpoint folder.
        path: &'a Path,
    },
}

/// Our nine labels, in the order of our label indices.
pub fn label_names() -> Vec<String> {
    (0..NUM_LABELS)
        .map(|i| Label::from_index(i).to_string())
        .collect()
}

/// The config of the fine-tuned model: the base config with four casing token types and our
/// labels, marked as a token classifier.
pub fn fine_tuned_config(base: &BertConfig, context_pieces: usize) -> BertConfig {
    token_classifier_config(
        base,
        &label_names(),
        4,
        "casing",
        "token_type_ids carry word casing: 0 lower, 1 Initial, 2 ALLCAPS, 3 other",
        context_pieces,
    )
}

/// The config of a token classifier fine-tuned from `base`: `labels` by id, `type_vocab_size`
/// token types whose meaning is named by `token_types` (`"whosaid_token_types"`) and described by
/// `note`, and the context budget it reads with.
pub fn token_classifier_config(
    base: &BertConfig,
    labels: &[String],
    type_vocab_size: usize,
    token_types: &str,
    note: &str,
    context_pieces: usize,
) -> BertConfig {
    let mut cfg = base.clone();
    cfg.type_vocab_size = type_vocab_size;
    cfg.id2label = labels
        .iter()
        .enumerate()
        .map(|(i, n)| (i.to_string(), n.clone()))
        .collect();
    let label2id: serde_json::Map<String, serde_json::Value> = labels
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), serde_json::Value::from(i)))
        .collect();
    let e = &mut cfg.extra;
    e.insert("label2id".into(), serde_json::Value::Object(label2id));
    e.insert(
        "architectures".into(),
        serde_json::json!(["BertForTokenClassification"]),
    );
    e.insert("model_type".into(), serde_json::json!("bert"));
    e.insert("whosaid_token_types".into(), serde_json::json!(token_types));
    e.insert(
        "whosaid_context_pieces".into(),
        serde_json::json!(context_pieces),
    );
    e.insert("whosaid_note".into(), serde_json::json!(note));
    e.remove("_name_or_path");
    cfg
}

/// Sets the model's variables from a base checkpoint: names with or without the `bert.` prefix;
/// the token type embedding widened by repeating the base's first row; the classifier left fresh.
pub fn init_from_base(
    varmap: &VarMap,
    base: &Path,
    device: &Device,
) -> Result<(), TransformerError> {
    init_from_base_with(varmap, base, device, |_| 0)
}

/// [`init_from_base`] with row `k` of a widened token type embedding copied from the base's row
/// `type_row(k)`.
pub fn init_from_base_with(
    varmap: &VarMap,
    base: &Path,
    device: &Device,
    type_row: impl Fn(usize) -> usize,
) -> Result<(), TransformerError> {
    let path = base.join("model.safetensors");
    let tensors = candle_core::safetensors::load(&path, device)?;
    let err = |message: String| TransformerError::Load {
        path: path.display().to_string(),
        message,
    };
    let vars = varmap.data().lock().unwrap();
    for (name, var) in vars.iter() {
        if name.starts_with("classifier.") {
            continue;
        }
        let short = name.strip_prefix("bert.").unwrap_or(name);
        let t = tensors
            .get(short)
            .or_else(|| tensors.get(name.as_str()))
            .ok_or_else(|| err(format!("no tensor for {name}")))?
            .to_dtype(DType::F32)?;
        let t = if short == "embeddings.token_type_embeddings.weight" && t.dims() != var.dims() {
            let rows = (0..var.dims()[0])
                .map(|k| t.narrow(0, type_row(k).min(t.dims()[0] - 1), 1))
                .collect::<candle_core::Result<Vec<_>>>()?;
            Tensor::cat(&rows, 0)?
        } else {
            t
        };
        var.set(&t).map_err(|e| err(format!("{name}: {e}")))?;
    }
    Ok(())
}

/// A training sequence: pieces and token types (no special tokens), and the label of each
/// word's first piece.
pub(crate) struct Encoded {
    pub ids: Vec<u32>,
    pub types: Vec<u32>,
    /// (piece position, label index) for each word's first piece.
    pub targets: Vec<(usize, u32)>,
}

/// A training sentence as pieces, with its casing classes and the label of each word's first
/// piece.
pub(crate) struct SentencePieces {
    pub ids: Vec<u32>,
    pub types: Vec<u32>,
    pub labels: Vec<Option<u32>>,
}

fn sentence_pieces(
    tokenizer: &tokenizers::Tokenizer,
    s: &TaggedSentence,
) -> Result<SentencePieces, TransformerError> {
    let words: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
    let p = pieces(tokenizer, &words)?;
    let mut labels = vec![None; p.ids.len()];
    for (w, first) in p.first.iter().enumerate() {
        if let Some(f) = first {
            labels[*f] = Some(Label::parse(&s.tags[w]).unwrap_or(Label::O).index() as u32);
        }
    }
    let types = p.word_of.iter().map(|&w| casing_class(words[w])).collect();
    Ok(SentencePieces {
        ids: p.ids,
        types,
        labels,
    })
}

/// The training sequences of one epoch: each document laid out as the tagger lays it out, the
/// first sequence of each document given a random budget so that sentences meet other
/// neighbours each epoch.
pub(crate) fn epoch_sequences(
    docs: &[Vec<SentencePieces>],
    context: usize,
    max: usize,
    rng: &mut Rng,
) -> Vec<Encoded> {
    let mut out = Vec::new();
    for doc in docs {
        let lens: Vec<usize> = doc.iter().map(|s| s.ids.len()).collect();
        let first = if context > 0 {
            1 + rng.below(context)
        } else {
            0
        };
        for parts in super::layout(&lens, context, first, max) {
            let mut e = Encoded {
                ids: Vec::new(),
                types: Vec::new(),
                targets: Vec::new(),
            };
            for part in parts {
                let s = &doc[part.sentence];
                for k in part.window.start..part.window.end {
                    if let Some(l) = s.labels[k] {
                        e.targets.push((e.ids.len(), l));
                    }
                    e.ids.push(s.ids[k]);
                    e.types.push(s.types[k]);
                }
            }
            out.push(e);
        }
    }
    out
}

/// Batches of similar length: shuffle, sort within pools of 50 batches, shuffle the batches.
pub(crate) fn batches(lens: &[usize], size: usize, rng: &mut Rng) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..lens.len()).collect();
    rng.shuffle(&mut order);
    let mut out = Vec::new();
    for pool in order.chunks(size * 50) {
        let mut pool = pool.to_vec();
        pool.sort_by_key(|&i| lens[i]);
        out.extend(pool.chunks(size).map(<[usize]>::to_vec));
    }
    rng.shuffle(&mut out);
    out
}

pub(crate) fn make_batch(
    items: &[&Encoded],
    cls: u32,
    sep: u32,
    pad: u32,
    device: &Device,
) -> candle_core::Result<(Batch, Tensor, Tensor)> {
    let width = items.iter().map(|e| e.ids.len() + 2).max().unwrap_or(2);
    let (mut ids, mut types, mut mask, mut pos, mut labels) =
        (vec![], vec![], vec![], vec![], vec![]);
    for (b, e) in items.iter().enumerate() {
        ids.push(cls);
        ids.extend_from_slice(&e.ids);
        ids.push(sep);
        types.push(0);
        types.extend_from_slice(&e.types);
        types.push(0);
        mask.extend(std::iter::repeat_n(1u32, e.ids.len() + 2));
        let pad_n = width - e.ids.len() - 2;
        ids.extend(std::iter::repeat_n(pad, pad_n));
        types.extend(std::iter::repeat_n(0, pad_n));
        mask.extend(std::iter::repeat_n(0, pad_n));
        for &(p, l) in &e.targets {
            pos.push((b * width + 1 + p) as u32);
            labels.push(l);
        }
    }
    let shape = (items.len(), width);
    let batch = Batch {
        input_ids: Tensor::from_vec(ids, shape, device)?,
        token_type_ids: Tensor::from_vec(types, shape, device)?,
        attention_mask: Tensor::from_vec(mask, shape, device)?,
    };
    let n = pos.len();
    Ok((
        batch,
        Tensor::from_vec(pos, n, device)?,
        Tensor::from_vec(labels, n, device)?,
    ))
}

/// Cross-entropy over the labelled positions of a batch.
pub fn loss(
    model: &BertForTokenClassification,
    batch: &Batch,
    pos: &Tensor,
    labels: &Tensor,
) -> candle_core::Result<Tensor> {
    let logits = model.forward(batch, true)?;
    let (b, s, l) = logits.dims3()?;
    let picked = logits.reshape((b * s, l))?.index_select(pos, 0)?;
    candle_nn::loss::cross_entropy(&picked, labels)
}

/// Writes a checkpoint folder: config, tokenizer files and weights (optionally half precision).
pub fn save_checkpoint(
    varmap: &VarMap,
    cfg: &BertConfig,
    base: &Path,
    dir: &Path,
    half: bool,
) -> Result<(), TransformerError> {
    let io = |e: std::io::Error| TransformerError::Load {
        path: dir.display().to_string(),
        message: e.to_string(),
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut cfg = cfg.clone();
    cfg.extra.insert(
        "torch_dtype".into(),
        serde_json::json!(if half { "float16" } else { "float32" }),
    );
    std::fs::write(
        dir.join("config.json"),
        serde_json::to_string_pretty(&cfg).unwrap(),
    )
    .map_err(io)?;
    for f in [
        "tokenizer.json",
        "tokenizer_config.json",
        "special_tokens_map.json",
        "vocab.txt",
    ] {
        if base.join(f).exists() {
            std::fs::copy(base.join(f), dir.join(f)).map_err(io)?;
        }
    }
    let dtype = if half { DType::F16 } else { DType::F32 };
    let vars = varmap.data().lock().unwrap();
    let mut tensors: HashMap<String, Tensor> = HashMap::new();
    for (name, var) in vars.iter() {
        tensors.insert(name.clone(), var.as_tensor().to_dtype(dtype)?);
    }
    let tmp = dir.join("model.safetensors.tmp");
    candle_core::safetensors::save(&tensors, &tmp)?;
    std::fs::rename(&tmp, dir.join("model.safetensors")).map_err(io)?;
    Ok(())
}

/// Entity F1 of a tagger on CoNLL documents.
pub fn conll_f1(
    tagger: &dyn EntityTagger,
    docs: &[Vec<TaggedSentence>],
) -> Result<f64, crate::ner::NerError> {
    let mut score = NerScore::default();
    for doc in docs {
        let mut text = String::new();
        let mut sents: Vec<Vec<Token>> = Vec::new();
        for s in doc {
            let mut toks = Vec::new();
            for t in &s.tokens {
                let start = text.len();
                text.push_str(t);
                toks.push(Token::new(start, text.len()));
                text.push(' ');
            }
            sents.push(toks);
        }
        let refs: Vec<&[Token]> = sents.iter().map(Vec::as_slice).collect();
        for (s, ents) in doc.iter().zip(tagger.tag_document(&text, &refs)?) {
            let gold: Vec<Label> = s
                .tags
                .iter()
                .map(|t| Label::parse(t).unwrap_or(Label::O))
                .collect();
            score.add(&gold, &labels_from_entities(&ents, s.tokens.len()));
        }
    }
    Ok(score.overall.f1())
}

/// Fine-tunes `base` (a BERT folder) on `train`, scores each epoch on `dev`, and leaves the best
/// epoch in `out`. Returns the best dev F1.
pub fn fine_tune(
    base: &Path,
    train: &[Vec<TaggedSentence>],
    dev: &[Vec<TaggedSentence>],
    out: &Path,
    opts: &FineTuneOptions,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<f64, TransformerError> {
    let device = Device::Cpu;
    let base_cfg: BertConfig = {
        let path = base.join("config.json");
        let text = std::fs::read_to_string(&path).map_err(|e| TransformerError::Load {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        serde_json::from_str(&text).map_err(|e| TransformerError::Load {
            path: path.display().to_string(),
            message: e.to_string(),
        })?
    };
    // The longest sequence: the context budget, or what the position embeddings allow.
    let positions = base_cfg.max_position_embeddings.min(512) - 2;
    let context = opts.context_pieces.min(positions);
    let max = if context > 0 { context } else { positions };
    let cfg = fine_tuned_config(&base_cfg, context);
    let tokenizer = load_tokenizer(&base.join("tokenizer.json"))?;
    let varmap = VarMap::new();
    let vb = VarBuilder::from_varmap(&varmap, DType::F32, &device);
    let model = BertForTokenClassification::new(&cfg, NUM_LABELS, vb)?;
    init_from_base(&varmap, base, &device)?;
    let sp = super::specials(&tokenizer, cfg.pad_token_id)?;

    let docs: Vec<Vec<SentencePieces>> = train
        .iter()
        .map(|doc| {
            doc.iter()
                .filter(|s| !s.tokens.is_empty())
                .map(|s| sentence_pieces(&tokenizer, s))
                .collect()
        })
        .collect::<Result<_, _>>()?;
    let mut rng = Rng::new(opts.seed);
    // The number of sequences varies a little between epochs; the schedule uses the first's.
    let per_epoch = epoch_sequences(&docs, context, max, &mut Rng::new(opts.seed))
        .len()
        .div_ceil(opts.batch_size)
        .min(opts.max_batches.unwrap_or(usize::MAX));
    let total = (per_epoch * opts.epochs).max(1);
    let warmup = ((total as f64 * opts.warmup) as usize).max(1);
    let params = ParamsAdamW {
        lr: opts.learning_rate,
        weight_decay: opts.weight_decay,
        ..Default::default()
    };
    let mut opt = AdamW::new(varmap.all_vars(), params)?;
    let mut step = 0usize;
    let mut best: Option<(f64, PathBuf)> = None;
    for epoch in 1..=opts.epochs {
        let start = Instant::now();
        let encoded = epoch_sequences(&docs, context, max, &mut rng);
        let lens: Vec<usize> = encoded.iter().map(|e| e.ids.len()).collect();
        let bs = batches(&lens, opts.batch_size, &mut rng);
        for (k, b) in bs.iter().take(per_epoch).enumerate() {
            let lr = if step < warmup {
                opts.learning_rate * (step + 1) as f64 / warmup as f64
            } else {
                opts.learning_rate * total.saturating_sub(step) as f64
                    / (total - warmup).max(1) as f64
            };
            opt.set_learning_rate(lr);
            let items: Vec<&Encoded> = b.iter().map(|&i| &encoded[i]).collect();
            let (batch, pos, labels) = make_batch(&items, sp.cls, sp.sep, sp.pad, &device)?;
            let l = loss(&model, &batch, &pos, &labels)?;
            opt.backward_step(&l)?;
            step += 1;
            if k % 50 == 0 || k + 1 == per_epoch {
                let loss = l.to_scalar::<f32>()?;
                progress(Progress::Step {
                    epoch,
                    batch: k + 1,
                    batches: per_epoch,
                    loss,
                    elapsed: start.elapsed().as_secs_f64(),
                });
            }
        }
        let dir = out.with_file_name(format!(
            "{}.epoch{epoch}",
            out.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "model".into())
        ));
        save_checkpoint(&varmap, &cfg, base, &dir, false)?;
        let tagger = TransformerTagger::load(&dir)?;
        let f1 = conll_f1(&tagger, dev).map_err(|e| TransformerError::Evaluation(e.to_string()))?;
        progress(Progress::Epoch {
            epoch,
            dev_f1: f1,
            seconds: start.elapsed().as_secs_f64(),
            path: &dir,
        });
        if best.as_ref().is_none_or(|(b, _)| f1 > *b) {
            best = Some((f1, dir));
        }
    }
    let (f1, dir) = best.expect("at least one epoch");
    // The best epoch, in the precision asked for, becomes the output folder.
    let varmap_best = VarMap::new();
    let vb = VarBuilder::from_varmap(&varmap_best, DType::F32, &device);
    BertForTokenClassification::new(&cfg, NUM_LABELS, vb)?;
    {
        let mut vm = varmap_best.clone();
        vm.load(dir.join("model.safetensors"))?;
    }
    save_checkpoint(&varmap_best, &cfg, base, out, opts.half)?;
    Ok(f1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(n: usize, first_label: u32) -> SentencePieces {
        SentencePieces {
            ids: (0..n as u32).map(|i| 1000 * first_label + i).collect(),
            types: vec![1; n],
            labels: (0..n)
                .map(|i| (i % 2 == 0).then_some(first_label + i as u32))
                .collect(),
        }
    }

    #[test]
    fn training_sequences_carry_each_label_at_its_piece() {
        let docs = vec![
            vec![sentence(4, 0), sentence(5, 1), sentence(3, 2)],
            vec![sentence(25, 3)],
        ];
        let mut rng = Rng::new(7);
        for _ in 0..5 {
            let seqs = epoch_sequences(&docs, 10, 10, &mut rng);
            let mut labelled = 0;
            for e in &seqs {
                assert!(e.ids.len() <= 10);
                assert_eq!(e.ids.len(), e.types.len());
                for &(p, l) in &e.targets {
                    // Pieces were numbered so that a labelled piece's id gives its label back.
                    let id = e.ids[p];
                    assert_eq!(l, id / 1000 + id % 1000, "piece {p}");
                }
                labelled += e.targets.len();
            }
            // Every labelled piece of the short sentences once; the long one in overlapping
            // windows, so at least once.
            assert!(labelled >= 2 + 3 + 2 + 13, "{labelled}");
        }
        // With no context, each sentence is a sequence of its own.
        assert_eq!(epoch_sequences(&docs, 0, 510, &mut rng).len(), 4);
    }
}
