//! The transformer tagger: any BERT token-classification checkpoint in Hugging Face format
//! (`config.json` with `id2label`, `tokenizer.json`, `model.safetensors`), run with candle.
//!
//! Our word tokens are split into word pieces; the first piece of each word decides its label.
//! A model trained with document context (`"whosaid_context_pieces"` in its config) reads
//! consecutive sentences of a document together, up to that many pieces, as it was trained; other
//! models read one sentence at a time. Sentences longer than the model's window are tagged in
//! overlapping windows, each word taking its label from the window where it sits furthest from an
//! edge. Sequences are batched by length to cut padding. The label probabilities of each word are mapped onto IOB2 and decoded with
//! Viterbi under IOB2 constraints, which repairs any invalid sequence; an entity's score is the
//! lowest probability among its words' labels.
//!
//! Checkpoints trained here widen the token type embedding to four casing classes (see
//! [`casing_class`]) and say so in `config.json` (`"whosaid_token_types": "casing"`); other
//! checkpoints get token type 0 everywhere, as usual.

pub(crate) mod bert;
#[cfg(test)]
pub(crate) mod model_tests;
pub mod training;

use std::path::Path;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use tokenizers::Tokenizer;

use self::bert::{Batch, BertConfig, BertForTokenClassification};
use super::{Entity, EntityTagger, Label, NUM_LABELS};
use crate::text::segment::Token;

/// Why the transformer tagger failed to load, run or train.
#[derive(Debug, thiserror::Error)]
pub enum TransformerError {
    /// A checkpoint file is missing, unreadable or not a BERT token classifier.
    #[error("{path}: {message}")]
    Load {
        /// The file or folder.
        path: String,
        /// What is wrong with it.
        message: String,
    },
    /// The tensor library (candle) failed.
    #[error("model: {0}")]
    Candle(#[from] candle_core::Error),
    /// The tokenizer failed, or lacks the special tokens.
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    /// Scoring a fine-tuned checkpoint on dev failed.
    #[error("scoring a checkpoint on dev: {0}")]
    Evaluation(String),
}

/// Casing class of a word, fed as its token type id: 0 lower case, 1 Initial capital,
/// 2 ALL CAPITALS, 3 anything else (numbers, punctuation). The base model is uncased; this is how
/// the tagger sees case.
pub fn casing_class(word: &str) -> u32 {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() {
        return 3;
    }
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    if upper == 0 {
        0
    } else if upper == letters.len() && letters.len() > 1 {
        2
    } else if word.chars().next().is_some_and(char::is_uppercase) {
        1
    } else {
        3
    }
}

/// A sentence as word pieces: ids, the word each piece belongs to, and each word's first piece.
#[derive(Debug, Clone, PartialEq)]
pub struct Pieces {
    /// Piece ids, without special tokens.
    pub ids: Vec<u32>,
    /// The index of the word each piece belongs to.
    pub word_of: Vec<usize>,
    /// The index in `ids` of each word's first piece; `None` for a word with no pieces.
    pub first: Vec<Option<usize>>,
}

/// A window over a sentence's pieces, `[start, end)`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Window {
    pub start: usize,
    pub end: usize,
}

/// Overlapping windows of at most `max` pieces (stride `max / 2`) covering `n` pieces.
pub(crate) fn windows(n: usize, max: usize) -> Vec<Window> {
    if n <= max {
        return vec![Window { start: 0, end: n }];
    }
    let stride = (max / 2).max(1);
    let mut out = Vec::new();
    let mut start = 0;
    loop {
        let end = (start + max).min(n);
        out.push(Window { start, end });
        if end == n {
            break;
        }
        start += stride;
    }
    out
}

/// The window that decides piece `p`: the one where it is furthest from an edge.
pub(crate) fn best_window(ws: &[Window], p: usize) -> usize {
    (0..ws.len())
        .filter(|&w| ws[w].start <= p && p < ws[w].end)
        .max_by_key(|&w| (p - ws[w].start).min(ws[w].end - 1 - p))
        .unwrap_or(0)
}

/// A stretch of one sentence's pieces placed in a model sequence.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Part {
    pub sentence: usize,
    pub window: Window,
}

