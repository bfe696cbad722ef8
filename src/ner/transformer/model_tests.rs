//! The transformer tagger on a tiny randomly initialised checkpoint that the test writes itself:
//! loading, word-piece alignment, windows, padding switched off, BIO repair, gradients, and the
//! shipped model's logits against a stored reference.

use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use candle_nn::{AdamW, Optimizer, ParamsAdamW, VarBuilder, VarMap};

use super::bert::{Batch, BertConfig, BertForTokenClassification};
use super::training::{fine_tuned_config, loss, save_checkpoint};
use super::{TransformerTagger, load_tokenizer, pieces};
use crate::ner::{Entity, EntityTagger, NUM_LABELS};
use crate::text::segment::{Token, segment};

/// A fresh, empty folder for one test's files.
pub(crate) fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "whosaid-transformer-test-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const VOCAB: &[&str] = &[
    "[PAD]",
    "[UNK]",
    "[CLS]",
    "[SEP]",
    "the",
    "minister",
    "said",
    "in",
    "paris",
    "on",
    "monday",
    "ze",
    "##len",
    "##sky",
    "met",
    "a",
    "spokesman",
    ".",
    ",",
    "“",
    "”",
    "we",
    "are",
    "ready",
];

/// A WordPiece tokenizer.json over `VOCAB`, with fixed padding that the loader must switch off.
fn tokenizer_json() -> String {
    let vocab: serde_json::Map<String, serde_json::Value> = VOCAB
        .iter()
        .enumerate()
        .map(|(i, w)| (w.to_string(), serde_json::json!(i)))
        .collect();
    let added: Vec<serde_json::Value> = VOCAB[..4]
        .iter()
        .enumerate()
        .map(|(i, w)| {
            serde_json::json!({"id": i, "content": w, "single_word": false, "lstrip": false,
                               "rstrip": false, "normalized": false, "special": true})
        })
        .collect();
    serde_json::json!({
        "version": "1.0",
        "truncation": {"direction": "Right", "max_length": 8, "strategy": "LongestFirst", "stride": 0},
        "padding": {"strategy": {"Fixed": 16}, "direction": "Right", "pad_to_multiple_of": null,
                    "pad_id": 0, "pad_type_id": 0, "pad_token": "[PAD]"},
        "added_tokens": added,
        "normalizer": {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true,
                       "strip_accents": null, "lowercase": true},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {"type": "BertProcessing", "sep": ["[SEP]", 3], "cls": ["[CLS]", 2]},
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": true},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": vocab}
    })
    .to_string()
}

/// Pieces of neighbouring sentences the tiny model reads together.
const CONTEXT: usize = 16;

fn tiny_config() -> BertConfig {
    let base: BertConfig = serde_json::from_value(serde_json::json!({
        "vocab_size": VOCAB.len(), "hidden_size": 16, "num_hidden_layers": 2,
        "num_attention_heads": 2, "intermediate_size": 32, "max_position_embeddings": 64,
        "type_vocab_size": 2, "model_type": "bert"
    }))
    .unwrap();
    fine_tuned_config(&base, CONTEXT)
}

/// Writes a tiny random checkpoint folder and returns its path (and the model's variables).
pub(crate) fn tiny_checkpoint(name: &str) -> (PathBuf, VarMap) {
    let root = temp_dir(name);
    let tok_dir = root.join("tokenizer");
    std::fs::create_dir_all(&tok_dir).unwrap();
    std::fs::write(tok_dir.join("tokenizer.json"), tokenizer_json()).unwrap();
    let cfg = tiny_config();
    let varmap = VarMap::new();
    let vb = VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu);
    BertForTokenClassification::new(&cfg, NUM_LABELS, vb).unwrap();
    let dir = root.join("model");
    save_checkpoint(&varmap, &cfg, &tok_dir, &dir, false).unwrap();
    (dir, varmap)
}

fn tag(tagger: &dyn EntityTagger, text: &str) -> Vec<Vec<Entity>> {
    let seg = segment(text);
    let sents: Vec<&[Token]> = (0..seg.sentences.len())
        .map(|i| seg.sentence_tokens(i))
        .collect();
    tagger.tag_document(text, &sents).unwrap()
}

