//! Training the fast tagger: structured averaged perceptron over CoNLL documents.
//!
//! Entity lists and first-stage labels are features, and on the training data they must look the
//! way they look on unseen text. Both are therefore produced by jackknifing: the training documents
//! are split into folds and each fold gets entity lists and first-stage labels learnt from the other
//! folds only. Without this the model learns to trust features that are always right in training
//! and often wrong at run time.

use std::collections::HashMap;

use super::casing::CasingStats;
use super::clusters::{ClusterOptions, WordClusters};
use super::features::{self, DocEvidence, SentenceFeatures, TokenInfo, WordStats};
use super::gazetteer::Gazetteer;
use super::perceptron::{LinearModel, PerceptronTagger, START, Transitions, viterbi};
use super::{Label, NUM_LABELS};
use crate::conll::TaggedSentence;
use crate::eval::ner::NerScore;

#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Most epochs per stage; the best epoch on dev is kept.
    pub epochs: usize,
    /// Stop a stage after this many epochs without a better dev F1.
    pub patience: usize,
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

/// A sentence as dense feature ids.
#[derive(Clone)]
struct Example {
    feats: Vec<u32>,
    starts: Vec<u32>,
    gold: Vec<u8>,
}

impl Example {
    fn len(&self) -> usize {
        self.gold.len()
    }
    fn token(&self, i: usize) -> &[u32] {
        &self.feats[self.starts[i] as usize..self.starts[i + 1] as usize]
    }
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
                    let hits = features::gazetteer_hits(gaz, infos);
                    let ev = evidence.map(|e| e[d][s].as_slice());
                    let mut f = SentenceFeatures::default();
                    features::extract(infos, Some(&hits), ev, &mut f);
                    f
                })
                .collect()
        })
        .collect()
}

/// Dense ids for features seen at least `min_count` times.
struct FeatureIndex {
    ids: HashMap<u64, u32>,
    keys: Vec<u64>,
}

impl FeatureIndex {
    fn build(feats: &DocFeatures, min_count: u32) -> Self {
        let mut counts: HashMap<u64, u32> = HashMap::new();
        for s in feats.iter().flatten() {
            for &h in &s.feats {
                *counts.entry(h).or_default() += 1;
            }
        }
        let mut keys: Vec<u64> = counts
            .into_iter()
            .filter(|&(_, c)| c >= min_count)
            .map(|(k, _)| k)
            .collect();
        keys.sort_unstable();
        let ids = keys
            .iter()
            .enumerate()
            .map(|(i, &k)| (k, i as u32))
            .collect();
        FeatureIndex { ids, keys }
    }

    fn examples(&self, feats: &DocFeatures, docs: &[Doc]) -> Vec<Vec<Example>> {
        feats
            .iter()
            .zip(docs)
            .map(|(fd, doc)| {
                fd.iter()
                    .zip(&doc.gold)
                    .map(|(f, gold)| {
                        let mut ids = Vec::with_capacity(f.feats.len());
                        let mut starts = Vec::with_capacity(f.len() + 1);
                        for i in 0..f.len() {
                            starts.push(ids.len() as u32);
                            ids.extend(f.token(i).iter().filter_map(|h| self.ids.get(h).copied()));
                        }
                        starts.push(ids.len() as u32);
                        Example {
                            feats: ids,
                            starts,
                            gold: gold.iter().map(|l| l.index() as u8).collect(),
                        }
                    })
                    .collect()
            })
            .collect()
    }
}

/// Dense perceptron weights with the accumulators for averaging.
struct Weights {
    w: Vec<f32>,
    acc: Vec<f64>,
    trans: [[f32; NUM_LABELS]; NUM_LABELS + 1],
    trans_acc: [[f64; NUM_LABELS]; NUM_LABELS + 1],
    /// Number of examples seen (the averaging clock).
    c: f64,
}

impl Weights {
    fn new(n: usize) -> Self {
        Weights {
            w: vec![0.0; n * NUM_LABELS],
            acc: vec![0.0; n * NUM_LABELS],
            trans: [[0.0; NUM_LABELS]; NUM_LABELS + 1],
            trans_acc: [[0.0; NUM_LABELS]; NUM_LABELS + 1],
            c: 1.0,
        }
    }