/// Lays a document's sentences, given their piece counts, out into model sequences.
///
/// With a `context` budget, consecutive whole sentences share a sequence of at most `context`
/// pieces, so that each is read beside its neighbours (a name is easier to type where the article
/// names it in full); `first` is the budget of the first sequence (training varies it, so that
/// sentences meet different neighbours from epoch to epoch). A sentence longer than the budget
/// has sequences of its own: overlapping windows of at most `max` pieces. A `context` of 0 puts
/// each sentence alone, as models trained on single sentences expect.
pub(crate) fn layout(lens: &[usize], context: usize, first: usize, max: usize) -> Vec<Vec<Part>> {
    let mut out = Vec::new();
    let mut current: Vec<Part> = Vec::new();
    let (mut used, mut budget) = (0, first.min(context));
    for (sentence, &n) in lens.iter().enumerate() {
        if n == 0 {
            continue;
        }
        if used + n > budget || n > context {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            used = 0;
            budget = context;
        }
        if n > context {
            out.extend(
                windows(n, max)
                    .into_iter()
                    .map(|window| vec![Part { sentence, window }]),
            );
            continue;
        }
        current.push(Part {
            sentence,
            window: Window { start: 0, end: n },
        });
        used += n;
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// One sequence as the model sees it: piece ids and token type ids with the special tokens, and
/// the position of each word's first piece.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowInput {
    /// Piece ids, the start and end tokens included.
    pub ids: Vec<u32>,
    /// Token type ids, one per piece: casing classes for checkpoints trained here, else 0.
    pub types: Vec<u32>,
    /// The position in `ids` of each word's first piece (words past the window left out).
    pub first: Vec<usize>,
}

/// Piece ids of the special tokens the model expects around a sequence.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Specials {
    pub cls: u32,
    pub sep: u32,
    pub pad: u32,
}

/// Where one unit's (sentence's or paragraph's) windows went in the packed sequences: (window,
/// sequence, position of the window's first piece in the sequence).
pub(crate) type Placed = Vec<(Window, usize, usize)>;

/// One model sequence: piece ids and their token types.
pub(crate) type Sequence = (Vec<u32>, Vec<u32>);

/// The model sequences of a layout `plan` over `units` sentences or paragraphs, each with its
/// special tokens, where `piece(u, k)` is unit `u`'s piece `k` as (id, token type); and, for
/// each unit, where its windows went.
pub(crate) fn pack(
    plan: &[Vec<Part>],
    units: usize,
    specials: Specials,
    piece: impl Fn(usize, usize) -> (u32, u32),
) -> (Vec<Sequence>, Vec<Placed>) {
    let mut seqs: Vec<Sequence> = Vec::with_capacity(plan.len());
    let mut placed: Vec<Placed> = vec![Vec::new(); units];
    for parts in plan {
        let (mut ids, mut types) = (vec![specials.cls], vec![0]);
        for part in parts {
            placed[part.sentence].push((part.window.clone(), seqs.len(), ids.len()));
            for k in part.window.start..part.window.end {
                let (id, ty) = piece(part.sentence, k);
                ids.push(id);
                types.push(ty);
            }
        }
        ids.push(specials.sep);
        types.push(0);
        seqs.push((ids, types));
    }
    (seqs, placed)
}

/// A unit's reader of its pieces' probabilities in the packed sequences' `probs`: each piece is
/// read in the window that holds it furthest from an edge.
pub(crate) fn piece_probs<'p>(
    probs: &'p [Vec<Vec<f32>>],
    placed: &'p Placed,
) -> impl Fn(usize) -> &'p [f32] + 'p {
    let ws: Vec<Window> = placed.iter().map(|(w, _, _)| w.clone()).collect();
    move |piece| {
        let (w, k, at) = &placed[best_window(&ws, piece)];
        &probs[*k][at + piece - w.start]
    }
}

/// An entity tagger running a BERT token-classification checkpoint on the CPU.
pub struct TransformerTagger {
    model: BertForTokenClassification,
    tokenizer: Tokenizer,
    specials: Specials,
    /// Our label for each of the model's label ids.
    label_of: Vec<Label>,
    casing: bool,
    /// Most pieces per window, without the two special tokens.
    max_pieces: usize,
    /// Pieces of neighbouring sentences read together (see [`layout`]); 0 for one sentence at a
    /// time.
    context_pieces: usize,
    /// Most pieces (padding included) per batch.
    pub batch_pieces: usize,
    name: String,
    device: Device,
}

