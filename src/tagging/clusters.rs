//! Word classes learnt from unlabelled text, so that the tagger generalises from names it saw in
//! training to words it never saw labelled but that occur in the same contexts ("Villeurbanne"
//! behaves like "Bologna").
//!
//! Each frequent word is described by its neighbours (one and two tokens left and right, among the
//! most frequent words), weighted by positive PMI; spherical k-means groups the words. Two
//! granularities are learnt; both become features.

use std::collections::HashMap;

use super::codec::{DecodeError, Reader};
use super::features::TokenInfo;
use super::hash::IdHasher;

/// Cluster ids (coarse, fine) by word key (`TokenInfo::h_casing`, the lower-case form). Ids start
/// at 1; 0 means "no cluster".
#[derive(Debug, Clone, Default)]
pub struct WordClusters {
    /// The (coarse, fine) cluster ids of each clustered word, by word key.
    pub ids: HashMap<u64, (u16, u16), IdHasher>,
}

/// How to learn word clusters.
#[derive(Debug, Clone)]
pub struct ClusterOptions {
    /// Words seen fewer times are not clustered (when learning from text).
    pub min_count: u32,
    /// Most words clustered, the most frequent first (when learning from text).
    pub max_words: usize,
    /// How many of the most frequent words serve as context (when learning from text).
    pub context_words: usize,
    /// Number of coarse clusters.
    pub coarse: usize,
    /// Number of fine clusters.
    pub fine: usize,
    /// Rounds of k-means.
    pub iterations: usize,
    /// Shifts the words that start the k-means centroids (when learning from text).
    pub seed: u64,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            min_count: 3,
            max_words: 60_000,
            context_words: 600,
            coarse: 64,
            fine: 384,
            iterations: 12,
            seed: 7,
        }
    }
}

type Sparse = Vec<(u32, f32)>;

impl WordClusters {
    pub(crate) fn get(&self, t: &TokenInfo) -> (u16, u16) {
        self.ids.get(&t.h_casing).copied().unwrap_or((0, 0))
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        let mut entries: Vec<(u64, (u16, u16))> = self.ids.iter().map(|(&k, &v)| (k, v)).collect();
        entries.sort_unstable();
        out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
        for (k, (a, b)) in entries {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&a.to_le_bytes());
            out.extend_from_slice(&b.to_le_bytes());
        }
    }

    pub(crate) fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let n = r.u32()? as usize;
        let mut ids = HashMap::with_capacity_and_hasher(n.min(1 << 24), IdHasher::default());
        for _ in 0..n {
            let k = r.u64()?;
            ids.insert(k, (r.u16()?, r.u16()?));
        }
        Ok(WordClusters { ids })
    }

    /// Learns clusters from sentences of unlabelled text.
    pub(crate) fn learn(sentences: &[&[TokenInfo]], opts: &ClusterOptions) -> Self {
        // Word frequencies, by lower-case key.
        let mut freq: HashMap<u64, u32> = HashMap::new();
        for s in sentences {
            for t in *s {
                *freq.entry(t.h_casing).or_default() += 1;
            }
        }
        let mut by_freq: Vec<(u64, u32)> = freq.into_iter().collect();
        by_freq.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let vocab: Vec<u64> = by_freq
            .iter()
            .take_while(|&&(_, c)| c >= opts.min_count)
            .take(opts.max_words)
            .map(|&(k, _)| k)
            .collect();
        if vocab.len() < opts.fine * 2 {
            return WordClusters::default();
        }
        let word_id: HashMap<u64, u32> = vocab
            .iter()
            .enumerate()
            .map(|(i, &k)| (k, i as u32))
            .collect();
        let nctx = opts.context_words.min(vocab.len());
        // Context ids: frequent words, plus "other" and "boundary", for each of 4 positions.
        let slot = |j: isize, n: usize, s: &[TokenInfo]| -> u32 {
            if j < 0 || j as usize >= n {
                nctx as u32 + 1
            } else {
                match word_id.get(&s[j as usize].h_casing) {
                    Some(&w) if (w as usize) < nctx => w,
                    _ => nctx as u32,
                }
            }
        };
        let dims = 4 * (nctx + 2);
        let mut counts: Vec<HashMap<u32, f32>> = vec![HashMap::new(); vocab.len()];
        for s in sentences {
            let s = *s;
            let n = s.len();
            for (i, t) in s.iter().enumerate() {
                let Some(&w) = word_id.get(&t.h_casing) else {
                    continue;
                };
                for (p, off) in [-2isize, -1, 1, 2].into_iter().enumerate() {
                    let c = p as u32 * (nctx as u32 + 2) + slot(i as isize + off, n, s);
                    *counts[w as usize].entry(c).or_default() += 1.0;
                }
            }
        }
        // Positive PMI weighting, then unit length.
        let mut ctx_total = vec![0f32; dims];
        let mut total = 0f32;
        for row in &counts {
            for (&c, &v) in row {
                ctx_total[c as usize] += v;
                total += v;
            }
        }
        let vectors: Vec<Sparse> = counts
            .iter()
            .map(|row| {
                let wsum: f32 = row.values().sum();
                let mut v: Sparse = row
                    .iter()
                    .filter_map(|(&c, &n)| {
                        let pmi = (n * total / (wsum * ctx_total[c as usize])).ln();
                        (pmi > 0.0).then_some((c, pmi))
                    })
                    .collect();
                v.sort_unstable_by_key(|&(c, _)| c);
                normalize(&mut v);
                v
            })
            .collect();
        let coarse = kmeans(&vectors, dims, opts.coarse, opts.iterations, opts.seed);
        let fine = kmeans(&vectors, dims, opts.fine, opts.iterations, opts.seed + 1);
        let ids = vocab
            .iter()
            .enumerate()
            .map(|(i, &k)| (k, (coarse[i] as u16 + 1, fine[i] as u16 + 1)))
            .collect();
        WordClusters { ids }
    }
}