    fn update(&mut self, ex: &Example, pred: &[usize]) {
        let c = self.c;
        for i in 0..ex.len() {
            let (g, p) = (ex.gold[i] as usize, pred[i]);
            if g != p {
                for &f in ex.token(i) {
                    let base = f as usize * NUM_LABELS;
                    self.w[base + g] += 1.0;
                    self.acc[base + g] += c;
                    self.w[base + p] -= 1.0;
                    self.acc[base + p] -= c;
                }
            }
            let gp = if i == 0 {
                START
            } else {
                ex.gold[i - 1] as usize
            };
            let pp = if i == 0 { START } else { pred[i - 1] };
            if (gp, g) != (pp, p) {
                self.trans[gp][g] += 1.0;
                self.trans_acc[gp][g] += c;
                self.trans[pp][p] -= 1.0;
                self.trans_acc[pp][p] -= c;
            }
        }
    }

    /// The averaged weights.
    fn averaged(&self) -> (Vec<f32>, Transitions) {
        let c = self.c;
        let w = self
            .w
            .iter()
            .zip(&self.acc)
            .map(|(&w, &a)| (w as f64 - a / c) as f32)
            .collect();
        let mut t = [[0f32; NUM_LABELS]; NUM_LABELS + 1];
        for p in 0..=NUM_LABELS {
            for l in 0..NUM_LABELS {
                t[p][l] = (self.trans[p][l] as f64 - self.trans_acc[p][l] / c) as f32;
            }
        }
        (w, t)
    }
}

fn emissions(w: &[f32], ex: &Example) -> Vec<[f32; NUM_LABELS]> {
    (0..ex.len())
        .map(|i| {
            let mut e = [0f32; NUM_LABELS];
            for &f in ex.token(i) {
                let row = &w[f as usize * NUM_LABELS..][..NUM_LABELS];
                for l in 0..NUM_LABELS {
                    e[l] += row[l];
                }
            }
            e
        })
        .collect()
}

fn decode(w: &[f32], trans: &Transitions, ex: &Example) -> Vec<Label> {
    viterbi(&emissions(w, ex), trans)
        .into_iter()
        .map(Label::from_index)
        .collect()
}

fn dev_score(w: &[f32], trans: &Transitions, dev: &[&Example]) -> NerScore {
    let mut score = NerScore::default();
    for ex in dev {
        let gold: Vec<Label> = ex
            .gold
            .iter()
            .map(|&g| Label::from_index(g as usize))
            .collect();
        score.add(&gold, &decode(w, trans, ex));
    }
    score
}

/// A small deterministic generator for shuffling (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            xs.swap(i, j);
        }
    }
}

/// What one epoch achieved, for progress reports.
#[derive(Debug, Clone)]
pub struct EpochReport {
    pub stage: String,
    pub epoch: usize,
    pub dev_f1: Option<f64>,
    pub mistakes: usize,
}

/// Trains one linear stage. With dev examples, keeps the epoch with the best dev F1 (stopping after
/// `patience` epochs without improvement); without, runs exactly `epochs` epochs.
struct Stage<'a> {
    name: String,
    n_feats: usize,
    epochs: usize,
    patience: usize,
    seed: u64,
    dev: Option<&'a [&'a Example]>,
}