/// Loads a tokenizer with any fixed padding and truncation switched off.
pub fn load_tokenizer(path: &Path) -> Result<Tokenizer, TransformerError> {
    let mut t = Tokenizer::from_file(path).map_err(|e| TransformerError::Load {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    t.with_padding(None);
    t.with_truncation(None)
        .map_err(|e| TransformerError::Tokenizer(e.to_string()))?;
    Ok(t)
}

pub(crate) fn specials(tokenizer: &Tokenizer, pad: u32) -> Result<Specials, TransformerError> {
    let with = tokenizer
        .encode(vec!["a"], true)
        .map_err(|e| TransformerError::Tokenizer(e.to_string()))?;
    let ids = with.get_ids();
    let special = with.get_special_tokens_mask();
    let cls = ids.iter().zip(special).find(|p| *p.1 == 1).map(|p| *p.0);
    let sep = ids
        .iter()
        .zip(special)
        .rev()
        .find(|p| *p.1 == 1)
        .map(|p| *p.0);
    let find = |names: &[&str]| names.iter().find_map(|n| tokenizer.token_to_id(n));
    let cls = cls
        .or_else(|| find(&["[CLS]", "<s>"]))
        .ok_or(TransformerError::Tokenizer("no start token".into()))?;
    let sep = sep
        .or_else(|| find(&["[SEP]", "</s>"]))
        .ok_or(TransformerError::Tokenizer("no end token".into()))?;
    Ok(Specials { cls, sep, pad })
}

/// Reads `config.json` of a checkpoint folder.
pub fn read_config(dir: &Path) -> Result<BertConfig, TransformerError> {
    let path = dir.join("config.json");
    let load = |message: String| TransformerError::Load {
        path: path.display().to_string(),
        message,
    };
    let text = std::fs::read_to_string(&path).map_err(|e| load(e.to_string()))?;
    let cfg: BertConfig = serde_json::from_str(&text).map_err(|e| load(e.to_string()))?;
    let model_type = cfg
        .extra
        .get("model_type")
        .and_then(|v| v.as_str())
        .unwrap_or("bert");
    if model_type != "bert" {
        return Err(load(format!(
            "model_type {model_type:?}: only BERT checkpoints are supported"
        )));
    }
    if cfg.id2label.is_empty() {
        return Err(load(
            "no id2label: not a token-classification checkpoint".into(),
        ));
    }
    Ok(cfg)
}

/// Reads a checkpoint folder: its config, its tokenizer and the model with its weights.
pub(crate) fn load_checkpoint(
    dir: &Path,
) -> Result<(BertConfig, Tokenizer, BertForTokenClassification), TransformerError> {
    let cfg = read_config(dir)?;
    let tokenizer = load_tokenizer(&dir.join("tokenizer.json"))?;
    let weights = dir.join("model.safetensors");
    if !weights.exists() {
        return Err(TransformerError::Load {
            path: weights.display().to_string(),
            message: "not found".into(),
        });
    }
    let device = Device::Cpu;
    // Safety: the file is memory-mapped read-only and not modified while the model lives.
    let vb = unsafe { VarBuilder::from_mmaped_safetensors(&[&weights], DType::F32, &device)? };
    let vb = if vb.contains_tensor("bert.embeddings.word_embeddings.weight") {
        vb
    } else {
        vb.pp("__missing")
    };
    let labels = cfg.labels();
    let model = BertForTokenClassification::new(&cfg, labels.len(), vb).map_err(|e| {
        TransformerError::Load {
            path: weights.display().to_string(),
            message: format!(
                "not a BERT token classifier with bert.* and classifier.* weights: {e}"
            ),
        }
    })?;
    Ok((cfg, tokenizer, model))
}

impl TransformerTagger {
    /// Loads a checkpoint folder.
    pub fn load(dir: &Path) -> Result<Self, TransformerError> {
        let (cfg, tokenizer, model) = load_checkpoint(dir)?;
        Self::from_parts(model, tokenizer, &cfg, dir.display().to_string())
    }

    pub(crate) fn from_parts(
        model: BertForTokenClassification,
        tokenizer: Tokenizer,
        cfg: &BertConfig,
        name: String,
    ) -> Result<Self, TransformerError> {
        let label_of = cfg.labels().iter().map(|l| map_label(l)).collect();
        Ok(TransformerTagger {
            specials: specials(&tokenizer, cfg.pad_token_id)?,
            model,
            tokenizer,
            label_of,
            casing: cfg.casing_types(),
            max_pieces: cfg.max_position_embeddings.min(512) - 2,
            context_pieces: cfg.context_pieces(),
            batch_pieces: 4096,
            name,
            device: Device::Cpu,
        })
    }

    /// Sets the window size (for tests of long inputs).
    pub fn with_max_pieces(mut self, n: usize) -> Self {
        self.max_pieces = n.max(2);
        self.context_pieces = self.context_pieces.min(self.max_pieces);
        self
    }

    /// Sets how many pieces of neighbouring sentences are read together (0: one sentence at a
    /// time). The model's `config.json` gives the budget it was trained with.
    pub fn with_context_pieces(mut self, n: usize) -> Self {
        self.context_pieces = n.min(self.max_pieces);
        self
    }

    /// Word pieces of pre-split words, with this tagger's tokenizer.
    pub fn pieces(&self, words: &[&str]) -> Result<Pieces, TransformerError> {
        pieces(&self.tokenizer, words)
    }

    /// The model input for one sentence in one window: piece ids and token type ids with the
    /// special tokens, and the position of each word's first piece.
    pub fn single_window(&self, words: &[&str]) -> Result<WindowInput, TransformerError> {
        let p = self.pieces(words)?;
        let mut ids = vec![self.specials.cls];
        let mut types = vec![0u32];
        for (k, &id) in p.ids.iter().enumerate().take(self.max_pieces) {
            ids.push(id);
            types.push(if self.casing {
                casing_class(words[p.word_of[k]])
            } else {
                0
            });
        }
        ids.push(self.specials.sep);
        types.push(0);
        let first = p
            .first
            .iter()
            .filter_map(|f| f.filter(|&f| f < self.max_pieces))
            .map(|f| f + 1)
            .collect();
        Ok(WindowInput { ids, types, first })
    }

    /// The model's raw label scores for each word's first piece of one sentence (one window; for
    /// checking the forward pass against a reference).
    pub fn word_logits(&self, words: &[&str]) -> Result<Vec<Vec<f32>>, TransformerError> {
        let WindowInput { ids, types, first } = self.single_window(words)?;
        let n = ids.len();
        let batch = Batch {
            input_ids: Tensor::from_vec(ids, (1, n), &self.device)?,
            token_type_ids: Tensor::from_vec(types, (1, n), &self.device)?,
            attention_mask: Tensor::ones((1, n), DType::U32, &self.device)?,
        };
        let logits = self
            .model
            .forward(&batch, false)?
            .to_vec3::<f32>()?
            .remove(0);
        Ok(first.iter().map(|&f| logits[f].clone()).collect())
    }

    /// Probabilities of our nine labels for every word of every sentence of one document.
    pub fn word_probs(
        &self,
        sentences: &[Vec<&str>],
    ) -> Result<Vec<Vec<[f32; NUM_LABELS]>>, TransformerError> {
        let pieces: Vec<Pieces> = sentences
            .iter()
            .map(|words| self.pieces(words))
            .collect::<Result<_, _>>()?;
        let lens: Vec<usize> = pieces.iter().map(|p| p.ids.len()).collect();
        let plan = layout(
            &lens,
            self.context_pieces,
            self.context_pieces,
            self.max_pieces,
        );
        let (seqs, placed) = pack(&plan, sentences.len(), self.specials, |s, k| {
            let p = &pieces[s];
            let ty = if self.casing {
                casing_class(sentences[s][p.word_of[k]])
            } else {
                0
            };
            (p.ids[k], ty)
        });
        let probs = self.sequence_probs(&seqs)?;
        let mut out = Vec::with_capacity(sentences.len());
        for (p, placed) in pieces.iter().zip(&placed) {
            let read = piece_probs(&probs, placed);
            let words = p
                .first
                .iter()
                .map(|first| {
                    let mut row = [0f32; NUM_LABELS];
                    match first {
                        Some(piece) => {
                            for (id, &pr) in read(*piece).iter().enumerate() {
                                row[self.label_of[id].index()] += pr;
                            }
                        }
                        None => row[Label::O.index()] = 1.0,
                    }
                    row
                })
                .collect();
            out.push(words);
        }
        Ok(out)
    }

    /// The model's label probabilities for every piece of every sequence (ids and token types),
    /// run in batches of similar length.
    fn sequence_probs(
        &self,
        seqs: &[(Vec<u32>, Vec<u32>)],
    ) -> Result<Vec<Vec<Vec<f32>>>, TransformerError> {
        sequence_probs(&self.model, self.specials.pad, self.batch_pieces, seqs)
    }
}

/// A model's label probabilities for every piece of every sequence (ids and token types, special
/// tokens included), run in batches of similar length, at most `batch_pieces` pieces a batch.
pub(crate) fn sequence_probs(
    model: &BertForTokenClassification,
    pad_id: u32,
    batch_pieces: usize,
    seqs: &[(Vec<u32>, Vec<u32>)],
) -> Result<Vec<Vec<Vec<f32>>>, TransformerError> {
    let device = Device::Cpu;
    let mut order: Vec<usize> = (0..seqs.len()).collect();
    order.sort_by_key(|&i| seqs[i].0.len());
    let mut probs: Vec<Vec<Vec<f32>>> = vec![Vec::new(); seqs.len()];
    let mut i = 0;
    while i < order.len() {
        // Grow the batch while it fits and padding stays small (lengths within a quarter).
        let len = seqs[order[i]].0.len();
        let mut j = i + 1;
        while j < order.len() {
            let l = seqs[order[j]].0.len();
            if (j - i + 1) * l > batch_pieces || l > len + len / 4 + 4 {
                break;
            }
            j += 1;
        }
        let batch = &order[i..j];
        let width = batch.iter().map(|&k| seqs[k].0.len()).max().unwrap();
        let mut ids = Vec::with_capacity(batch.len() * width);
        let mut types = Vec::with_capacity(batch.len() * width);
        let mut mask = Vec::with_capacity(batch.len() * width);
        for &k in batch {
            let (s_ids, s_types) = &seqs[k];
            ids.extend_from_slice(s_ids);
            types.extend_from_slice(s_types);
            mask.extend(std::iter::repeat_n(1u32, s_ids.len()));
            let pad = width - s_ids.len();
            ids.extend(std::iter::repeat_n(pad_id, pad));
            types.extend(std::iter::repeat_n(0, pad));
            mask.extend(std::iter::repeat_n(0, pad));
        }
        let shape = (batch.len(), width);
        let input = Batch {
            input_ids: Tensor::from_vec(ids, shape, &device)?,
            token_type_ids: Tensor::from_vec(types, shape, &device)?,
            attention_mask: Tensor::from_vec(mask, shape, &device)?,
        };
        let logits = model.forward(&input, false)?;
        let p = candle_nn::ops::softmax_last_dim(&logits)?.to_vec3::<f32>()?;
        for (&k, rows) in batch.iter().zip(p) {
            probs[k] = rows;
        }
        i = j;
    }
    Ok(probs)
}

/// Word pieces of pre-split words (no special tokens).
pub fn pieces(tokenizer: &Tokenizer, words: &[&str]) -> Result<Pieces, TransformerError> {
    let enc = tokenizer
        .encode(words.to_vec(), false)
        .map_err(|e| TransformerError::Tokenizer(e.to_string()))?;
    let mut out = Pieces {
        ids: Vec::new(),
        word_of: Vec::new(),
        first: vec![None; words.len()],
    };
    for (&id, w) in enc.get_ids().iter().zip(enc.get_word_ids()) {
        let Some(w) = w.map(|w| w as usize).filter(|&w| w < words.len()) else {
            continue;
        };
        if out.first[w].is_none() {
            out.first[w] = Some(out.ids.len());
        }
        out.ids.push(id);
        out.word_of.push(w);
    }
    Ok(out)
}

/// Our label for a checkpoint's label name: IOB2 or IOB1 tags over PER/ORG/LOC/MISC (also
/// PERSON, ORGANIZATION, LOCATION); anything else is O.
pub fn map_label(name: &str) -> Label {
    let name = name.to_uppercase();
    let (prefix, ty) = match name.split_once('-') {
        Some((p, t)) => (p, t),
        None => return Label::O,
    };
    let ty = match ty {
        "PER" | "PERSON" => super::EntityType::Per,
        "ORG" | "ORGANIZATION" | "ORGANISATION" => super::EntityType::Org,
        "LOC" | "LOCATION" | "GPE" => super::EntityType::Loc,
        "MISC" => super::EntityType::Misc,
        _ => return Label::O,
    };
    match prefix {
        "B" | "S" => Label::B(ty),
        "I" | "E" => Label::I(ty),
        _ => Label::O,
    }
}

/// Entities of one sentence from per-word label probabilities: the most probable label sequence
/// that is valid IOB2 (Viterbi over log probabilities), so an `I-X` the model puts where no `X`
/// is open is read as the likeliest valid alternative rather than patched word by word.
pub fn decode(probs: &[[f32; NUM_LABELS]], toks: &[Token]) -> Vec<Entity> {
    let em: Vec<f32> = probs.iter().flatten().map(|p| p.max(1e-9).ln()).collect();
    let trans = [0f32; (NUM_LABELS + 1) * NUM_LABELS];
    let labels: Vec<Label> =
        crate::tagging::linear::viterbi(&em, &trans, super::perceptron::iob2_constraints())
            .into_iter()
            .map(Label::from_index)
            .collect();
    super::entities_from_labels(&labels, toks, |i| probs[i][labels[i].index()])
}

/// The words of each sentence, as the tagger takes them.
fn sentence_words<'a>(text: &'a str, sentences: &[&[Token]]) -> Vec<Vec<&'a str>> {
    sentences
        .iter()
        .map(|s| s.iter().map(|t| t.text(text)).collect())
        .collect()
}

