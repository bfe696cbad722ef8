//! The transformer backend of the attribution tagger: a BERT token classifier (MiniLM fine-tuned
//! from the shipped NER transformer, `transformer_training`) over the same seven BIO labels as the
//! linear model. Its per-word log-probabilities take the place of the linear model's scores, so
//! decoding (Viterbi under the BIO constraints), the posteriors and the linker are the same for
//! both backends.
//!
//! Each word piece's token type carries three things the base model cannot see: its word's casing
//! class (4, see [`casing_class`]), whether the word is inside a quotation or is a quote mark (2),
//! and whether it is a cue of the lexicon (a reporting verb, "according to"; 2): 16 types, said in
//! `config.json` as `"whosaid_token_types": "casing-quote-cue"`. Paragraphs are read with their
//! neighbours as context: consecutive whole paragraphs of a document share a sequence of up to
//! `"whosaid_context_pieces"` pieces; a longer paragraph is read in overlapping windows. The first
//! piece of each word decides its labels.

use std::ops::Range;
use std::path::Path;

use tokenizers::Tokenizer;

use super::LABELS;
use crate::analysis::Analysis;
use crate::cues::Cues;
use crate::ner::transformer::bert::{BertConfig, BertForTokenClassification};
use crate::ner::transformer::{
    Specials, TransformerError, casing_class, layout, load_checkpoint, pack, piece_probs, pieces,
    sequence_probs, specials,
};

/// What the token types of a checkpoint trained here mean (`"whosaid_token_types"`).
pub const TOKEN_TYPES: &str = "casing-quote-cue";

/// Number of token types: casing (4) × quoted (2) × cue (2).
pub const NUM_TYPES: usize = 16;

/// The description of the token types written into `config.json`.
pub const TYPES_NOTE: &str = "token_type_ids = casing + 4 * quoted + 8 * cue: casing 0 lower, \
     1 Initial, 2 ALLCAPS, 3 other; quoted: inside a quotation or a quote mark; cue: a reporting \
     verb or 'according to' of the cue lexicon";

/// The token type of a word: its casing class, plus 4 when it is quoted (inside a quotation or a
/// quote mark), plus 8 when it is a cue of the lexicon.
pub fn token_type(word: &str, quoted: bool, cue: bool) -> u32 {
    casing_class(word) + if quoted { 4 } else { 0 } + if cue { 8 } else { 0 }
}

/// The base model's token type row a new row starts from: its casing class (the base is the
/// casing-aware NER model, whose four rows are the casing classes).
pub fn base_type_row(t: usize) -> usize {
    t % 4
}

/// Whether token `i` is a cue of the lexicon: a reporting verb used as one, or "according to".
pub(crate) fn cue_hit(a: &Analysis, cues: &Cues, i: usize) -> bool {
    cues.verb(i).is_some()
        || cues.according_to(i)
        || (i > 0 && a.w(i) == "to" && cues.according_to(i - 1))
}

/// A paragraph as word pieces with their token types; `first[k]`: the first piece of its `k`-th
/// token.
pub(crate) struct ParagraphPieces {
    pub ids: Vec<u32>,
    pub types: Vec<u32>,
    pub first: Vec<Option<usize>>,
}

/// The word pieces of the tokens `r` of a document.
pub(crate) fn paragraph_pieces(
    tokenizer: &Tokenizer,
    a: &Analysis,
    cues: &Cues,
    r: Range<usize>,
) -> Result<ParagraphPieces, TransformerError> {
    let words: Vec<&str> = r.clone().map(|i| a.word(i)).collect();
    let p = pieces(tokenizer, &words)?;
    let types = p
        .word_of
        .iter()
        .map(|&k| {
            let i = r.start + k;
            token_type(words[k], a.quoted(i), cue_hit(a, cues, i))
        })
        .collect();
    Ok(ParagraphPieces {
        ids: p.ids,
        types,
        first: p.first,
    })
}

/// The transformer attribution tagger.
pub struct ClaimsTransformer {
    model: BertForTokenClassification,
    tokenizer: Tokenizer,
    specials: Specials,
    /// Most pieces per window, without the two special tokens.
    max_pieces: usize,
    /// Pieces of neighbouring paragraphs read together.
    context_pieces: usize,
    /// Most pieces (padding included) per batch.
    batch_pieces: usize,
    /// The threshold stored in the config (`"whosaid_threshold"`).
    pub(crate) threshold: Option<f32>,
    /// The weight of the linear model's posteriors mixed into this model's probabilities
    /// (`"whosaid_linear_weight"`; 0, none, when the config does not say).
    pub(crate) linear_weight: f32,
    name: String,
}

impl std::fmt::Debug for ClaimsTransformer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClaimsTransformer")
            .field("name", &self.name)
            .field("context_pieces", &self.context_pieces)
            .finish_non_exhaustive()
    }
}