/// Why clusters could not be learnt from a model's embeddings.
#[derive(Debug, thiserror::Error)]
pub enum EmbeddingError {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file's name.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The weights file lacks the word embeddings or holds them in an unexpected form.
    #[error("{path}: {reason}")]
    Format {
        /// The file's name.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl WordClusters {
    /// Clusters the whole-word entries of a BERT vocabulary by their input embeddings
    /// (`vocab.txt` and `embeddings.word_embeddings.weight` in `model.safetensors` of `dir`). The
    /// embeddings were learnt from far more text than we have, and carry that knowledge over: city
    /// names sit together, as do surnames and club names.
    pub fn from_embeddings(
        dir: &std::path::Path,
        opts: &ClusterOptions,
    ) -> Result<Self, EmbeddingError> {
        let vocab_path = dir.join("vocab.txt");
        let vocab = std::fs::read_to_string(&vocab_path).map_err(|source| EmbeddingError::Io {
            path: vocab_path.display().to_string(),
            source,
        })?;
        let st_path = dir.join("model.safetensors");
        let bytes = std::fs::read(&st_path).map_err(|source| EmbeddingError::Io {
            path: st_path.display().to_string(),
            source,
        })?;
        let fmt = |reason: String| EmbeddingError::Format {
            path: st_path.display().to_string(),
            reason,
        };
        let (dims, data) =
            super::safetensors::tensor_f32(&bytes, "embeddings.word_embeddings.weight")
                .map_err(|e| fmt(e.to_string()))?;
        let [rows, dim] = dims[..] else {
            return Err(fmt(format!(
                "word embeddings have shape {dims:?}, expected 2 dimensions"
            )));
        };
        let mut words = Vec::new();
        let mut vectors = Vec::new();
        for (i, w) in vocab.lines().enumerate().take(rows) {
            if w.starts_with("##") || w.starts_with('[') || !w.chars().any(char::is_alphabetic) {
                continue;
            }
            let mut v = data[i * dim..(i + 1) * dim].to_vec();
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
            v.iter_mut().for_each(|x| *x /= norm);
            words.push(w);
            vectors.push(v);
        }
        let coarse = kmeans_dense(&vectors, dim, opts.coarse, opts.iterations);
        let fine = kmeans_dense(&vectors, dim, opts.fine, opts.iterations);
        let ids = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                (
                    super::casing::key(&w.to_lowercase()),
                    (coarse[i] as u16 + 1, fine[i] as u16 + 1),
                )
            })
            .collect();
        Ok(WordClusters { ids })
    }
}

/// Spherical k-means on dense unit vectors; centroids start at evenly spaced vectors.
fn kmeans_dense(vectors: &[Vec<f32>], dim: usize, k: usize, iterations: usize) -> Vec<usize> {
    use rayon::prelude::*;
    let n = vectors.len();
    let mut centroids: Vec<f32> = (0..k)
        .flat_map(|c| vectors[c * n / k].iter().copied())
        .collect();
    let mut assign = vec![0usize; n];
    for _ in 0..iterations {
        assign = vectors
            .par_iter()
            .map(|v| {
                let mut best = (f32::NEG_INFINITY, 0);
                for c in 0..k {
                    let row = &centroids[c * dim..(c + 1) * dim];
                    let s: f32 = row.iter().zip(v).map(|(a, b)| a * b).sum();
                    if s > best.0 {
                        best = (s, c);
                    }
                }
                best.1
            })
            .collect();
        centroids.iter_mut().for_each(|x| *x = 0.0);
        for (v, &c) in vectors.iter().zip(&assign) {
            for (x, y) in centroids[c * dim..(c + 1) * dim].iter_mut().zip(v) {
                *x += y;
            }
        }
        normalize_rows(&mut centroids, dim);
    }
    assign
}

/// Scales each row of a row-major matrix to unit length.
fn normalize_rows(m: &mut [f32], width: usize) {
    for row in m.chunks_exact_mut(width) {
        let norm = row.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            row.iter_mut().for_each(|x| *x /= norm);
        }
    }
}

fn normalize(v: &mut Sparse) {
    let norm = v.iter().map(|&(_, x)| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, x) in v.iter_mut() {
            *x /= norm;
        }
    }
}

/// Spherical k-means, deterministic: centroids start at evenly spaced words of the frequency-sorted
/// vocabulary, shifted by the seed.
fn kmeans(vectors: &[Sparse], dims: usize, k: usize, iterations: usize, seed: u64) -> Vec<usize> {
    let n = vectors.len();
    let mut centroids = vec![0f32; k * dims];
    for c in 0..k {
        let w = (c * n / k + seed as usize % (n / k).max(1)) % n;
        for &(d, x) in &vectors[w] {
            centroids[c * dims + d as usize] = x;
        }
    }
    let mut assign = vec![0usize; n];
    for _ in 0..iterations {
        for (w, v) in vectors.iter().enumerate() {
            let mut best = (f32::NEG_INFINITY, 0);
            for c in 0..k {
                let row = &centroids[c * dims..(c + 1) * dims];
                let s: f32 = v.iter().map(|&(d, x)| row[d as usize] * x).sum();
                if s > best.0 {
                    best = (s, c);
                }
            }
            assign[w] = best.1;
        }
        centroids.iter_mut().for_each(|x| *x = 0.0);
        for (w, v) in vectors.iter().enumerate() {
            let c = assign[w];
            for &(d, x) in v {
                centroids[c * dims + d as usize] += x;
            }
        }
        normalize_rows(&mut centroids, dims);
    }
    assign
}