#[test]
fn tiny_checkpoint_is_small_and_loads() {
    let (dir, _) = tiny_checkpoint("load");
    let size = std::fs::metadata(dir.join("model.safetensors"))
        .unwrap()
        .len();
    assert!(size < 300_000, "{size} bytes");
    let tagger = TransformerTagger::load(&dir).unwrap();
    let text = "The minister said in Paris on Monday: “We are ready.” Zelensky met a spokesman.";
    let ents = tag(&tagger, text);
    for e in ents.iter().flatten() {
        assert!(!e.text(text).is_empty());
        assert!((0.0..=1.0).contains(&e.score), "{}", e.score);
    }
    assert!(tagger.name().contains("transformer"));
}

#[test]
fn first_piece_decides_and_padding_is_off() {
    let (dir, _) = tiny_checkpoint("pieces");
    let tagger = TransformerTagger::load(&dir).unwrap();
    let p = tagger.pieces(&["Zelensky", "said", "Qwerty"]).unwrap();
    // ze ##len ##sky | said | [UNK]: no fixed padding to 16, no truncation to 8.
    assert_eq!(p.ids, vec![11, 12, 13, 6, 1]);
    assert_eq!(p.word_of, vec![0, 0, 0, 1, 2]);
    assert_eq!(p.first, vec![Some(0), Some(3), Some(4)]);
    let tok = load_tokenizer(&dir.join("tokenizer.json")).unwrap();
    let long: Vec<&str> = std::iter::repeat_n("paris", 30).collect();
    assert_eq!(pieces(&tok, &long).unwrap().ids.len(), 30);
}

#[test]
fn long_sentences_are_tagged_in_windows() {
    let (dir, _) = tiny_checkpoint("windows");
    let whole = TransformerTagger::load(&dir).unwrap();
    let windowed = TransformerTagger::load(&dir).unwrap().with_max_pieces(6);
    let words: Vec<&str> =
        "the minister said in Paris on Monday , Zelensky met a spokesman in Paris"
            .split(' ')
            .collect();
    let a = whole.word_probs(std::slice::from_ref(&words)).unwrap();
    let b = windowed.word_probs(std::slice::from_ref(&words)).unwrap();
    assert_eq!(a[0].len(), words.len());
    assert_eq!(b[0].len(), words.len());
    for row in &b[0] {
        assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-4);
    }
    // Windowed and whole inputs differ (each window sees less context) but stay valid.
    let c = windowed.word_probs(&[words[..4].to_vec()]).unwrap();
    assert_eq!(c[0].len(), 4);
}

#[test]
fn batching_does_not_change_results() {
    let (dir, _) = tiny_checkpoint("batching");
    // One sentence a sequence, so that sequences of different lengths share a batch.
    let mut small = TransformerTagger::load(&dir)
        .unwrap()
        .with_context_pieces(0);
    small.batch_pieces = 1;
    let big = TransformerTagger::load(&dir)
        .unwrap()
        .with_context_pieces(0);
    let sents: Vec<Vec<&str>> = vec![
        vec!["the", "minister"],
        vec!["Zelensky", "met", "a", "spokesman", "in", "Paris"],
        vec!["ready"],
    ];
    let a = small.word_probs(&sents).unwrap();
    let b = big.word_probs(&sents).unwrap();
    for (x, y) in a.iter().flatten().zip(b.iter().flatten()) {
        for l in 0..NUM_LABELS {
            assert!(
                (x[l] - y[l]).abs() < 1e-5,
                "padding and attention masks keep results equal"
            );
        }
    }
}

fn close(a: &[[f32; NUM_LABELS]], b: &[[f32; NUM_LABELS]]) -> bool {
    a.len() == b.len()
        && a.iter()
            .flatten()
            .zip(b.iter().flatten())
            .all(|(x, y)| (x - y).abs() < 1e-5)
}