fn train_stage(
    train: &[&Example],
    stage: Stage<'_>,
    report: &mut dyn FnMut(&EpochReport),
) -> (Vec<f32>, Transitions, usize) {
    let Stage {
        name,
        n_feats,
        epochs,
        patience,
        seed,
        dev,
    } = stage;
    let stage = name.as_str();
    let mut weights = Weights::new(n_feats);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut best: Option<(f64, usize, Vec<f32>, Transitions)> = None;
    for epoch in 1..=epochs {
        rng.shuffle(&mut order);
        let mut mistakes = 0;
        for &k in &order {
            let ex = train[k];
            let pred = viterbi(&emissions(&weights.w, ex), &weights.trans);
            if pred.iter().zip(&ex.gold).any(|(&p, &g)| p != g as usize) {
                mistakes += 1;
                weights.update(ex, &pred);
            }
            weights.c += 1.0;
        }
        let (w, t) = weights.averaged();
        let Some(dev) = dev else {
            report(&EpochReport {
                stage: stage.into(),
                epoch,
                dev_f1: None,
                mistakes,
            });
            if epoch == epochs {
                return (w, t, epoch);
            }
            continue;
        };
        let f1 = dev_score(&w, &t, dev).overall.f1();
        report(&EpochReport {
            stage: stage.into(),
            epoch,
            dev_f1: Some(f1),
            mistakes,
        });
        if best.as_ref().is_none_or(|b| f1 > b.0) {
            best = Some((f1, epoch, w, t));
        } else if epoch >= best.as_ref().unwrap().1 + patience {
            break;
        }
    }
    let (_, epoch, w, t) = best.expect("at least one epoch");
    (w, t, epoch)
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

    let unlabeled: Vec<Vec<TokenInfo>> = unlabeled
        .iter()
        .map(|s| s.iter().map(|t| TokenInfo::new(t)).collect())
        .collect();
    let unlabeled_sentences = || unlabeled.iter().map(Vec::as_slice);

    // Word clusters from unlabelled text plus the training text.
    let clusters = if opts.clusters {
        let all: Vec<&[TokenInfo]> = unlabeled_sentences()
            .chain(sentences_of(&train, |_| true))
            .collect();
        WordClusters::learn(&all, &ClusterOptions::default())
    } else {
        WordClusters::default()
    };
    drop(unlabeled);

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
    let dev_f1 = extract_docs(&mut dev, dev_lists, None);
    let index1 = FeatureIndex::build(&train_f1, opts.min_count);
    let train_ex1 = index1.examples(&train_f1, &train);
    let dev_ex1 = index1.examples(&dev_f1, &dev);
    drop((train_f1, dev_f1));
    let train_refs: Vec<&Example> = train_ex1.iter().flatten().collect();
    let dev_refs: Vec<&Example> = dev_ex1.iter().flatten().collect();
    let stage = Stage {
        name: "stage 1".into(),
        n_feats: index1.keys.len(),
        epochs: opts.epochs,
        patience: opts.patience,
        seed: opts.seed,
        dev: Some(&dev_refs),
    };
    let (w1, t1, best1) = train_stage(&train_refs, stage, report);
    let stage1 = LinearModel::from_dense(&index1.keys, &w1, t1);
    if !opts.two_stage {
        return PerceptronTagger {
            gazetteer: full_gaz,
            words: full_words,
            stage1,
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
        let stage = Stage {
            name: format!("stage 1, fold {}/{k}", f + 1),
            n_feats: index1.keys.len(),
            epochs: best1,
            patience: 0,
            seed: opts.seed + 1 + f as u64,
            dev: None,
        };
        let (w, t, _) = train_stage(&refs, stage, report);
        for (d, exs) in train_ex1
            .iter()
            .enumerate()
            .filter(|(d, _)| fold_of(*d) == f)
        {
            train_labels[d] = exs.iter().map(|ex| decode(&w, &t, ex)).collect();
        }
    }
    let dev_labels: Vec<Vec<Vec<Label>>> = dev_ex1
        .iter()
        .map(|exs| exs.iter().map(|ex| decode(&w1, &t1, ex)).collect())
        .collect();
    drop((train_ex1, dev_ex1));

    // Stage 2: the same features plus document evidence from the first stage.
    let train_ev: Vec<_> = train
        .iter()
        .zip(&train_labels)
        .map(|(d, l)| features::doc_evidence(&d.infos, l))
        .collect();
    let dev_ev: Vec<_> = dev
        .iter()
        .zip(&dev_labels)
        .map(|(d, l)| features::doc_evidence(&d.infos, l))
        .collect();
    let train_f2 = extract_docs(&mut train, train_lists, Some(&train_ev));
    let dev_f2 = extract_docs(&mut dev, dev_lists, Some(&dev_ev));
    let index2 = FeatureIndex::build(&train_f2, opts.min_count);
    let train_ex2 = index2.examples(&train_f2, &train);
    let dev_ex2 = index2.examples(&dev_f2, &dev);
    let train_refs: Vec<&Example> = train_ex2.iter().flatten().collect();
    let dev_refs: Vec<&Example> = dev_ex2.iter().flatten().collect();
    let stage = Stage {
        name: "stage 2".into(),
        n_feats: index2.keys.len(),
        epochs: opts.epochs,
        patience: opts.patience,
        seed: opts.seed + 100,
        dev: Some(&dev_refs),
    };
    let (w2, t2, _) = train_stage(&train_refs, stage, report);
    let stage2 = LinearModel::from_dense(&index2.keys, &w2, t2);
    PerceptronTagger {
        gazetteer: full_gaz,
        words: full_words,
        stage1,
        stage2: Some(stage2),
    }
}
