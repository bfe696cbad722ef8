//! The fast tagger: a linear-chain model (averaged perceptron weights, Viterbi decoding with
//! transition scores) over hashed features, in two stages. The first stage tags each sentence from
//! local evidence; the second sees, in addition, how the first tagged the same words elsewhere in the
//! document, which keeps a name's type consistent across an article.
//!
//! The model file is a compact binary: feature hashes, weights quantised to 16 bits, transitions and
//! the entity lists.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;

use super::features::{self, DocEvidence, IdHasher, SentenceFeatures, TokenInfo, WordStats};
use super::gazetteer::Gazetteer;
use super::{Entity, EntityTagger, Label, NUM_LABELS, spans_from_labels};
use crate::segment::Token;

const MAGIC: &[u8; 16] = b"whosaid-ner-lin\0";
const VERSION: u32 = 2;

/// Rows of transition scores: one per previous label, plus one for the sentence start.
pub type Transitions = [[f32; NUM_LABELS]; NUM_LABELS + 1];
pub const START: usize = NUM_LABELS;

/// Whether label `cur` may follow `prev` (`START` for the first token) in IOB2.
pub fn allowed(prev: usize, cur: usize) -> bool {
    let prev = if prev == START {
        None
    } else {
        Some(Label::from_index(prev))
    };
    Label::from_index(cur).may_follow(prev)
}

/// Per-token scores of every label.
pub type Emissions = Vec<[f32; NUM_LABELS]>;

/// The best IOB2-valid label sequence (label indices).
pub fn viterbi(em: &[[f32; NUM_LABELS]], trans: &Transitions) -> Vec<usize> {
    let n = em.len();
    if n == 0 {
        return Vec::new();
    }
    let mut score = vec![[f32::NEG_INFINITY; NUM_LABELS]; n];
    let mut back = vec![[0u8; NUM_LABELS]; n];
    for l in 0..NUM_LABELS {
        if allowed(START, l) {
            score[0][l] = trans[START][l] + em[0][l];
        }
    }
    for i in 1..n {
        for l in 0..NUM_LABELS {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0;
            for p in 0..NUM_LABELS {
                if !allowed(p, l) {
                    continue;
                }
                let s = score[i - 1][p] + trans[p][l];
                if s > best {
                    best = s;
                    arg = p;
                }
            }
            score[i][l] = best + em[i][l];
            back[i][l] = arg as u8;
        }
    }
    let mut last = (0..NUM_LABELS)
        .max_by(|&a, &b| score[n - 1][a].total_cmp(&score[n - 1][b]).then(b.cmp(&a)))
        .unwrap();
    let mut out = vec![0; n];
    for i in (0..n).rev() {
        out[i] = last;
        last = back[i][last] as usize;
    }
    out
}

/// Posterior probability of each label at each token (forward-backward over the same scores), used
/// as the confidence of tagged entities.
pub fn marginals(em: &[[f32; NUM_LABELS]], trans: &Transitions) -> Vec<[f32; NUM_LABELS]> {
    let n = em.len();
    let neg = f32::NEG_INFINITY;
    let t = |p: usize, l: usize| if allowed(p, l) { trans[p][l] } else { neg };
    let mut alpha = vec![[neg; NUM_LABELS]; n];
    let mut beta = vec![[0f32; NUM_LABELS]; n];
    if n == 0 {
        return Vec::new();
    }
    for l in 0..NUM_LABELS {
        alpha[0][l] = t(START, l) + em[0][l];
    }
    for i in 1..n {
        for l in 0..NUM_LABELS {
            alpha[i][l] =
                log_sum_exp((0..NUM_LABELS).map(|p| alpha[i - 1][p] + t(p, l))) + em[i][l];
        }
    }
    for i in (0..n - 1).rev() {
        for p in 0..NUM_LABELS {
            beta[i][p] =
                log_sum_exp((0..NUM_LABELS).map(|l| t(p, l) + em[i + 1][l] + beta[i + 1][l]));
        }
    }
    let z = log_sum_exp((0..NUM_LABELS).map(|l| alpha[n - 1][l]));
    (0..n)
        .map(|i| {
            let mut m = [0f32; NUM_LABELS];
            for l in 0..NUM_LABELS {
                m[l] = (alpha[i][l] + beta[i][l] - z).exp();
            }
            m
        })
        .collect()
}

fn log_sum_exp(xs: impl Iterator<Item = f32> + Clone) -> f32 {
    let m = xs.clone().fold(f32::NEG_INFINITY, f32::max);
    if m == f32::NEG_INFINITY {
        return m;
    }
    m + xs.map(|x| (x - m).exp()).sum::<f32>().ln()
}

