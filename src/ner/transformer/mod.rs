//! The transformer tagger: any BERT token-classification checkpoint in Hugging Face format
//! (`config.json` with `id2label`, `tokenizer.json`, `model.safetensors`), run with candle.
//!
//! Our word tokens are split into word pieces; the first piece of each word decides its label.
//! Sentences longer than the model's window are tagged in overlapping windows, each word taking
//! its label from the window where it sits furthest from an edge. Sentences are batched by length
//! to cut padding. The label probabilities of each word are mapped onto IOB2 and decoded with
//! Viterbi under IOB2 constraints, which repairs any invalid sequence; an entity's score is the
//! lowest probability among its words' labels.
//!
//! Checkpoints trained here widen the token type embedding to four casing classes (see
//! [`casing_class`]) and say so in `config.json` (`"whosaid_token_types": "casing"`); other
//! checkpoints get token type 0 everywhere, as usual.

pub mod bert;
pub mod training;

use std::path::Path;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use tokenizers::Tokenizer;

use self::bert::{Batch, BertConfig, BertForTokenClassification};
use super::{Entity, EntityTagger, Label, NUM_LABELS};
use crate::segment::Token;

#[derive(Debug, thiserror::Error)]
pub enum TransformerError {
    #[error("{path}: {message}")]
    Load { path: String, message: String },
    #[error("model: {0}")]
    Candle(#[from] candle_core::Error),
    #[error("tokenizer: {0}")]
    Tokenizer(String),
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
    pub ids: Vec<u32>,
    pub word_of: Vec<usize>,
    pub first: Vec<Option<usize>>,
}

/// A window over a sentence's pieces, `[start, end)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    pub start: usize,
    pub end: usize,
}

/// Overlapping windows of at most `max` pieces (stride `max / 2`) covering `n` pieces.
pub fn windows(n: usize, max: usize) -> Vec<Window> {
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
pub fn best_window(ws: &[Window], p: usize) -> usize {
    (0..ws.len())
        .filter(|&w| ws[w].start <= p && p < ws[w].end)
        .max_by_key(|&w| (p - ws[w].start).min(ws[w].end - 1 - p))
        .unwrap_or(0)
}

/// One sequence as the model sees it: piece ids and token type ids with the special tokens, and
/// the position of each word's first piece.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowInput {
    pub ids: Vec<u32>,
    pub types: Vec<u32>,
    pub first: Vec<usize>,
}

/// Piece ids of the special tokens the model expects around a sequence.
#[derive(Debug, Clone, Copy)]
struct Specials {
    cls: u32,
    sep: u32,
    pad: u32,
}

pub struct TransformerTagger {
    model: BertForTokenClassification,
    tokenizer: Tokenizer,
    specials: Specials,
    /// Our label for each of the model's label ids.
    label_of: Vec<Label>,
    casing: bool,
    /// Most pieces per window, without the two special tokens.
    max_pieces: usize,
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

fn specials(tokenizer: &Tokenizer, pad: u32) -> Result<Specials, TransformerError> {
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

impl TransformerTagger {
    /// Loads a checkpoint folder.
    pub fn load(dir: &Path) -> Result<Self, TransformerError> {
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
        Self::from_parts(model, tokenizer, &cfg, dir.display().to_string())
    }

    pub fn from_parts(
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
            batch_pieces: 4096,
            name,
            device: Device::Cpu,
        })
    }

    /// Sets the window size (for tests of long inputs).
    pub fn with_max_pieces(mut self, n: usize) -> Self {
        self.max_pieces = n.max(2);
        self
    }

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