#[test]
fn neighbouring_sentences_are_read_together() {
    let (dir, _) = tiny_checkpoint("context");
    let cfg: BertConfig =
        serde_json::from_str(&std::fs::read_to_string(dir.join("config.json")).unwrap()).unwrap();
    assert_eq!(
        cfg.context_pieces(),
        CONTEXT,
        "the config records the budget"
    );
    let with = TransformerTagger::load(&dir).unwrap();
    let without = TransformerTagger::load(&dir)
        .unwrap()
        .with_context_pieces(0);
    // Pieces: 7, 4, 8, 5, 6. With a budget of 16: [0 1] [2 3] [4].
    let doc: Vec<Vec<&str>> = vec![
        vec!["Zelensky", "met", "a", "spokesman", "."],
        vec!["the", "minister", "said", "."],
        vec!["we", "are", "ready", "in", "Paris", "on", "Monday", "."],
        vec!["Zelensky", "said", "."],
        vec!["the", "spokesman", "met", "the", "minister", "."],
    ];
    let alone: Vec<_> = doc
        .iter()
        .map(|s| with.word_probs(std::slice::from_ref(s)).unwrap().remove(0))
        .collect();
    let together = with.word_probs(&doc).unwrap();
    let single = without.word_probs(&doc).unwrap();
    for (i, s) in doc.iter().enumerate() {
        assert_eq!(together[i].len(), s.len());
        // Without context, a sentence reads the same alone or in its document.
        assert!(close(&single[i], &alone[i]), "sentence {i}");
    }
    // With context, sentences that share a sequence read differently from alone; the last,
    // which the budget leaves alone, reads the same.
    for (i, shared) in [true, true, true, true, false].iter().enumerate() {
        assert_eq!(!close(&together[i], &alone[i]), *shared, "sentence {i}");
    }
}

#[test]
fn gradients_reach_every_parameter_and_training_lowers_the_loss() {
    let cfg = tiny_config();
    let varmap = VarMap::new();
    let vb = VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu);
    let model = BertForTokenClassification::new(&cfg, NUM_LABELS, vb).unwrap();
    let dev = Device::Cpu;
    let ids: Vec<u32> = vec![2, 4, 5, 6, 7, 8, 3, 0, 2, 11, 12, 13, 14, 15, 16, 3];
    let types: Vec<u32> = vec![0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0];
    let mask: Vec<u32> = vec![1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1];
    let batch = Batch {
        input_ids: Tensor::from_vec(ids, (2, 8), &dev).unwrap(),
        token_type_ids: Tensor::from_vec(types, (2, 8), &dev).unwrap(),
        attention_mask: Tensor::from_vec(mask, (2, 8), &dev).unwrap(),
    };
    let pos = Tensor::new(&[1u32, 2, 3, 4, 5, 9, 12, 13, 14][..], &dev).unwrap();
    let labels = Tensor::new(&[0u32, 0, 0, 0, 5, 1, 0, 0, 0][..], &dev).unwrap();
    let l = loss(&model, &batch, &pos, &labels).unwrap();
    let grads = l.backward().unwrap();
    let vars = varmap.data().lock().unwrap();
    for (name, var) in vars.iter() {
        let g = grads
            .get(var.as_tensor())
            .unwrap_or_else(|| panic!("no gradient for {name}"));
        let norm = g
            .abs()
            .unwrap()
            .sum_all()
            .unwrap()
            .to_scalar::<f32>()
            .unwrap();
        assert!(norm > 0.0, "zero gradient for {name}");
    }
    drop(vars);
    let first = l.to_scalar::<f32>().unwrap();
    let mut opt = AdamW::new(
        varmap.all_vars(),
        ParamsAdamW {
            lr: 1e-2,
            ..Default::default()
        },
    )
    .unwrap();
    let mut last = first;
    for _ in 0..30 {
        let l = loss(&model, &batch, &pos, &labels).unwrap();
        opt.backward_step(&l).unwrap();
        last = l.to_scalar::<f32>().unwrap();
    }
    assert!(last < first * 0.5, "loss {first} -> {last}");
}

#[test]
fn foreign_checkpoints_without_casing_types_load() {
    // A plain BERT token classifier: two token types, other label names.
    let root = temp_dir("foreign");
    let tok_dir = root.join("tok");
    std::fs::create_dir_all(&tok_dir).unwrap();
    std::fs::write(tok_dir.join("tokenizer.json"), tokenizer_json()).unwrap();
    let mut cfg = tiny_config();
    cfg.type_vocab_size = 2;
    cfg.extra.remove("whosaid_token_types");
    cfg.id2label = [(0, "O"), (1, "B-PERSON"), (2, "I-PERSON"), (3, "B-DATE")]
        .iter()
        .map(|(i, l)| (i.to_string(), l.to_string()))
        .collect();
    let varmap = VarMap::new();
    let vb = VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu);
    BertForTokenClassification::new(&cfg, 4, vb).unwrap();
    let dir = root.join("model");
    save_checkpoint(&varmap, &cfg, &tok_dir, &dir, true).unwrap();
    let tagger = TransformerTagger::load(&dir).unwrap();
    let probs = tagger.word_probs(&[vec!["the", "minister"]]).unwrap();
    // B-DATE is not ours: its probability goes to O; nothing goes to ORG, LOC or MISC.
    for row in &probs[0] {
        assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-3);
        assert_eq!(row[3..].iter().sum::<f32>(), 0.0);
    }
    // A folder without weights is a clear error.
    std::fs::remove_file(dir.join("model.safetensors")).unwrap();
    let err = TransformerTagger::load(&dir).err().unwrap().to_string();
    assert!(err.contains("model.safetensors"), "{err}");
}

