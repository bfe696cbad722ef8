//! Training the fast tagger: structured averaged perceptron over CoNLL documents.
//!
//! Entity lists and first-stage labels are features, and on the training data they must look the
//! way they look on unseen text. Both are therefore produced by jackknifing: the training documents
//! are split into folds and each fold gets entity lists and first-stage labels learnt from the other
//! folds only. Without this the model learns to trust features that are always right in training
//! and often wrong at run time.

use super::Label;
use super::evidence::doc_evidence;
use super::gazetteer::{Gazetteer, gazetteer_hits};
use super::gold::TaggedSentence;
use super::perceptron::{PerceptronTagger, iob2_constraints};
use super::score::NerScore;
use crate::tagging::casing::CasingStats;
use crate::tagging::clusters::{ClusterOptions, WordClusters};
use crate::tagging::features::{self, DocEvidence, TokenInfo, WordStats};
use crate::tagging::linear::{
    self, Dense, EpochReport, Example, FeatureIndex, SentenceFeatures, StageConfig,
};

/// How to train the fast tagger.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Most epochs per stage; the best epoch on dev is kept.
    pub epochs: usize,
    /// Stop a stage after this many epochs without a better dev F1.
    pub patience: usize,
    /// Seed of the shuffled order in which each epoch visits the training sentences.
    pub seed: u64,
    /// Jackknife folds for entity lists and first-stage labels.
    pub folds: usize,
    /// Features seen fewer times in training are dropped.
    pub min_count: u32,
    /// Train the document-level second stage.
    pub two_stage: bool,
    /// Learn word clusters from the unlabelled and training text.
    pub clusters: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 20,
            patience: 4,
            seed: 1,
            folds: 5,
            min_count: 1,
            two_stage: true,
            clusters: true,
        }
    }
}

/// A document prepared for training: token infos and gold labels per sentence.
struct Doc {
    infos: Vec<Vec<TokenInfo>>,
    gold: Vec<Vec<Label>>,
}

fn prepare(docs: &[Vec<TaggedSentence>]) -> Vec<Doc> {
    docs.iter()
        .map(|d| Doc {
            infos: d
                .iter()
                .map(|s| s.tokens.iter().map(|t| TokenInfo::new(t)).collect())
                .collect(),
            gold: d
                .iter()
                .map(|s| {
                    s.tags
                        .iter()
                        .map(|t| Label::parse(t).unwrap_or(Label::O))
                        .collect()
                })
                .collect(),
        })
        .collect()
}

/// Hashed features of every sentence of every document, grouped per document.
type DocFeatures = Vec<Vec<SentenceFeatures>>;

fn extract_docs<'g>(
    docs: &mut [Doc],
    lists_for: impl Fn(usize) -> (&'g WordStats, &'g Gazetteer),
    evidence: Option<&[Vec<Vec<DocEvidence>>]>,
) -> DocFeatures {
    docs.iter_mut()
        .enumerate()
        .map(|(d, doc)| {
            doc.infos
                .iter_mut()
                .enumerate()
                .map(|(s, infos)| {
                    let (words, gaz) = lists_for(d);
                    features::annotate(infos, words);
                    let hits = gazetteer_hits(gaz, infos);
                    let ev = evidence.map(|e| e[d][s].as_slice());
                    let mut f = SentenceFeatures::default();
                    features::extract(infos, Some(&hits), ev, &mut f);
                    f
                })
                .collect()
        })
        .collect()
}

/// Training examples per document, with the feature index they were built with.
fn examples(index: &FeatureIndex, feats: &DocFeatures, docs: &[Doc]) -> Vec<Vec<Example>> {
    feats
        .iter()
        .zip(docs)
        .map(|(fd, doc)| {
            fd.iter()
                .zip(&doc.gold)
                .map(|(f, gold)| index.example(f, gold.iter().map(|l| l.index())))
                .collect()
        })
        .collect()
}

fn decode(w: &Dense, ex: &Example) -> Vec<Label> {
    w.decode(ex, iob2_constraints())
        .into_iter()
        .map(Label::from_index)
        .collect()
}

/// Entity F1 of dense weights on dev examples.
fn dev_f1(w: &Dense, dev: &[&Example]) -> f64 {
    let mut score = NerScore::default();
    for ex in dev {
        let gold: Vec<Label> = ex
            .gold
            .iter()
            .map(|&g| Label::from_index(g as usize))
            .collect();
        score.add(&gold, &decode(w, ex));
    }
    score.overall.f1()
}

/// The sentences of the documents that `keep` selects (by index).
fn sentences_of<'a>(
    docs: &'a [Doc],
    keep: impl Fn(usize) -> bool + 'a,
) -> impl Iterator<Item = &'a [TokenInfo]> + 'a {
    docs.iter()
        .enumerate()
        .filter(move |(d, _)| keep(*d))
        .flat_map(|(_, doc)| doc.infos.iter().map(Vec::as_slice))
}