    /// Probabilities of our nine labels for every word of every sentence.
    pub fn word_probs(
        &self,
        sentences: &[Vec<&str>],
    ) -> Result<Vec<Vec<[f32; NUM_LABELS]>>, TransformerError> {
        // Every window of every sentence, as a sequence with its special tokens.
        struct Seq {
            sentence: usize,
            window: usize,
            ids: Vec<u32>,
            types: Vec<u32>,
        }
        let mut encoded = Vec::with_capacity(sentences.len());
        let mut seqs = Vec::new();
        for (si, words) in sentences.iter().enumerate() {
            let p = self.pieces(words)?;
            let ws = windows(p.ids.len(), self.max_pieces);
            for (wi, w) in ws.iter().enumerate() {
                let mut ids = vec![self.specials.cls];
                let mut types = vec![0];
                for k in w.start..w.end {
                    ids.push(p.ids[k]);
                    types.push(if self.casing {
                        casing_class(words[p.word_of[k]])
                    } else {
                        0
                    });
                }
                ids.push(self.specials.sep);
                types.push(0);
                seqs.push(Seq {
                    sentence: si,
                    window: wi,
                    ids,
                    types,
                });
            }
            encoded.push((p, ws));
        }
        // Batches of similar length.
        let mut order: Vec<usize> = (0..seqs.len()).collect();
        order.sort_by_key(|&i| seqs[i].ids.len());
        let mut probs: Vec<Option<Vec<Vec<f32>>>> = vec![None; seqs.len()];
        let mut i = 0;
        while i < order.len() {
            // Grow the batch while it fits and padding stays small (lengths within a quarter).
            let len = seqs[order[i]].ids.len();
            let mut j = i;
            while j < order.len() {
                let l = seqs[order[j]].ids.len();
                if (j - i + 1) * l > self.batch_pieces.max(len) || l > len + len / 4 + 4 {
                    break;
                }
                j += 1;
            }
            let batch: Vec<usize> = order[i..j.max(i + 1)].to_vec();
            let width = batch.iter().map(|&k| seqs[k].ids.len()).max().unwrap();
            let mut ids = Vec::with_capacity(batch.len() * width);
            let mut types = Vec::with_capacity(batch.len() * width);
            let mut mask = Vec::with_capacity(batch.len() * width);
            for &k in &batch {
                let s = &seqs[k];
                ids.extend_from_slice(&s.ids);
                types.extend_from_slice(&s.types);
                mask.extend(std::iter::repeat_n(1u32, s.ids.len()));
                let pad = width - s.ids.len();
                ids.extend(std::iter::repeat_n(self.specials.pad, pad));
                types.extend(std::iter::repeat_n(0, pad));
                mask.extend(std::iter::repeat_n(0, pad));
            }
            let shape = (batch.len(), width);
            let input = Batch {
                input_ids: Tensor::from_vec(ids, shape, &self.device)?,
                token_type_ids: Tensor::from_vec(types, shape, &self.device)?,
                attention_mask: Tensor::from_vec(mask, shape, &self.device)?,
            };
            let logits = self.model.forward(&input, false)?;
            let p = candle_nn::ops::softmax_last_dim(&logits)?.to_vec3::<f32>()?;
            for (&k, rows) in batch.iter().zip(p) {
                probs[k] = Some(rows);
            }
            i = j.max(i + 1);
        }
        // Each word's first piece, read in its best window.
        let mut index = vec![Vec::new(); sentences.len()];
        for (k, s) in seqs.iter().enumerate() {
            index[s.sentence].push((s.window, k));
        }
        let mut out = Vec::with_capacity(sentences.len());
        for (si, (p, ws)) in encoded.iter().enumerate() {
            let mut words = Vec::with_capacity(p.first.len());
            for first in &p.first {
                let mut row = [0f32; NUM_LABELS];
                match first {
                    Some(piece) => {
                        let w = best_window(ws, *piece);
                        let k = index[si].iter().find(|(wi, _)| *wi == w).unwrap().1;
                        let model_probs = &probs[k].as_ref().unwrap()[1 + piece - ws[w].start];
                        for (id, &pr) in model_probs.iter().enumerate() {
                            row[self.label_of[id].index()] += pr;
                        }
                    }
                    None => row[Label::O.index()] = 1.0,
                }
                words.push(row);
            }
            out.push(words);
        }
        Ok(out)
    }
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

/// Entities of one sentence from per-word label probabilities: the most probable label of each
/// word, then BIO repair (an `I-X` that does not continue an `X` opens one).
pub fn decode(probs: &[[f32; NUM_LABELS]], toks: &[Token]) -> Vec<Entity> {
    let best: Vec<Label> = probs
        .iter()
        .map(|r| {
            Label::from_index(
                (0..NUM_LABELS)
                    .max_by(|&a, &b| r[a].total_cmp(&r[b]))
                    .unwrap_or(0),
            )
        })
        .collect();
    let labels = super::repair_bio(&best);
    // The repaired label's type is the predicted one, so its probability is the word's.
    super::entities_from_labels(&labels, toks, |i| probs[i][best[i].index()])
}

impl EntityTagger for TransformerTagger {
    fn tag_document(&self, text: &str, sentences: &[&[Token]]) -> Vec<Vec<Entity>> {
        let words: Vec<Vec<&str>> = sentences
            .iter()
            .map(|s| s.iter().map(|t| t.text(text)).collect())
            .collect();
        match self.word_probs(&words) {
            Ok(probs) => probs
                .iter()
                .zip(sentences)
                .map(|(p, toks)| decode(p, toks))
                .collect(),
            Err(e) => {
                // Inference on valid input does not fail; if it does, say so and tag nothing.
                eprintln!("whosaid: transformer tagger failed: {e}");
                vec![Vec::new(); sentences.len()]
            }
        }
    }

    fn name(&self) -> String {
        format!("transformer ({})", self.name)
    }
}

/// The folder of the shipped transformer model inside the models folder.
pub const SHIPPED: &str = "ner-transformer";

/// Whether a path is a checkpoint folder (rather than a linear model file).
pub fn is_checkpoint(path: &Path) -> bool {
    path.is_dir() && path.join("config.json").exists()
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
    fn decoding_repairs_bio() {
        let toks: Vec<Token> = (0..3)
            .map(|i| Token {
                start: i * 2,
                end: i * 2 + 1,
            })
            .collect();
        let mut probs = vec![[0.0f32; NUM_LABELS]; 3];
        let l = |s: &str| Label::parse(s).unwrap().index();
        // I-PER I-PER O: an entity that starts with I- becomes B-PER I-PER.
        probs[0][l("I-PER")] = 0.6;
        probs[0][l("O")] = 0.4;
        probs[1][l("I-PER")] = 0.9;
        probs[1][l("O")] = 0.1;
        probs[2][l("O")] = 1.0;
        let ents = decode(&probs, &toks);
        assert_eq!(ents.len(), 1);
        assert_eq!(ents[0].tokens, 0..2);
        assert_eq!(ents[0].kind, crate::ner::EntityType::Per);
    }
}