/// One stage's weights, addressed by feature hash.
#[derive(Debug, Clone, Default)]
pub struct LinearModel {
    pub index: HashMap<u64, u32, IdHasher>,
    pub weights: Vec<f32>,
    pub trans: Transitions,
}

impl LinearModel {
    /// Builds a model from dense weights (`keys[i]` is the hash of feature `i`), dropping features
    /// whose weights are all zero.
    pub fn from_dense(keys: &[u64], weights: &[f32], trans: Transitions) -> Self {
        let mut rows: Vec<(u64, &[f32])> = keys
            .iter()
            .zip(weights.chunks_exact(NUM_LABELS))
            .filter(|(_, w)| w.iter().any(|&x| x != 0.0))
            .map(|(&k, w)| (k, w))
            .collect();
        rows.sort_by_key(|&(k, _)| k);
        let mut index = HashMap::with_capacity_and_hasher(rows.len(), IdHasher::default());
        let mut dense = Vec::with_capacity(rows.len() * NUM_LABELS);
        for (i, (k, w)) in rows.into_iter().enumerate() {
            index.insert(k, i as u32);
            dense.extend_from_slice(w);
        }
        LinearModel {
            index,
            weights: dense,
            trans,
        }
    }

    pub fn num_features(&self) -> usize {
        self.index.len()
    }

    pub fn emissions(&self, feats: &SentenceFeatures) -> Emissions {
        (0..feats.len())
            .map(|i| {
                let mut e = [0f32; NUM_LABELS];
                for h in feats.token(i) {
                    if let Some(&row) = self.index.get(h) {
                        let w = &self.weights[row as usize * NUM_LABELS..][..NUM_LABELS];
                        for l in 0..NUM_LABELS {
                            e[l] += w[l];
                        }
                    }
                }
                e
            })
            .collect()
    }

    /// Features sorted by hash with their weights, the order in which they are saved.
    fn sorted_rows(&self) -> Vec<(u64, &[f32])> {
        let mut rows: Vec<(u64, &[f32])> = self
            .index
            .iter()
            .map(|(&k, &r)| (k, &self.weights[r as usize * NUM_LABELS..][..NUM_LABELS]))
            .collect();
        rows.sort_by_key(|&(k, _)| k);
        rows
    }
}

/// The two-stage perceptron tagger with its entity lists.
#[derive(Debug, Clone, Default)]
pub struct PerceptronTagger {
    pub gazetteer: Gazetteer,
    pub words: WordStats,
    pub stage1: LinearModel,
    pub stage2: Option<LinearModel>,
}

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: not a whosaid linear NER model ({reason})")]
    Format { path: String, reason: String },
}

/// Labels of one document plus per-token marginals of the final stage.
pub struct DocumentLabels {
    pub labels: Vec<Vec<Label>>,
    pub marginals: Vec<Vec<[f32; NUM_LABELS]>>,
}