/// Checks that a config is an attribution tagger's: our seven labels in order and our token
/// types.
pub(crate) fn check_config(cfg: &BertConfig, path: &Path) -> Result<(), TransformerError> {
    let err = |message: String| TransformerError::Load {
        path: path.join("config.json").display().to_string(),
        message,
    };
    if cfg.labels() != LABELS {
        return Err(err(format!(
            "labels {:?}: not an attribution tagger (expected {LABELS:?})",
            cfg.labels()
        )));
    }
    let types = cfg
        .extra
        .get("whosaid_token_types")
        .and_then(|v| v.as_str());
    if types != Some(TOKEN_TYPES) || cfg.type_vocab_size != NUM_TYPES {
        return Err(err(format!(
            "token types {types:?} ({} rows): expected {TOKEN_TYPES:?} ({NUM_TYPES} rows)",
            cfg.type_vocab_size
        )));
    }
    Ok(())
}

impl ClaimsTransformer {
    /// Loads a checkpoint folder trained by `whosaid train-claims --arch transformer`.
    pub fn load(dir: &Path) -> Result<Self, TransformerError> {
        let (cfg, tokenizer, model) = load_checkpoint(dir)?;
        check_config(&cfg, dir)?;
        Self::from_parts(model, tokenizer, &cfg, dir.display().to_string())
    }

    pub(crate) fn from_parts(
        model: BertForTokenClassification,
        tokenizer: Tokenizer,
        cfg: &BertConfig,
        name: String,
    ) -> Result<Self, TransformerError> {
        let max_pieces = cfg.max_position_embeddings.min(512) - 2;
        Ok(ClaimsTransformer {
            specials: specials(&tokenizer, cfg.pad_token_id)?,
            model,
            tokenizer,
            max_pieces,
            context_pieces: cfg.context_pieces().min(max_pieces),
            batch_pieces: 4096,
            threshold: cfg
                .extra
                .get("whosaid_threshold")
                .and_then(serde_json::Value::as_f64)
                .map(|t| t as f32),
            linear_weight: cfg
                .extra
                .get("whosaid_linear_weight")
                .and_then(serde_json::Value::as_f64)
                .unwrap_or(0.0) as f32,
            name,
        })
    }

    /// The folder it was loaded from.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Log-probabilities of the seven labels for every token of the paragraphs `paragraphs`
    /// (consecutive, in document order), `LABELS.len()` per token, paragraph after paragraph.
    pub(crate) fn log_probs(
        &self,
        a: &Analysis,
        cues: &Cues,
        paragraphs: &[Range<usize>],
    ) -> Result<Vec<f32>, TransformerError> {
        let n = LABELS.len();
        let paras: Vec<ParagraphPieces> = paragraphs
            .iter()
            .map(|r| paragraph_pieces(&self.tokenizer, a, cues, r.clone()))
            .collect::<Result<_, _>>()?;
        let lens: Vec<usize> = paras.iter().map(|p| p.ids.len()).collect();
        let plan = layout(
            &lens,
            self.context_pieces,
            self.context_pieces,
            self.max_pieces,
        );
        let (seqs, placed) = pack(&plan, paras.len(), self.specials, |p, k| {
            (paras[p].ids[k], paras[p].types[k])
        });
        let probs = sequence_probs(&self.model, self.specials.pad, self.batch_pieces, &seqs)?;
        let uniform = -(n as f32).ln();
        let mut out = Vec::with_capacity(paragraphs.iter().map(|r| r.len() * n).sum());
        for (p, placed) in paras.iter().zip(&placed) {
            let read = piece_probs(&probs, placed);
            for first in &p.first {
                match first {
                    Some(piece) => out.extend(read(*piece).iter().map(|&x| x.max(1e-9).ln())),
                    // A word without pieces says nothing: its neighbours decide.
                    None => out.extend(std::iter::repeat_n(uniform, n)),
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_types_combine_casing_quotes_and_cues() {
        assert_eq!(token_type("said", false, false), 0);
        assert_eq!(token_type("Said", false, false), 1);
        assert_eq!(token_type("said", false, true), 8);
        assert_eq!(token_type("NATO", true, false), 6);
        assert_eq!(token_type("“", true, false), 7);
        assert_eq!(token_type("Told", true, true), 13);
        // Every combination has its own id below the number of types, and its base row is its
        // casing class.
        let mut seen = std::collections::HashSet::new();
        for w in ["a", "A", "AB", "1"] {
            for q in [false, true] {
                for c in [false, true] {
                    let t = token_type(w, q, c);
                    assert!((t as usize) < NUM_TYPES);
                    assert_eq!(base_type_row(t as usize) as u32, casing_class(w));
                    assert!(seen.insert(t));
                }
            }
        }
        assert_eq!(seen.len(), NUM_TYPES);
    }
}