/// The shipped model's logits on a few sentences match the stored reference within 1e-4, so a
/// refactor cannot silently change the model.
#[test]
fn shipped_model_matches_reference_logits() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/ner-transformer");
    // The model ships with the repository: a missing one is a failure, not a skip.
    assert!(
        dir.join("config.json").exists(),
        "no shipped transformer model in {}",
        dir.display()
    );
    let reference = dir.join("reference-logits.json");
    let tagger = TransformerTagger::load(&dir).unwrap();
    if std::env::var_os("WHOSAID_WRITE_REFERENCE").is_some() {
        // Run once when a new model is shipped: WHOSAID_WRITE_REFERENCE=1 cargo test --release.
        let sentences: Vec<serde_json::Value> = [
            "Transport Secretary Heidi Alexander said the UK 's voice does count with Washington .",
            "EU rejects German call to boycott British lamb .",
            "“ Ukraine ‘ leadership ’ has expressed zero gratitude , ” he wrote on Truth Social .",
        ]
        .iter()
        .map(|s| {
            let words: Vec<&str> = s.split(' ').collect();
            let w = tagger.single_window(&words).unwrap();
            serde_json::json!({"words": words, "input_ids": w.ids, "token_type_ids": w.types,
                               "first_pieces": w.first, "logits": tagger.word_logits(&words).unwrap()})
        })
        .collect();
        let out = serde_json::json!({
            "note": "label scores of each word's first piece, from the shipped model's forward pass",
            "sentences": sentences,
        });
        std::fs::write(&reference, serde_json::to_string_pretty(&out).unwrap()).unwrap();
    }
    assert!(
        reference.exists(),
        "the shipped model comes with its reference logits"
    );
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&reference).unwrap()).unwrap();
    for case in r["sentences"].as_array().unwrap() {
        let words: Vec<&str> = case["words"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap())
            .collect();
        let got = tagger.word_logits(&words).unwrap();
        let want: Vec<Vec<f32>> = serde_json::from_value(case["logits"].clone()).unwrap();
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().flatten().zip(want.iter().flatten()) {
            assert!((g - w).abs() < 1e-4, "{g} vs {w}");
        }
    }
}

/// The mix of the transformer and the fast model: all transformer at weight 1, the fast model's
/// reading at weight 0.
#[test]
fn combined_tagger_mixes_both_models() {
    use crate::ner::combined::CombinedTagger;
    use crate::ner::perceptron::PerceptronTagger;
    let fast_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/ner-fast.bin");
    let (dir, _) = tiny_checkpoint("combined");
    let text = "Transport Secretary Heidi Alexander met the minister in Paris on Monday.";
    let combined = |weight| CombinedTagger {
        transformer: TransformerTagger::load(&dir).unwrap(),
        fast: PerceptronTagger::load(&fast_path).unwrap(),
        weight,
    };
    let alone = tag(&TransformerTagger::load(&dir).unwrap(), text);
    let same = tag(&combined(1.0), text);
    assert_eq!(same.len(), alone.len());
    for (a, b) in same.iter().flatten().zip(alone.iter().flatten()) {
        assert_eq!((a.kind, &a.tokens), (b.kind, &b.tokens));
        assert!((a.score - b.score).abs() < 1e-5);
    }
    assert_eq!(
        same.iter().flatten().count(),
        alone.iter().flatten().count()
    );
    let fast_only = tag(&combined(0.0), text);
    let found: Vec<(&str, String)> = fast_only
        .iter()
        .flatten()
        .map(|e| (e.text(text), e.kind.to_string()))
        .collect();
    assert!(
        found.contains(&("Heidi Alexander", "PER".into())),
        "{found:?}"
    );
    assert!(found.contains(&("Paris", "LOC".into())), "{found:?}");
    assert!(combined(0.85).name().starts_with("combined"));
}