impl PerceptronTagger {
    /// Labels every sentence of a document (token texts as `TokenInfo`).
    pub fn label_document(&self, infos: &mut [Vec<TokenInfo>]) -> DocumentLabels {
        for s in infos.iter_mut() {
            features::annotate(s, &self.words);
        }
        let infos = &*infos;
        let mut buf = SentenceFeatures::default();
        let gaz: Vec<_> = infos
            .iter()
            .map(|s| features::gazetteer_hits(&self.gazetteer, s))
            .collect();
        let use_gaz = !self.gazetteer.is_empty();
        let mut first = Vec::with_capacity(infos.len());
        let mut ems = Vec::with_capacity(infos.len());
        for (s, g) in infos.iter().zip(&gaz) {
            features::extract(s, use_gaz.then_some(g.as_slice()), None, &mut buf);
            let em = self.stage1.emissions(&buf);
            first.push(
                viterbi(&em, &self.stage1.trans)
                    .into_iter()
                    .map(Label::from_index)
                    .collect::<Vec<_>>(),
            );
            ems.push(em);
        }
        let Some(stage2) = &self.stage2 else {
            let marginals = ems
                .iter()
                .map(|em| marginals(em, &self.stage1.trans))
                .collect();
            return DocumentLabels {
                labels: first,
                marginals,
            };
        };
        let evidence: Vec<Vec<DocEvidence>> = features::doc_evidence(infos, &first);
        let mut labels = Vec::with_capacity(infos.len());
        let mut margs = Vec::with_capacity(infos.len());
        for ((s, g), ev) in infos.iter().zip(&gaz).zip(&evidence) {
            features::extract(s, use_gaz.then_some(g.as_slice()), Some(ev), &mut buf);
            let em = stage2.emissions(&buf);
            labels.push(
                viterbi(&em, &stage2.trans)
                    .into_iter()
                    .map(Label::from_index)
                    .collect(),
            );
            margs.push(marginals(&em, &stage2.trans));
        }
        DocumentLabels {
            labels,
            marginals: margs,
        }
    }

    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        let io = |source| ModelError::Io {
            path: path.display().to_string(),
            source,
        };
        let mut out: Vec<u8> = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        for map in [
            &self.gazetteer.names,
            &self.gazetteer.words,
            &self.words.casing.buckets,
        ] {
            let mut entries: Vec<(u64, u8)> = map.iter().map(|(&k, &v)| (k, v)).collect();
            entries.sort_unstable();
            out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
            for (k, v) in entries {
                out.extend_from_slice(&k.to_le_bytes());
                out.push(v);
            }
        }
        for c in [&self.words.clusters, &self.words.embedding_clusters] {
            let mut clusters: Vec<(u64, (u16, u16))> =
                c.ids.iter().map(|(&k, &v)| (k, v)).collect();
            clusters.sort_unstable();
            out.extend_from_slice(&(clusters.len() as u32).to_le_bytes());
            for (k, (a, b)) in clusters {
                out.extend_from_slice(&k.to_le_bytes());
                out.extend_from_slice(&a.to_le_bytes());
                out.extend_from_slice(&b.to_le_bytes());
            }
        }
        let stages: Vec<&LinearModel> = std::iter::once(&self.stage1)
            .chain(self.stage2.as_ref())
            .collect();
        out.push(stages.len() as u8);
        for m in stages {
            let rows = m.sorted_rows();
            let max = rows
                .iter()
                .flat_map(|(_, w)| w.iter())
                .fold(0f32, |a, &b| a.max(b.abs()));
            let scale = if max > 0.0 {
                max / i16::MAX as f32
            } else {
                1.0
            };
            out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
            out.extend_from_slice(&scale.to_le_bytes());
            for (k, _) in &rows {
                out.extend_from_slice(&k.to_le_bytes());
            }
            for (_, w) in &rows {
                for &x in *w {
                    out.extend_from_slice(&((x / scale).round() as i16).to_le_bytes());
                }
            }
            for row in &m.trans {
                for &x in row {
                    out.extend_from_slice(&x.to_le_bytes());
                }
            }
        }
        // Write to a temporary file and rename, so a failed save never leaves half a model.
        let tmp = path.with_extension("tmp");
        let mut f = std::fs::File::create(&tmp).map_err(io)?;
        f.write_all(&out).map_err(io)?;
        f.sync_all().map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)
    }

    pub fn load(path: &Path) -> Result<Self, ModelError> {
        let name = path.display().to_string();
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map_err(|source| ModelError::Io {
                path: name.clone(),
                source,
            })?;
        Self::from_bytes(&bytes).map_err(|reason| ModelError::Format { path: name, reason })
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(MAGIC.len())? != MAGIC {
            return Err("bad magic bytes".into());
        }
        let version = r.u32()?;
        if version != VERSION {
            return Err(format!(
                "format version {version}, this build reads {VERSION}"
            ));
        }
        let mut gazetteer = Gazetteer::default();
        let mut words = WordStats::default();
        for map in [
            &mut gazetteer.names,
            &mut gazetteer.words,
            &mut words.casing.buckets,
        ] {
            let n = r.u32()? as usize;
            map.reserve(n);
            for _ in 0..n {
                let k = r.u64()?;
                let v = r.take(1)?[0];
                map.insert(k, v);
            }
        }
        for clusters in [&mut words.clusters, &mut words.embedding_clusters] {
            let n = r.u32()? as usize;
            clusters.ids.reserve(n);
            for _ in 0..n {
                let k = r.u64()?;
                let a = r.take(2)?;
                let b = r.take(2)?;
                clusters.ids.insert(
                    k,
                    (
                        u16::from_le_bytes([a[0], a[1]]),
                        u16::from_le_bytes([b[0], b[1]]),
                    ),
                );
            }
        }
        let n_stages = r.take(1)?[0];
        if !(1..=2).contains(&n_stages) {
            return Err(format!("{n_stages} stages"));
        }
        let mut stages = Vec::new();
        for _ in 0..n_stages {
            let n = r.u32()? as usize;
            let scale = r.f32()?;
            let keys = r.take(n * 8)?;
            let ws = r.take(n * NUM_LABELS * 2)?;
            let mut index = HashMap::with_capacity_and_hasher(n, IdHasher::default());
            for (i, k) in keys.chunks_exact(8).enumerate() {
                index.insert(u64::from_le_bytes(k.try_into().unwrap()), i as u32);
            }
            let weights = ws
                .chunks_exact(2)
                .map(|b| i16::from_le_bytes([b[0], b[1]]) as f32 * scale)
                .collect();
            let mut trans = [[0f32; NUM_LABELS]; NUM_LABELS + 1];
            for row in trans.iter_mut() {
                for x in row.iter_mut() {
                    *x = r.f32()?;
                }
            }
            stages.push(LinearModel {
                index,
                weights,
                trans,
            });
        }
        if r.pos != bytes.len() {
            return Err("trailing bytes".into());
        }
        let stage2 = if stages.len() == 2 {
            stages.pop()
        } else {
            None
        };
        let stage1 = stages.pop().unwrap();
        Ok(PerceptronTagger {
            gazetteer,
            words,
            stage1,
            stage2,
        })
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or("file is truncated")?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    fn u64(&mut self) -> Result<u64, String> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().unwrap()))
    }
    fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
}