/// Trains the two-stage tagger on CoNLL documents, selecting epochs by dev F1.
pub fn train(
    train_docs: &[Vec<TaggedSentence>],
    dev_docs: &[Vec<TaggedSentence>],
    unlabeled: &[Vec<String>],
    embedding_clusters: WordClusters,
    opts: &TrainOptions,
    report: &mut dyn FnMut(&EpochReport),
) -> PerceptronTagger {
    let mut train = prepare(train_docs);
    let mut dev = prepare(dev_docs);
    let k = opts.folds.max(2);
    let fold_of = |d: usize| d % k;
    let constraints = iob2_constraints();

    // Entity lists: one per fold from the other folds, and one from everything for run time.
    let mut fold_gaz = vec![Gazetteer::default(); k];
    let mut full_gaz = Gazetteer::default();
    for (d, doc) in train.iter().enumerate() {
        for (infos, gold) in doc.infos.iter().zip(&doc.gold) {
            let words: Vec<&str> = infos.iter().map(|t| t.norm.as_str()).collect();
            full_gaz.add_sentence(&words, gold);
            for (f, g) in fold_gaz.iter_mut().enumerate() {
                if f != fold_of(d) {
                    g.add_sentence(&words, gold);
                }
            }
        }
    }

    // Word clusters from unlabelled text plus the training text.
    let clusters = if opts.clusters {
        let unlabeled: Vec<Vec<TokenInfo>> = unlabeled
            .iter()
            .map(|s| s.iter().map(|t| TokenInfo::new(t)).collect())
            .collect();
        let all: Vec<&[TokenInfo]> = unlabeled
            .iter()
            .map(Vec::as_slice)
            .chain(sentences_of(&train, |_| true))
            .collect();
        WordClusters::learn(&all, &ClusterOptions::default())
    } else {
        WordClusters::default()
    };

    // Casing statistics from the training text, jackknifed like the entity lists.
    let stats = |casing| WordStats {
        casing,
        clusters: clusters.clone(),
        embedding_clusters: embedding_clusters.clone(),
    };
    let fold_words: Vec<WordStats> = (0..k)
        .map(|f| {
            stats(CasingStats::build(sentences_of(&train, |d| {
                fold_of(d) != f
            })))
        })
        .collect();
    let full_words = stats(CasingStats::build(sentences_of(&train, |_| true)));
    let train_lists = |d: usize| (&fold_words[fold_of(d)], &fold_gaz[fold_of(d)]);
    let dev_lists = |_| (&full_words, &full_gaz);

    // Stage 1.
    let train_f1 = extract_docs(&mut train, train_lists, None);
    let dev_f1_feats = extract_docs(&mut dev, dev_lists, None);
    let index1 = FeatureIndex::build(train_f1.iter().flatten(), opts.min_count);
    let train_ex1 = examples(&index1, &train_f1, &train);
    let dev_ex1 = examples(&index1, &dev_f1_feats, &dev);
    drop((train_f1, dev_f1_feats));
    let train_refs: Vec<&Example> = train_ex1.iter().flatten().collect();
    let dev_refs: Vec<&Example> = dev_ex1.iter().flatten().collect();
    let scorer = |w: &Dense| dev_f1(w, &dev_refs);
    let stage = StageConfig {
        name: "stage 1".into(),
        n_feats: index1.keys.len(),
        constraints,
        epochs: opts.epochs,
        patience: opts.patience,
        seed: opts.seed,
        dev: Some(&scorer),
    };
    let (w1, best1) = linear::train(&train_refs, stage, report);
    if !opts.two_stage {
        return PerceptronTagger {
            gazetteer: full_gaz,
            words: full_words,
            stage1: w1.into_model(&index1.keys),
            stage2: None,
        };
    }

    // Jackknifed first-stage labels for the training documents.
    let mut train_labels: Vec<Vec<Vec<Label>>> = vec![Vec::new(); train.len()];
    for f in 0..k {
        let refs: Vec<&Example> = train_ex1
            .iter()
            .enumerate()
            .filter(|(d, _)| fold_of(*d) != f)
            .flat_map(|(_, e)| e.iter())
            .collect();
        let stage = StageConfig {
            name: format!("stage 1, fold {}/{k}", f + 1),
            n_feats: index1.keys.len(),
            constraints,
            epochs: best1,
            patience: 0,
            seed: opts.seed + 1 + f as u64,
            dev: None,
        };
        let (w, _) = linear::train(&refs, stage, report);
        for (d, exs) in train_ex1
            .iter()
            .enumerate()
            .filter(|(d, _)| fold_of(*d) == f)
        {
            train_labels[d] = exs.iter().map(|ex| decode(&w, ex)).collect();
        }
    }
    let dev_labels: Vec<Vec<Vec<Label>>> = dev_ex1
        .iter()
        .map(|exs| exs.iter().map(|ex| decode(&w1, ex)).collect())
        .collect();
    let stage1 = w1.into_model(&index1.keys);
    drop((train_ex1, dev_ex1));

    // Stage 2: the same features plus document evidence from the first stage.
    let evidence = |docs: &[Doc], labels: &[Vec<Vec<Label>>]| -> Vec<_> {
        docs.iter()
            .zip(labels)
            .map(|(d, l)| doc_evidence(&d.infos, l))
            .collect()
    };
    let train_ev = evidence(&train, &train_labels);
    let dev_ev = evidence(&dev, &dev_labels);
    let train_f2 = extract_docs(&mut train, train_lists, Some(&train_ev));
    let dev_f2 = extract_docs(&mut dev, dev_lists, Some(&dev_ev));
    let index2 = FeatureIndex::build(train_f2.iter().flatten(), opts.min_count);
    let train_ex2 = examples(&index2, &train_f2, &train);
    let dev_ex2 = examples(&index2, &dev_f2, &dev);
    let train_refs: Vec<&Example> = train_ex2.iter().flatten().collect();
    let dev_refs: Vec<&Example> = dev_ex2.iter().flatten().collect();
    let scorer = |w: &Dense| dev_f1(w, &dev_refs);
    let stage = StageConfig {
        name: "stage 2".into(),
        n_feats: index2.keys.len(),
        constraints,
        epochs: opts.epochs,
        patience: opts.patience,
        seed: opts.seed + 100,
        dev: Some(&scorer),
    };
    let (w2, _) = linear::train(&train_refs, stage, report);
    PerceptronTagger {
        gazetteer: full_gaz,
        words: full_words,
        stage1,
        stage2: Some(w2.into_model(&index2.keys)),
    }
}