impl TransformerTagger {
    /// Label probabilities of every word of a segmented document.
    pub fn document_probs(
        &self,
        text: &str,
        sentences: &[&[Token]],
    ) -> Result<Vec<Vec<[f32; NUM_LABELS]>>, TransformerError> {
        self.word_probs(&sentence_words(text, sentences))
    }
}

impl EntityTagger for TransformerTagger {
    fn tag_document(
        &self,
        text: &str,
        sentences: &[&[Token]],
    ) -> Result<Vec<Vec<Entity>>, crate::ner::NerError> {
        let probs = self.document_probs(text, sentences)?;
        Ok(probs
            .iter()
            .zip(sentences)
            .map(|(p, toks)| decode(p, toks))
            .collect())
    }

    fn name(&self) -> String {
        format!("transformer ({})", self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casing_classes() {
        assert_eq!(casing_class("paris"), 0);
        assert_eq!(casing_class("Paris"), 1);
        assert_eq!(casing_class("I"), 1);
        assert_eq!(casing_class("NATO"), 2);
        assert_eq!(casing_class("1996"), 3);
        assert_eq!(casing_class("iPhone"), 3);
        assert_eq!(casing_class("“"), 3);
    }

    #[test]
    fn windows_overlap_and_cover() {
        assert_eq!(windows(5, 8), vec![Window { start: 0, end: 5 }]);
        let ws = windows(20, 8);
        assert_eq!(ws.first().unwrap().start, 0);
        assert_eq!(ws.last().unwrap().end, 20);
        for w in ws.windows(2) {
            assert!(w[1].start < w[0].end, "windows overlap");
        }
        // A piece near the end of the first window is decided by the second.
        assert_eq!(best_window(&ws, 7), 1);
        assert_eq!(best_window(&ws, 1), 0);
        assert_eq!(best_window(&ws, 19), ws.len() - 1);
    }

    fn sentences_of(plan: &[Vec<Part>]) -> Vec<Vec<usize>> {
        plan.iter()
            .map(|parts| parts.iter().map(|p| p.sentence).collect())
            .collect()
    }

    #[test]
    fn layout_packs_whole_sentences_up_to_the_budget() {
        let lens = [4, 5, 3, 0, 6, 2];
        let plan = layout(&lens, 10, 10, 20);
        // 4+5 fit; 3 would make 12; the empty sentence is skipped; 3+6 fit; 2 would make 11.
        assert_eq!(sentences_of(&plan), vec![vec![0, 1], vec![2, 4], vec![5]]);
        for parts in &plan {
            let n: usize = parts.iter().map(|p| p.window.end - p.window.start).sum();
            assert!(n <= 10);
            for p in parts {
                assert_eq!(
                    p.window,
                    Window {
                        start: 0,
                        end: lens[p.sentence]
                    }
                );
            }
        }
        // A smaller first budget moves every boundary after it.
        assert_eq!(
            sentences_of(&layout(&lens, 10, 4, 20)),
            vec![vec![0], vec![1, 2], vec![4, 5]]
        );
        // No context: one sentence a sequence.
        assert_eq!(
            sentences_of(&layout(&lens, 0, 0, 20)),
            vec![vec![0], vec![1], vec![2], vec![4], vec![5]]
        );
    }

    #[test]
    fn layout_gives_long_sentences_windows_of_their_own() {
        let plan = layout(&[3, 30, 2], 10, 10, 12);
        assert_eq!(plan[0].len(), 1);
        assert_eq!(plan[0][0].sentence, 0);
        let long: Vec<&Window> = plan
            .iter()
            .filter(|parts| parts[0].sentence == 1)
            .map(|parts| {
                assert_eq!(parts.len(), 1, "a long sentence shares no sequence");
                &parts[0].window
            })
            .collect();
        assert_eq!(long.first().unwrap().start, 0);
        assert_eq!(long.last().unwrap().end, 30);
        assert!(long.iter().all(|w| w.end - w.start <= 12));
        assert_eq!(sentences_of(&plan).last().unwrap(), &vec![2]);
    }

    #[test]
    fn label_names_map_to_iob2() {
        assert_eq!(map_label("B-PER"), Label::B(crate::ner::EntityType::Per));
        assert_eq!(
            map_label("I-ORGANIZATION"),
            Label::I(crate::ner::EntityType::Org)
        );
        assert_eq!(map_label("B-DATE"), Label::O);
        assert_eq!(map_label("O"), Label::O);
    }

    #[test]
    fn decoding_finds_the_best_valid_sequence() {
        let toks: Vec<Token> = (0..4).map(|i| Token::new(i * 2, i * 2 + 1)).collect();
        let l = |s: &str| Label::parse(s).unwrap().index();
        let mut probs = vec![[0.0f32; NUM_LABELS]; 4];
        // I-PER I-PER O B-LOC by argmax: invalid at the start; the best valid reading is
        // B-PER I-PER O B-LOC.
        probs[0][l("I-PER")] = 0.6;
        probs[0][l("B-PER")] = 0.3;
        probs[0][l("O")] = 0.1;
        probs[1][l("I-PER")] = 0.9;
        probs[1][l("O")] = 0.1;
        probs[2][l("O")] = 1.0;
        probs[3][l("B-LOC")] = 0.8;
        probs[3][l("I-LOC")] = 0.2;
        let ents = decode(&probs, &toks);
        assert_eq!(ents.len(), 2);
        assert_eq!(ents[0].tokens, 0..2);
        assert_eq!(ents[0].kind, crate::ner::EntityType::Per);
        assert!(
            (ents[0].score - 0.3).abs() < 1e-6,
            "the lowest word probability"
        );
        assert_eq!(ents[1].tokens, 3..4);
        // B-ORG I-LOC I-LOC: the type is decided for the whole entity, not word by word.
        let mut probs = vec![[0.0f32; NUM_LABELS]; 3];
        probs[0][l("B-ORG")] = 0.5;
        probs[0][l("B-LOC")] = 0.4;
        probs[0][l("O")] = 0.1;
        for p in &mut probs[1..] {
            p[l("I-LOC")] = 0.6;
            p[l("I-ORG")] = 0.3;
            p[l("O")] = 0.1;
        }
        let ents = decode(&probs, &toks[..3]);
        assert_eq!(ents.len(), 1);
        assert_eq!(ents[0].tokens, 0..3);
        assert_eq!(ents[0].kind, crate::ner::EntityType::Loc);
    }
}