impl EntityTagger for PerceptronTagger {
    fn tag_document(&self, text: &str, sentences: &[&[Token]]) -> Vec<Vec<Entity>> {
        let mut infos: Vec<Vec<TokenInfo>> = sentences
            .iter()
            .map(|s| s.iter().map(|t| TokenInfo::new(t.text(text))).collect())
            .collect();
        let out = self.label_document(&mut infos);
        sentences
            .iter()
            .zip(out.labels.iter().zip(&out.marginals))
            .map(|(toks, (labels, margs))| {
                spans_from_labels(labels)
                    .into_iter()
                    .map(|(kind, r)| {
                        let score = r
                            .clone()
                            .map(|i| margs[i][labels[i].index()])
                            .fold(1f32, f32::min);
                        Entity {
                            kind,
                            start: toks[r.start].start,
                            end: toks[r.end - 1].end,
                            tokens: r,
                            score,
                        }
                    })
                    .collect()
            })
            .collect()
    }

    fn name(&self) -> String {
        "fast (linear-chain perceptron)".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viterbi_respects_iob2() {
        // Emissions prefer I-PER at the start, which IOB2 forbids.
        let mut em = vec![[0f32; NUM_LABELS]; 2];
        em[0][Label::parse("I-PER").unwrap().index()] = 5.0;
        em[0][Label::parse("B-PER").unwrap().index()] = 1.0;
        em[1][Label::parse("I-PER").unwrap().index()] = 5.0;
        let trans = [[0f32; NUM_LABELS]; NUM_LABELS + 1];
        let path = viterbi(&em, &trans);
        let labels: Vec<String> = path
            .iter()
            .map(|&l| Label::from_index(l).to_string())
            .collect();
        assert_eq!(labels, vec!["B-PER", "I-PER"]);
        let m = marginals(&em, &trans);
        for row in &m {
            assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-4);
        }
        assert_eq!(m[0][Label::parse("I-PER").unwrap().index()], 0.0);
    }

    #[test]
    fn save_and_load_round_trip() {
        let mut trans = [[0f32; NUM_LABELS]; NUM_LABELS + 1];
        trans[START][1] = 0.5;
        let keys = [7u64, 3, 9];
        let mut w = vec![0f32; 3 * NUM_LABELS];
        w[0] = 1.0;
        w[NUM_LABELS + 2] = -2.0;
        let m = LinearModel::from_dense(&keys, &w, trans);
        assert_eq!(m.num_features(), 2, "all-zero rows are pruned");
        let mut tagger = PerceptronTagger {
            stage1: m,
            ..Default::default()
        };
        tagger.gazetteer.names.insert(42, 1);
        let dir = std::env::temp_dir().join(format!("whosaid-lin-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("m.bin");
        tagger.save(&path).unwrap();
        let back = PerceptronTagger::load(&path).unwrap();
        assert_eq!(back.gazetteer.names.get(&42), Some(&1));
        let row = back.stage1.index[&3] as usize;
        assert!((back.stage1.weights[row * NUM_LABELS + 2] + 2.0).abs() < 1e-3);
        assert_eq!(back.stage1.trans[START][1], 0.5);
        std::fs::write(&path, b"garbage").unwrap();
        assert!(
            PerceptronTagger::load(&path)
                .unwrap_err()
                .to_string()
                .contains("not a whosaid")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
