//! Linear-chain sequence labelling shared by the fast taggers (entities, parts of speech): weights
//! over hashed features, Viterbi decoding under transition constraints, forward-backward marginals,
//! structured averaged-perceptron training, and a compact binary encoding.

use std::borrow::Cow;
use std::collections::HashMap;

use super::codec::{DecodeError, Reader};

mod streamed;
pub use streamed::decode_streamed;

/// Which label may follow which. Row `n` is the sentence start.
#[derive(Debug, Clone, Default)]
pub struct Constraints {
    pub n: usize,
    allowed: Vec<bool>,
    /// Whether every transition is allowed (decoding then skips the mask).
    all: bool,
}

impl Constraints {
    pub fn new(n: usize, allowed: impl Fn(Option<usize>, usize) -> bool) -> Self {
        let mut a = vec![false; (n + 1) * n];
        for p in 0..=n {
            for l in 0..n {
                a[p * n + l] = allowed((p < n).then_some(p), l);
            }
        }
        let all = a.iter().all(|&x| x);
        Constraints { n, allowed: a, all }
    }

    pub fn unconstrained(n: usize) -> Self {
        Constraints {
            n,
            allowed: vec![true; (n + 1) * n],
            all: true,
        }
    }

    #[inline]
    fn ok(&self, prev: usize, cur: usize) -> bool {
        self.allowed[prev * self.n + cur]
    }

    /// The transition scores with the forbidden ones at minus infinity (borrowed when every
    /// transition is allowed).
    fn mask<'a>(&self, trans: &'a [f32]) -> Cow<'a, [f32]> {
        if self.all {
            return Cow::Borrowed(trans);
        }
        Cow::Owned(
            trans
                .iter()
                .zip(&self.allowed)
                .map(|(&t, &ok)| if ok { t } else { f32::NEG_INFINITY })
                .collect(),
        )
    }
}

/// The best label sequence under the constraints. `em` holds `n` scores per token; `trans` holds
/// `(n + 1) * n` transition scores, the last row for the sentence start. Ties go to the lowest
/// previous label, then to the lowest final label.
pub fn viterbi(em: &[f32], trans: &[f32], c: &Constraints) -> Vec<usize> {
    let n = c.n;
    viterbi_with(em.len() / n, trans, c, |i, e| {
        e.copy_from_slice(&em[i * n..(i + 1) * n])
    })
}

/// [`viterbi`] with the labels as bytes (a label index is under 256), for long sequences.
pub fn viterbi_bytes(em: &[f32], trans: &[f32], c: &Constraints) -> Vec<u8> {
    let n = c.n;
    viterbi_with_bytes(em.len() / n, trans, c, |i, e| {
        e.copy_from_slice(&em[i * n..(i + 1) * n])
    })
}

/// [`viterbi`] over `len` tokens whose scores `scores(i, row)` writes into `row` when the decoder
/// reaches token `i`, so that a long sentence needs no table of all its scores. The decoder keeps
/// two rows of path scores and one byte per token and label to trace the path back.
pub fn viterbi_with(
    len: usize,
    trans: &[f32],
    c: &Constraints,
    scores: impl FnMut(usize, &mut [f32]),
) -> Vec<usize> {
    viterbi_with_bytes(len, trans, c, scores)
        .into_iter()
        .map(usize::from)
        .collect()
}

/// [`viterbi_with`] with the labels as bytes.
pub fn viterbi_with_bytes(
    len: usize,
    trans: &[f32],
    c: &Constraints,
    scores: impl FnMut(usize, &mut [f32]),
) -> Vec<u8> {
    // The label counts of the project's models get a decoder of their own, whose loops the
    // compiler unrolls over the labels; any other count the general one (the same arithmetic).
    match c.n {
        7 => viterbi_n::<7>(len, trans, c, scores),
        9 => viterbi_n::<9>(len, trans, c, scores),
        45 => viterbi_n::<45>(len, trans, c, scores),
        _ => viterbi_n::<0>(len, trans, c, scores),
    }
}

/// [`viterbi_with_bytes`] for `N` labels (`N` = 0: `c.n`, known only at run time).
fn viterbi_n<const N: usize>(
    len: usize,
    trans: &[f32],
    c: &Constraints,
    mut scores: impl FnMut(usize, &mut [f32]),
) -> Vec<u8> {
    let n = if N == 0 { c.n } else { N };
    debug_assert_eq!(n, c.n);
    assert!(n <= 256, "at most 256 labels");
    if len == 0 {
        return Vec::new();
    }
    // Forbidden transitions score minus infinity, so that they never win a strict comparison and
    // the inner loop needs no test: it runs over the labels of the current token for each
    // previous label, which vectorises.
    let t = c.mask(trans);
    let mut e = vec![0f32; n];
    let mut prev = vec![f32::NEG_INFINITY; n];
    let mut cur = vec![f32::NEG_INFINITY; n];
    // Back-pointers of tokens `lo..`, one row each (see `settle`).
    let mut back: Vec<u8> = Vec::with_capacity(len.min(2 * SETTLE) * n);
    let mut lo = 1;
    let mut out = vec![0u8; len];
    let mut check_at = SETTLE;
    scores(0, &mut e);
    for l in 0..n {
        if c.ok(n, l) {
            prev[l] = trans[n * n + l] + e[l];
        }
    }
    // The highest and lowest transition from each label, to skip previous labels that cannot win.
    let (row_max, row_min): (Vec<f32>, Vec<f32>) = t[..n * n]
        .chunks_exact(n)
        .map(|row| {
            row.iter()
                .fold((f32::NEG_INFINITY, f32::INFINITY), |(hi, lo), &x| {
                    (hi.max(x), lo.min(x))
                })
        })
        .unzip();
    let mut best = vec![f32::NEG_INFINITY; n];
    let mut arg = vec![0f32; n];
    for i in 1..len {
        best.fill(f32::NEG_INFINITY);
        arg.fill(0.0);
        // Every label's best score is at least `floor`, what the best previous label gives it at
        // the least. A previous label whose score plus its highest transition stays under that
        // cannot give any label its best score, nor tie it, so it is skipped: the result is exactly
        // that of the full search (rounding is monotonic, so the bounds hold in floating point).
        let (top, top_score) =
            prev.iter()
                .enumerate()
                .fold((0, f32::NEG_INFINITY), |(bp, bs), (p, &s)| {
                    if s > bs { (p, s) } else { (bp, bs) }
                });
        let floor = top_score + row_min[top];
        let (best, arg) = (&mut best[..n], &mut arg[..n]);
        let mut take = |p: usize, pv: f32| {
            let row = &t[p * n..][..n];
            // Branch-free, so that it compiles to vector instructions: the label index rides as a
            // float (exact for small integers), moved by arithmetic on the comparison's 0 or 1
            // rather than by a select the compiler would turn into branches.
            let p = p as f32;
            for ((b, a), &w) in best.iter_mut().zip(arg.iter_mut()).zip(&row[..n]) {
                let s = pv + w;
                let better = (s > *b) as u32 as f32;
                *a += better * (p - *a);
                *b = if s > *b { s } else { *b };
            }
        };
        let row_max = &row_max[..n];
        let skip = |pv: f32, p: usize| (pv == f32::NEG_INFINITY) | (pv + row_max[p] < floor);
        if N > 16 && N <= 64 {
            // Many labels, of which few are taken: the test of every label without branches
            // into a bit set, then the labels taken in order.
            let mut left = 0u64;
            for (p, (&pv, &hi)) in prev[..n].iter().zip(row_max).enumerate() {
                let out = (pv == f32::NEG_INFINITY) | (pv + hi < floor);
                left |= (!out as u64) << p;
            }
            while left != 0 {
                let p = left.trailing_zeros() as usize;
                left &= left - 1;
                take(p, prev[p]);
            }
        } else {
            for (p, &pv) in prev[..n].iter().enumerate() {
                if !skip(pv, p) {
                    take(p, pv);
                }
            }
        }
        scores(i, &mut e);
        let at = back.len();
        back.resize(at + n, 0);
        let (next, e, row) = (&mut cur[..n], &e[..n], &mut back[at..][..n]);
        for l in 0..n {
            next[l] = best[l] + e[l];
            // The label index (a whole number under 256) is the low byte of the float's bits
            // once 2^23 is added: the same value as a conversion, in vector instructions.
            row[l] = (arg[l] + 8_388_608.0).to_bits() as u8;
        }
        std::mem::swap(&mut prev, &mut cur);
        if i + 1 - lo >= check_at {
            let before = lo;
            lo = settle(&mut back, lo, i, n, &mut out);
            // Checks that find nothing to settle grow apart, so that they take linear time.
            check_at = if lo > before { SETTLE } else { 2 * check_at };
        }
    }
    let last_row = &prev;
    let mut last = (0..n)
        .max_by(|&a, &b| last_row[a].total_cmp(&last_row[b]).then(b.cmp(&a)))
        .unwrap();
    for i in (lo - 1..len).rev() {
        out[i] = last as u8;
        if i >= lo {
            last = back[(i - lo) * n + last] as usize;
        }
    }
    out
}

/// Tokens decoded between two attempts of [`settle`].
const SETTLE: usize = 256;

/// Settles the path where every label of token `i` traces back to the same label of an earlier
/// token `p`: whichever label the path ends with, it runs through that one, so the labels of
/// tokens `lo - 1..=p` are written to `out` and the back-pointers of tokens `lo..=p` dropped
/// (`back` holds those of tokens `lo..=i`, one row each). Returns the new `lo` (`p + 1`, or `lo`
/// when the paths have not met). A long sentence then keeps the back-pointers of its last tokens
/// only, rather than one byte per token and label: the paths of a tagger meet every few tokens.
fn settle(back: &mut Vec<u8>, lo: usize, i: usize, n: usize, out: &mut [u8]) -> usize {
    let row = |t: usize| &back[(t - lo) * n..(t - lo + 1) * n];
    let mut labels: Vec<u8> = (0..n as u16).map(|l| l as u8).collect();
    let mut seen = vec![false; n];
    let mut t = i;
    // The labels of token t - 1 that the labels still apart at token t come from.
    while t >= lo {
        let r = row(t);
        seen.fill(false);
        let mut next = Vec::with_capacity(labels.len());
        for &l in &labels {
            let p = r[l as usize];
            if !seen[p as usize] {
                seen[p as usize] = true;
                next.push(p);
            }
        }
        labels = next;
        t -= 1;
        if labels.len() == 1 {
            break;
        }
    }
    if labels.len() != 1 {
        return lo;
    }
    // Every path runs through label `labels[0]` of token `t`.
    let mut last = labels[0] as usize;
    for k in (lo - 1..=t).rev() {
        out[k] = last as u8;
        if k >= lo {
            last = back[(k - lo) * n + last] as usize;
        }
    }
    back.drain(..(t + 1 - lo) * n);
    t + 1
}

/// Posterior probability of each label at each token (`n` per token), by forward-backward over
/// the same scores. Runs in probability space with per-step normalisation (no logarithms in the
/// inner loops): the scores of a token are shifted by their maximum before exponentiation.
#[cfg(test)]
pub fn marginals(em: &[f32], trans: &[f32], c: &Constraints) -> Vec<f32> {
    let mut out = em.to_vec();
    marginals_in_place(&mut out, trans, c);
    out
}

/// Scales `v` to sum to 1 (left as it is when its sum is 0).
#[inline]
pub(crate) fn normalise(v: &mut [f64]) {
    let s: f64 = v.iter().sum();
    if s > 0.0 {
        v.iter_mut().for_each(|x| *x /= s);
    }
}

/// The allowed transition scores as probabilities, shifted by the largest allowed one; 0 where
/// the constraints forbid the transition. Row `n` is the start of a sentence.
fn exp_transitions(trans: &[f32], c: &Constraints) -> Vec<f64> {
    let n = c.n;
    let tmax = (0..=n)
        .flat_map(|p| (0..n).map(move |l| (p, l)))
        .filter(|&(p, l)| c.ok(p, l))
        .map(|(p, l)| trans[p * n + l])
        .fold(f32::NEG_INFINITY, f32::max);
    (0..(n + 1) * n)
        .map(|k| {
            if c.ok(k / n, k % n) {
                ((trans[k] - tmax) as f64).exp()
            } else {
                0.0
            }
        })
        .collect()
}

/// Tokens per block of the backward pass in [`marginals_in_place`].
const BLOCK: usize = 64;

/// [`marginals`] written over the scores `em`. The backward pass keeps one row per block of
/// [`BLOCK`] tokens (the row of its last token) and recomputes the rows of a block from it when
/// the forward pass reaches the block: the same arithmetic in the same order, so the same
/// results, in memory that is a fraction of the scores' rather than twice theirs.
pub fn marginals_in_place(em: &mut [f32], trans: &[f32], c: &Constraints) {
    // As in `viterbi_with_bytes`: the models' label counts get loops unrolled over the labels.
    match c.n {
        7 => marginals_n::<7>(em, trans, c),
        9 => marginals_n::<9>(em, trans, c),
        _ => marginals_n::<0>(em, trans, c),
    }
}

/// [`marginals_in_place`] for `N` labels (`N` = 0: `c.n`, known only at run time).
fn marginals_n<const N: usize>(em: &mut [f32], trans: &[f32], c: &Constraints) {
    let n = if N == 0 { c.n } else { N };
    debug_assert_eq!(n, c.n);
    let len = em.len() / n;
    if len == 0 {
        return;
    }
    let t = exp_transitions(trans, c);
    let t = &t[..(n + 1) * n];
    // The same transitions by column (`tt[l * n + p]` is `t[p * n + l]`), so that the backward
    // step reads them in the order it accumulates.
    let tt: Vec<f64> = (0..n * n).map(|k| t[(k % n) * n + k / n]).collect();
    // A token's scores as probabilities, shifted by their maximum (computed when needed, in each
    // direction, rather than kept for the whole sentence).
    let exp_row = |em: &[f32], i: usize, out: &mut [f64]| {
        let row = &em[i * n..][..n];
        let m = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        for (o, &x) in out[..n].iter_mut().zip(row) {
            *o = ((x - m) as f64).exp();
        }
    };
    let normalise = |v: &mut [f64]| normalise(&mut v[..n]);
    // One backward step: a token's row from the next token's row and probabilities `e`. Each
    // `cur[p]` is the sum over `l` of `t[p][l] * e[l] * next[l]`, added in the order of `l` from
    // -0 (as `Iterator::sum` does); the labels `p` are accumulated side by side rather than one
    // after another, so that their additions do not wait on each other: the same operations on
    // each value, so the same results.
    let tt = &tt[..n * n];
    let step_back = |e: &[f64], next: &[f64], cur: &mut [f64]| {
        let (e, next, cur) = (&e[..n], &next[..n], &mut cur[..n]);
        cur.fill(-0.0);
        for l in 0..n {
            let (el, nl) = (e[l], next[l]);
            for (c, &x) in cur.iter_mut().zip(&tt[l * n..][..n]) {
                *c += x * el * nl;
            }
        }
        normalise(cur);
    };
    let mut e = vec![0f64; n];
    // Backward, keeping the row of the last token of each block (rows before the end of the
    // first block are never kept, so the pass stops there; a sentence of one block needs none).
    let blocks = len.div_ceil(BLOCK);
    let last_of = |b: usize| ((b + 1) * BLOCK).min(len) - 1;
    let mut kept = vec![0f64; blocks * n];
    let mut next = vec![1f64; n];
    let mut cur = vec![0f64; n];
    kept[(blocks - 1) * n..].copy_from_slice(&next);
    for i in (BLOCK - 1..len - 1).rev() {
        exp_row(em, i + 1, &mut e);
        step_back(&e, &next, &mut cur);
        std::mem::swap(&mut next, &mut cur);
        if i % BLOCK == BLOCK - 1 {
            kept[(i / BLOCK) * n..(i / BLOCK + 1) * n].copy_from_slice(&next);
        }
    }
    // Forward, keeping two rows, writing the marginals over the scores; the backward rows of each
    // block are recomputed from the kept row before the block's scores are overwritten, and the
    // probabilities of its tokens kept for the forward pass.
    let mut beta = vec![0f64; BLOCK.min(len) * n];
    let mut exps = vec![0f64; BLOCK.min(len) * n];
    let mut alpha = vec![0f64; n];
    let mut next_alpha = vec![0f64; n];
    let mut row = vec![0f64; n];
    exp_row(em, 0, &mut e);
    for l in 0..n {
        alpha[l] = t[n * n + l] * e[l];
    }
    normalise(&mut alpha);
    for b in 0..blocks {
        let first = b * BLOCK;
        let last = last_of(b);
        beta[(last - first) * n..(last - first + 1) * n].copy_from_slice(&kept[b * n..(b + 1) * n]);
        for i in (first..last).rev() {
            let e = &mut exps[(i + 1 - first) * n..(i + 2 - first) * n];
            exp_row(em, i + 1, e);
            let (cur, next) = beta.split_at_mut((i - first + 1) * n);
            step_back(e, &next[..n], &mut cur[(i - first) * n..]);
        }
        if first > 0 {
            exp_row(em, first, &mut exps[..n]);
        }
        for i in first..=last {
            if i > 0 {
                let e = &exps[(i - first) * n..][..n];
                // Each label's sum over `p` in the order of `p` from -0, the labels side by side.
                let na = &mut next_alpha[..n];
                na.fill(-0.0);
                for (p, &a) in alpha[..n].iter().enumerate() {
                    for (s, &x) in na.iter_mut().zip(&t[p * n..][..n]) {
                        *s += a * x;
                    }
                }
                for (s, &el) in na.iter_mut().zip(e) {
                    *s *= el;
                }
                normalise(na);
                std::mem::swap(&mut alpha, &mut next_alpha);
            }
            let bi = &beta[(i - first) * n..][..n];
            let (row, alpha) = (&mut row[..n], &alpha[..n]);
            for (l, r) in row.iter_mut().enumerate() {
                *r = alpha[l] * bi[l];
            }
            let z: f64 = row.iter().sum();
            for (m, &r) in em[i * n..][..n].iter_mut().zip(&*row) {
                *m = if z > 0.0 { (r / z) as f32 } else { 0.0 };
            }
        }
    }
}

/// Weights addressed by feature hash. Models with many labels store them sparsely: most features
/// weigh on a few labels only (a word feature of the part-of-speech model on three or four of its
/// 45 tags), so each feature keeps just its non-zero weights, next to each other. Emissions then
/// touch a few bytes per feature instead of a whole row, and the model takes a fraction of the
/// memory of dense rows. Models with few labels (at most [`DENSE_LABELS`]: entities, attribution)
/// keep a dense row per feature, which takes no more memory than the sparse entries at their
/// density and is added to the scores with vector instructions, the scores held in registers.
#[derive(Debug, Clone, Default)]
pub struct LinearModel {
    pub n_labels: usize,
    /// Feature hash → the feature's first entry in `entries` and its number of entries (sparse),
    /// or the start of its row in `dense` and `n_labels` (dense).
    index: WeightIndex,
    /// The non-zero weights of every feature as (label, weight), labels ascending within a feature
    /// (sparse models only).
    entries: Vec<(u32, f32)>,
    /// `n_labels` weights per feature (dense models only).
    dense: Vec<f32>,
    /// `(n_labels + 1) * n_labels` transition scores; the last row is the sentence start.
    pub trans: Vec<f32>,
}

/// Feature hash → (start, count) of its weights: open addressing with linear probing in a
/// power-of-two table kept at most 3/4 full, each slot holding its key and value side by side, so
/// that a lookup (most features of a token are not in the model) usually reads a slot or two. The
/// keys are hashes already mixed to the last bit, so their low bits are the slot.
#[derive(Debug, Clone)]
struct WeightIndex {
    /// (key, start, count); a count of [`WeightIndex::EMPTY`] marks a free slot.
    slots: Vec<(u64, u32, u32)>,
    len: usize,
}

impl Default for WeightIndex {
    fn default() -> Self {
        WeightIndex::with_capacity(0)
    }
}

impl WeightIndex {
    const EMPTY: u32 = u32::MAX;

    /// A table for `n` keys.
    fn with_capacity(n: usize) -> Self {
        let size = (n * 4).div_ceil(3).next_power_of_two().max(8);
        WeightIndex {
            slots: vec![(0, 0, Self::EMPTY); size],
            len: 0,
        }
    }

    fn len(&self) -> usize {
        self.len
    }

    /// The value of key `h`.
    #[inline(always)]
    fn get(&self, h: u64) -> Option<(u32, u32)> {
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let (k, start, count) = self.slots[i];
            if count == Self::EMPTY {
                return None;
            }
            if k == h {
                return Some((start, count));
            }
            i = (i + 1) & mask;
        }
    }

    /// Asks the processor to start loading the slot where a lookup of `h` begins, so that the
    /// lookups of a token's features, most of them cache misses, wait for memory together.
    #[inline(always)]
    fn prefetch(&self, h: u64) {
        prefetch(
            self.slots
                .as_ptr()
                .wrapping_add(h as usize & (self.slots.len() - 1)),
        );
    }

    /// Sets the value of key `h` (`count` is under [`WeightIndex::EMPTY`]).
    fn insert(&mut self, h: u64, start: u32, count: u32) {
        debug_assert!(count != Self::EMPTY);
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            let old = std::mem::replace(self, WeightIndex::with_capacity(2 * (self.len + 1)));
            for (k, s, c) in old.slots.into_iter().filter(|s| s.2 != Self::EMPTY) {
                self.insert(k, s, c);
            }
        }
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let slot = &mut self.slots[i];
            if slot.2 == Self::EMPTY {
                *slot = (h, start, count);
                self.len += 1;
                return;
            }
            if slot.0 == h {
                *slot = (h, start, count);
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /// The keys, in no order.
    fn keys(&self) -> impl Iterator<Item = u64> + '_ {
        self.slots
            .iter()
            .filter(|s| s.2 != Self::EMPTY)
            .map(|s| s.0)
    }
}

/// Asks the processor to start loading the cache line at `p` (a hint: nothing is read, and an
/// address outside any allocation is harmless). A batch of features is looked up first and
/// their weights added after, so the weights' loads overlap rather than wait one after another.
#[inline(always)]
fn prefetch<T>(p: *const T) {
    // SAFETY: a prefetch reads no memory and cannot fault, whatever the address; SSE, which it
    // needs, is part of every x86-64 processor.
    #[cfg(target_arch = "x86_64")]
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast())
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// The most labels of a model whose weights are stored as dense rows.
const DENSE_LABELS: usize = 16;

impl LinearModel {
    /// Builds a model from dense weights (`keys[i]` is the hash of feature `i`), dropping features
    /// whose weights are all zero.
    pub fn from_dense(keys: &[u64], weights: &[f32], trans: Vec<f32>, n_labels: usize) -> Self {
        let mut rows: Vec<(u64, &[f32])> = keys
            .iter()
            .zip(weights.chunks_exact(n_labels))
            .filter(|(_, w)| w.iter().any(|&x| x != 0.0))
            .map(|(&k, w)| (k, w))
            .collect();
        rows.sort_by_key(|&(k, _)| k);
        let mut model = LinearModel {
            n_labels,
            index: WeightIndex::with_capacity(rows.len()),
            entries: Vec::new(),
            dense: Vec::new(),
            trans,
        };
        for (k, w) in rows {
            model.push_row(k, w);
        }
        model
    }

    /// Adds feature `k` with weights `w` (`n_labels` of them, not all zero).
    fn push_row(&mut self, k: u64, w: &[f32]) {
        if self.n_labels <= DENSE_LABELS {
            let start = self.dense.len() as u32;
            self.dense.extend_from_slice(w);
            self.index.insert(k, start, self.n_labels as u32);
            return;
        }
        let start = self.entries.len() as u32;
        self.entries.extend(
            w.iter()
                .enumerate()
                .filter(|&(_, &x)| x != 0.0)
                .map(|(l, &x)| (l as u32, x)),
        );
        self.index
            .insert(k, start, self.entries.len() as u32 - start);
    }

    pub fn num_features(&self) -> usize {
        self.index.len()
    }

    /// A model whose scores are those of `a` followed by those of `b` (`a.n_labels + b.n_labels`
    /// labels, at most [`DENSE_LABELS`]; both dense), for the features of either: one lookup of
    /// a feature then gives the weights of both, where scoring with each model alone looks every
    /// feature up twice. Its sums are those of each model alone, label by label (a feature one
    /// model lacks adds zeros there). It holds no transitions: it scores, it does not decode.
    pub fn joined(a: &LinearModel, b: &LinearModel) -> Option<LinearModel> {
        let n = a.n_labels + b.n_labels;
        if n > DENSE_LABELS || a.n_labels == 0 || b.n_labels == 0 {
            return None;
        }
        let mut keys: Vec<u64> = a.index.keys().chain(b.index.keys()).collect();
        keys.sort_unstable();
        keys.dedup();
        let mut model = LinearModel {
            n_labels: n,
            index: WeightIndex::with_capacity(keys.len()),
            entries: Vec::new(),
            dense: Vec::with_capacity(keys.len() * n),
            trans: Vec::new(),
        };
        let mut row = vec![0f32; n];
        for k in keys {
            let (first, second) = row.split_at_mut(a.n_labels);
            a.dense_row(k, first);
            b.dense_row(k, second);
            model.push_row(k, &row);
        }
        Some(model)
    }

    /// The two models joined by [`LinearModel::joined`], the first `at` labels and the rest, with
    /// no transitions. A feature whose weights are all zero on one side is not in that model.
    pub fn split(&self, at: usize) -> (LinearModel, LinearModel) {
        let side = |n: usize| LinearModel {
            n_labels: n,
            ..LinearModel::default()
        };
        let (mut a, mut b) = (side(at), side(self.n_labels - at));
        let mut keys: Vec<u64> = self.index.keys().collect();
        keys.sort_unstable();
        let mut row = vec![0f32; self.n_labels];
        for k in keys {
            self.dense_row(k, &mut row);
            let (x, y) = row.split_at(at);
            if x.iter().any(|&w| w != 0.0) {
                a.push_row(k, x);
            }
            if y.iter().any(|&w| w != 0.0) {
                b.push_row(k, y);
            }
        }
        (a, b)
    }

    /// A model of `n_labels` labels with transitions `trans` and no weights.
    pub fn weightless(n_labels: usize, trans: Vec<f32>) -> LinearModel {
        LinearModel {
            n_labels,
            trans,
            ..LinearModel::default()
        }
    }

    /// Writes feature `h`'s weights, one per label, into `row` (zeros when the model lacks it).
    fn dense_row(&self, h: u64, row: &mut [f32]) {
        row.fill(0.0);
        match self.index.get(h) {
            Some((start, len)) if self.n_labels <= DENSE_LABELS => {
                row.copy_from_slice(&self.dense[start as usize..(start + len) as usize])
            }
            Some((start, len)) => {
                for &(l, w) in &self.entries[start as usize..(start + len) as usize] {
                    row[l as usize] = w;
                }
            }
            None => {}
        }
    }

    /// The non-zero weights of a feature, as (label, weight).
    fn row(&self, h: u64) -> Cow<'_, [(u32, f32)]> {
        match self.index.get(h) {
            Some((start, len)) if self.n_labels <= DENSE_LABELS => Cow::Owned(
                self.dense[start as usize..(start + len) as usize]
                    .iter()
                    .enumerate()
                    .filter(|&(_, &x)| x != 0.0)
                    .map(|(l, &x)| (l as u32, x))
                    .collect(),
            ),
            Some((start, len)) => {
                Cow::Borrowed(&self.entries[start as usize..(start + len) as usize])
            }
            None => Cow::Borrowed(&[]),
        }
    }

    /// The weight of a feature for a label (0 when the model does not know the feature).
    pub fn weight(&self, h: u64, label: usize) -> f32 {
        self.row(h)
            .iter()
            .find(|&&(l, _)| l as usize == label)
            .map_or(0.0, |&(_, w)| w)
    }

    /// Adds the weights of features `hashes` to the label scores `e` (`n_labels` of them), feature
    /// by feature in order. Zero weights are not stored, and adding zero changes no score (a score
    /// that starts at +0 never becomes -0), so the sums are exactly those of dense rows.
    ///
    /// The features are looked up first and their weights added after, so that the memory reads
    /// of the lookups, which do not depend on each other, overlap.
    #[inline]
    pub fn add_scores(&self, hashes: &[u64], e: &mut [f32]) {
        for &h in hashes {
            self.index.prefetch(h);
        }
        match self.n_labels {
            7 => self.add_dense::<7>(hashes, e),
            9 => self.add_dense::<9>(hashes, e),
            14 => self.add_dense::<14>(hashes, e),
            n if n <= DENSE_LABELS => self.add_dense_any(hashes, e),
            _ => self.add_sparse(hashes, e),
        }
    }

    /// Starts loading where the lookups of features `hashes` begin: called with the next token's
    /// features while this token's are added, it lets the next [`LinearModel::add_scores`] find
    /// its lookups in cache.
    #[inline]
    pub fn prefetch(&self, hashes: &[u64]) {
        for &h in hashes {
            self.index.prefetch(h);
        }
    }

    /// [`LinearModel::add_scores`] of a sparse model.
    fn add_sparse(&self, hashes: &[u64], e: &mut [f32]) {
        const BATCH: usize = 32;
        let mut rows = [(0u32, 0u32); BATCH];
        for chunk in hashes.chunks(BATCH) {
            for (r, h) in rows.iter_mut().zip(chunk) {
                *r = self.index.get(*h).unwrap_or((0, 0));
                prefetch(self.entries.as_ptr().wrapping_add(r.0 as usize));
            }
            for &(start, len) in &rows[..chunk.len()] {
                for &(l, w) in &self.entries[start as usize..(start + len) as usize] {
                    e[l as usize] += w;
                }
            }
        }
    }

    /// [`LinearModel::add_scores`] of a dense model of `N` labels: the scores stay in registers
    /// while the rows are added, each label's in feature order, as in the sparse sum (a zero
    /// weight adds nothing).
    #[inline]
    fn add_dense<const N: usize>(&self, hashes: &[u64], e: &mut [f32]) {
        const BATCH: usize = 32;
        const ABSENT: u32 = u32::MAX;
        let e: &mut [f32; N] = e.try_into().expect("one score per label");
        let mut acc = *e;
        let mut rows = [0u32; BATCH];
        for chunk in hashes.chunks(BATCH) {
            for (r, h) in rows.iter_mut().zip(chunk) {
                *r = self.index.get(*h).map_or(ABSENT, |(start, _)| start);
                prefetch(self.dense.as_ptr().wrapping_add(*r as usize));
            }
            for &start in &rows[..chunk.len()] {
                if start == ABSENT {
                    continue;
                }
                let w: &[f32; N] = self.dense[start as usize..start as usize + N]
                    .try_into()
                    .unwrap();
                for l in 0..N {
                    acc[l] += w[l];
                }
            }
        }
        *e = acc;
    }

    /// [`LinearModel::add_scores`] of a dense model of any number of labels.
    fn add_dense_any(&self, hashes: &[u64], e: &mut [f32]) {
        let n = self.n_labels;
        for h in hashes {
            if let Some((start, _)) = self.index.get(*h) {
                for (x, &w) in e.iter_mut().zip(&self.dense[start as usize..][..n]) {
                    *x += w;
                }
            }
        }
    }

    /// Label scores of every token (`n_labels` per token).
    pub fn emissions(&self, feats: &SentenceFeatures) -> Vec<f32> {
        let mut em = Vec::new();
        self.emissions_into(feats, &mut em);
        em
    }

    /// [`LinearModel::emissions`] appended to `em`.
    pub fn emissions_into(&self, feats: &SentenceFeatures, em: &mut Vec<f32>) {
        let n = self.n_labels;
        let start = em.len();
        em.resize(start + feats.len() * n, 0.0);
        for (i, e) in em[start..].chunks_exact_mut(n).enumerate() {
            self.add_scores(feats.token(i), e);
        }
    }

    /// Appends the model: label count, feature count, a scale, the sorted feature hashes, each
    /// row's non-zero weights quantised to 16 bits (count, then label and weight pairs), and the
    /// transitions as f32.
    pub fn encode(&self, out: &mut Vec<u8>) {
        let n = self.n_labels;
        let mut keys: Vec<u64> = self.index.keys().collect();
        keys.sort_unstable();
        let rows: Vec<_> = keys.into_iter().map(|k| (k, self.row(k))).collect();
        let max = rows
            .iter()
            .flat_map(|(_, w)| w.iter())
            .fold(0f32, |a, &(_, b)| a.max(b.abs()));
        let scale = if max > 0.0 {
            max / i16::MAX as f32
        } else {
            1.0
        };
        out.extend_from_slice(&(n as u32).to_le_bytes());
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        for (k, _) in &rows {
            out.extend_from_slice(&k.to_le_bytes());
        }
        for (_, w) in &rows {
            let q: Vec<(u8, i16)> = w
                .iter()
                .map(|&(l, x)| (l as u8, (x / scale).round() as i16))
                .filter(|&(_, x)| x != 0)
                .collect();
            out.push(q.len() as u8);
            for (l, x) in q {
                out.push(l);
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        for &x in &self.trans {
            out.extend_from_slice(&x.to_le_bytes());
        }
    }

    pub(crate) fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Encoded::read(r)?.model())
    }

    /// The model [`LinearModel::joined`] makes of the encoded models `a` and `b`, built from the
    /// file's bytes without building either model first (the two models would take more memory
    /// than their joined rows).
    pub(crate) fn decode_joined(a: &Encoded<'_>, b: &Encoded<'_>) -> Result<Self, DecodeError> {
        let n = a.n_labels + b.n_labels;
        if n > DENSE_LABELS {
            return Err(DecodeError::Invalid(format!("{n} labels joined")));
        }
        let features = Encoded::union_len(a, b);
        let mut model = LinearModel {
            n_labels: n,
            index: WeightIndex::with_capacity(features),
            entries: Vec::new(),
            dense: Vec::with_capacity(features * n),
            trans: Vec::new(),
        };
        let mut row = vec![0f32; n];
        a.for_each_row(|j, k, w| {
            if j + AHEAD < a.rows {
                model.index.prefetch(a.key(j + AHEAD));
            }
            row.fill(0.0);
            row[..a.n_labels].copy_from_slice(w);
            model.push_row(k, &row);
        })?;
        b.for_each_row(|j, k, w| {
            if j + AHEAD < b.rows {
                model.index.prefetch(b.key(j + AHEAD));
            }
            match model.index.get(k) {
                Some((start, _)) => {
                    model.dense[start as usize + a.n_labels..][..b.n_labels].copy_from_slice(w)
                }
                None => {
                    row.fill(0.0);
                    row[a.n_labels..].copy_from_slice(w);
                    model.push_row(k, &row);
                }
            }
        })?;
        Ok(model)
    }
}

/// The index's slots are written in the random order of the hashes: each key's slot is asked for
/// `AHEAD` keys before its turn, so that the cache misses overlap.
const AHEAD: usize = 16;

/// A model as its file holds it, read and checked but not yet built (see
/// [`LinearModel::encode`]): built alone by [`Encoded::model`], or with another one by
/// [`LinearModel::decode_joined`].
pub(crate) struct Encoded<'a> {
    pub n_labels: usize,
    /// The number of features.
    pub rows: usize,
    scale: f32,
    /// The features' hashes, 8 bytes each.
    keys: &'a [u8],
    /// The features' quantised weights: per feature a count, then (label, weight) pairs.
    weights: &'a [u8],
    pub trans: Vec<f32>,
}

impl<'a> Encoded<'a> {
    pub(crate) fn read(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let n = r.u32()? as usize;
        if n == 0 || n > 255 {
            return Err(DecodeError::Invalid(format!("{n} labels")));
        }
        let rows = r.u32()? as usize;
        let scale = r.f32()?;
        let keys = r.take(
            rows.checked_mul(8)
                .ok_or(DecodeError::Invalid("too many features".into()))?,
        )?;
        // The weights are read through once here, so that building the model cannot fail.
        let mut len = 0;
        let mut at = r.clone();
        for _ in 0..rows {
            let count = at.u8()? as usize;
            for _ in 0..count {
                if at.u8()? as usize >= n {
                    return Err(DecodeError::Invalid("label out of range".into()));
                }
                at.take(2)?;
            }
            len += 1 + 3 * count;
        }
        let weights = r.take(len)?;
        let trans = (0..(n + 1) * n)
            .map(|_| r.f32())
            .collect::<Result<_, _>>()?;
        Ok(Encoded {
            n_labels: n,
            rows,
            scale,
            keys,
            weights,
            trans,
        })
    }

    fn key(&self, j: usize) -> u64 {
        u64::from_le_bytes(self.keys[j * 8..j * 8 + 8].try_into().unwrap())
    }

    /// The number of distinct features of `a` and `b`: their files' sorted hashes are merged, or
    /// collected and sorted when a file's are out of order.
    fn union_len(a: &Encoded<'_>, b: &Encoded<'_>) -> usize {
        let sorted = |e: &Encoded<'_>| (1..e.rows).all(|j| e.key(j - 1) < e.key(j));
        if !(sorted(a) && sorted(b)) {
            let mut keys: Vec<u64> = (0..a.rows).map(|j| a.key(j)).collect();
            keys.extend((0..b.rows).map(|j| b.key(j)));
            keys.sort_unstable();
            keys.dedup();
            return keys.len();
        }
        let (mut i, mut j, mut n) = (0, 0, 0);
        while i < a.rows && j < b.rows {
            let (x, y) = (a.key(i), b.key(j));
            i += usize::from(x <= y);
            j += usize::from(y <= x);
            n += 1;
        }
        n + (a.rows - i) + (b.rows - j)
    }

    /// Calls `f` with each feature's position, hash and weights (one per label), in file order.
    fn for_each_row(&self, mut f: impl FnMut(usize, u64, &[f32])) -> Result<(), DecodeError> {
        let mut row = vec![0f32; self.n_labels];
        let mut r = Reader::new(self.weights);
        for j in 0..self.rows {
            row.fill(0.0);
            for _ in 0..r.u8()? {
                let l = r.u8()? as usize;
                let x = r.take(2)?;
                row[l] = i16::from_le_bytes([x[0], x[1]]) as f32 * self.scale;
            }
            f(j, self.key(j), &row);
        }
        Ok(())
    }

    /// The model.
    pub(crate) fn model(&self) -> LinearModel {
        let (n, rows) = (self.n_labels, self.rows);
        let mut model = LinearModel {
            n_labels: n,
            index: WeightIndex::with_capacity(rows),
            entries: Vec::with_capacity(if n <= DENSE_LABELS { 0 } else { rows * 4 }),
            dense: Vec::with_capacity(if n <= DENSE_LABELS { rows * n } else { 0 }),
            trans: self.trans.clone(),
        };
        for j in 0..AHEAD.min(rows) {
            model.index.prefetch(self.key(j));
        }
        self.for_each_row(|j, k, w| {
            if j + AHEAD < rows {
                model.index.prefetch(self.key(j + AHEAD));
            }
            model.push_row(k, w);
        })
        .expect("weights checked when read");
        model.entries.shrink_to_fit();
        model.dense.shrink_to_fit();
        model
    }
}

/// Flat per-sentence feature lists, reused between sentences to avoid allocation.
#[derive(Debug, Default, Clone)]
pub struct SentenceFeatures {
    pub feats: Vec<u64>,
    pub starts: Vec<usize>,
}

impl SentenceFeatures {
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn token(&self, i: usize) -> &[u64] {
        &self.feats[self.starts[i]..self.starts[i + 1]]
    }
}

/// A training sentence as dense feature ids and gold label indices.
#[derive(Clone)]
pub struct Example {
    feats: Vec<u32>,
    starts: Vec<u32>,
    pub gold: Vec<u16>,
}

impl Example {
    pub(crate) fn len(&self) -> usize {
        self.gold.len()
    }
    fn token(&self, i: usize) -> &[u32] {
        &self.feats[self.starts[i] as usize..self.starts[i + 1] as usize]
    }
}

/// Dense ids, from `offset`, of the features of `lists` seen at least `min_count` times, and
/// their hashes in id order.
pub(crate) fn frequent_features<'a, L: AsRef<[u64]> + 'a>(
    lists: impl Iterator<Item = L>,
    min_count: u32,
    offset: usize,
) -> (Vec<u64>, HashMap<u64, u32>) {
    let mut counts: HashMap<u64, u32> = HashMap::new();
    for f in lists {
        for &h in f.as_ref() {
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
        .map(|(i, &k)| (k, (offset + i) as u32))
        .collect();
    (keys, ids)
}

/// Dense ids for features seen at least `min_count` times in training.
pub struct FeatureIndex {
    ids: HashMap<u64, u32>,
    pub keys: Vec<u64>,
}

impl FeatureIndex {
    pub fn build<'a>(feats: impl Iterator<Item = &'a SentenceFeatures>, min_count: u32) -> Self {
        let (keys, ids) = frequent_features(feats.map(|s| s.feats.as_slice()), min_count, 0);
        FeatureIndex { ids, keys }
    }

    pub fn example(&self, f: &SentenceFeatures, gold: impl Iterator<Item = usize>) -> Example {
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
            gold: gold.map(|g| g as u16).collect(),
        }
    }
}

/// Dense weights for training.
#[derive(Clone)]
pub struct Dense {
    pub n_labels: usize,
    pub w: Vec<f32>,
    pub trans: Vec<f32>,
}

impl Dense {
    fn emissions(&self, ex: &Example) -> Vec<f32> {
        let n = self.n_labels;
        let mut em = vec![0f32; ex.len() * n];
        for i in 0..ex.len() {
            let e = &mut em[i * n..(i + 1) * n];
            for &f in ex.token(i) {
                let row = &self.w[f as usize * n..][..n];
                for l in 0..n {
                    e[l] += row[l];
                }
            }
        }
        em
    }

    pub fn decode(&self, ex: &Example, c: &Constraints) -> Vec<usize> {
        viterbi(&self.emissions(ex), &self.trans, c)
    }

    pub fn into_model(self, keys: &[u64]) -> LinearModel {
        LinearModel::from_dense(keys, &self.w, self.trans, self.n_labels)
    }
}

/// Perceptron weights with the accumulators for averaging.
struct Averaged {
    cur: Dense,
    acc: Vec<f64>,
    trans_acc: Vec<f64>,
    /// Examples seen: the averaging clock.
    c: f64,
}

impl Averaged {
    fn new(n_feats: usize, n: usize) -> Self {
        Averaged {
            cur: Dense {
                n_labels: n,
                w: vec![0.0; n_feats * n],
                trans: vec![0.0; (n + 1) * n],
            },
            acc: vec![0.0; n_feats * n],
            trans_acc: vec![0.0; (n + 1) * n],
            c: 1.0,
        }
    }

    fn update(&mut self, ex: &Example, pred: &[usize]) {
        let (c, n) = (self.c, self.cur.n_labels);
        for i in 0..ex.len() {
            let (g, p) = (ex.gold[i] as usize, pred[i]);
            if g != p {
                for &f in ex.token(i) {
                    let base = f as usize * n;
                    self.cur.w[base + g] += 1.0;
                    self.acc[base + g] += c;
                    self.cur.w[base + p] -= 1.0;
                    self.acc[base + p] -= c;
                }
            }
            let gp = if i == 0 { n } else { ex.gold[i - 1] as usize };
            let pp = if i == 0 { n } else { pred[i - 1] };
            if (gp, g) != (pp, p) {
                self.cur.trans[gp * n + g] += 1.0;
                self.trans_acc[gp * n + g] += c;
                self.cur.trans[pp * n + p] -= 1.0;
                self.trans_acc[pp * n + p] -= c;
            }
        }
    }

    fn averaged(&self) -> Dense {
        let c = self.c;
        let avg = |w: &[f32], a: &[f64]| -> Vec<f32> {
            w.iter()
                .zip(a)
                .map(|(&w, &a)| (w as f64 - a / c) as f32)
                .collect()
        };
        Dense {
            n_labels: self.cur.n_labels,
            w: avg(&self.cur.w, &self.acc),
            trans: avg(&self.cur.trans, &self.trans_acc),
        }
    }
}

/// A small deterministic generator for shuffling (xorshift64*), so that training is the same for
/// the same seed on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }
    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// What one epoch achieved, for progress reports.
#[derive(Debug, Clone)]
pub struct EpochReport {
    /// The name of the model being trained (`pos`, `stage 1`, …).
    pub stage: String,
    /// The epoch, from 1.
    pub epoch: usize,
    /// The score on dev (F1 or accuracy, in percent), when there is a dev scorer.
    pub dev_score: Option<f64>,
    /// Training sentences decoded wrongly during the epoch.
    pub mistakes: usize,
}

/// Scores a dense model on dev data (higher is better).
pub type DevScorer<'a> = &'a dyn Fn(&Dense) -> f64;

/// How to train one model.
pub struct StageConfig<'a> {
    pub name: String,
    pub n_feats: usize,
    pub constraints: &'a Constraints,
    pub epochs: usize,
    pub patience: usize,
    pub seed: u64,
    /// With a scorer, the epoch with the best dev score is kept (stopping after `patience` epochs
    /// without improvement); without, exactly `epochs` epochs run.
    pub dev: Option<DevScorer<'a>>,
}

/// Trains with the structured averaged perceptron; returns the weights and the chosen epoch.
pub fn train(
    train: &[&Example],
    cfg: StageConfig<'_>,
    report: &mut dyn FnMut(&EpochReport),
) -> (Dense, usize) {
    let mut weights = Averaged::new(cfg.n_feats, cfg.constraints.n);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = Rng::new(cfg.seed);
    let mut best: Option<(f64, usize, Dense)> = None;
    for epoch in 1..=cfg.epochs {
        rng.shuffle(&mut order);
        let mut mistakes = 0;
        for &k in &order {
            let ex = train[k];
            let pred = weights.cur.decode(ex, cfg.constraints);
            if pred.iter().zip(&ex.gold).any(|(&p, &g)| p != g as usize) {
                mistakes += 1;
                weights.update(ex, &pred);
            }
            weights.c += 1.0;
        }
        let avg = weights.averaged();
        let Some(dev) = cfg.dev else {
            report(&EpochReport {
                stage: cfg.name.clone(),
                epoch,
                dev_score: None,
                mistakes,
            });
            if epoch == cfg.epochs {
                return (avg, epoch);
            }
            continue;
        };
        let score = dev(&avg);
        report(&EpochReport {
            stage: cfg.name.clone(),
            epoch,
            dev_score: Some(score),
            mistakes,
        });
        if best.as_ref().is_none_or(|b| score > b.0) {
            best = Some((score, epoch, avg));
        } else if epoch >= best.as_ref().unwrap().1 + cfg.patience {
            break;
        }
    }
    let (_, epoch, w) = best.expect("at least one epoch");
    (w, epoch)
}

#[cfg(test)]
mod tests {
    /// Viterbi with every back-pointer kept, the same arithmetic and ties as [`viterbi_bytes`].
    fn full_viterbi(em: &[f32], trans: &[f32], c: &Constraints) -> Vec<u8> {
        let n = c.n;
        let len = em.len() / n;
        let t = c.mask(trans);
        let mut prev: Vec<f32> = (0..n)
            .map(|l| {
                if c.ok(n, l) {
                    trans[n * n + l] + em[l]
                } else {
                    f32::NEG_INFINITY
                }
            })
            .collect();
        let mut back = vec![0u8; len * n];
        for i in 1..len {
            let mut cur = vec![f32::NEG_INFINITY; n];
            for l in 0..n {
                let mut best = f32::NEG_INFINITY;
                for p in 0..n {
                    let s = prev[p] + t[p * n + l];
                    if s > best {
                        best = s;
                        back[i * n + l] = p as u8;
                    }
                }
                cur[l] = best + em[i * n + l];
            }
            prev = cur;
        }
        let mut last = (0..n)
            .max_by(|&a, &b| prev[a].total_cmp(&prev[b]).then(b.cmp(&a)))
            .unwrap();
        let mut out = vec![0u8; len];
        for i in (0..len).rev() {
            out[i] = last as u8;
            last = back[i * n + last] as usize;
        }
        out
    }

    /// Long sequences, whose paths are settled as they meet (and, under constraints that keep
    /// two paths apart, never meet), decode as with every back-pointer kept.
    #[test]
    fn settled_paths_are_the_best_paths() {
        let mut seed = 99u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % 1000) as f32 / 100.0 - 5.0
        };
        let free = Constraints::new(5, |prev, cur| prev != Some(1) || cur != 3);
        // Label 0 never leaves 0 nor 1 leaves 1: the two paths never meet.
        let apart = Constraints::new(2, |prev, cur| prev.is_none() || prev == Some(cur));
        for (c, len) in [(&free, 3000), (&free, 257), (&apart, 2000)] {
            let n = c.n;
            let trans: Vec<f32> = (0..(n + 1) * n).map(|_| next() / 3.0).collect();
            let em: Vec<f32> = (0..len * n).map(|_| next()).collect();
            assert_eq!(
                viterbi_bytes(&em, &trans, c),
                full_viterbi(&em, &trans, c),
                "{len}"
            );
        }
    }
    use super::*;

    #[test]
    fn viterbi_respects_constraints_and_marginals_sum_to_one() {
        // Two labels; label 1 may not start a sentence.
        let c = Constraints::new(2, |prev, cur| !(prev.is_none() && cur == 1));
        let em = vec![0.0, 5.0, 0.0, 5.0];
        let trans = vec![0.0; 6];
        assert_eq!(viterbi(&em, &trans, &c), vec![0, 1]);
        let m = marginals(&em, &trans, &c);
        assert_eq!(m[1], 0.0);
        assert!((m[2] + m[3] - 1.0).abs() < 1e-5);
    }

    /// Marginals over sentences longer than a block of the backward pass are exactly those of
    /// forward-backward with every backward row kept.
    #[test]
    fn blocked_backward_pass_gives_the_same_marginals() {
        fn full_table(em: &[f32], trans: &[f32], c: &Constraints) -> Vec<f32> {
            let n = c.n;
            let len = em.len() / n;
            let t = exp_transitions(trans, c);
            let exp_row = |i: usize| -> Vec<f64> {
                let row = &em[i * n..(i + 1) * n];
                let m = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                row.iter().map(|&x| ((x - m) as f64).exp()).collect()
            };
            let mut beta = vec![1f64; len * n];
            for i in (0..len - 1).rev() {
                let e = exp_row(i + 1);
                for p in 0..n {
                    beta[i * n + p] = (0..n)
                        .map(|l| t[p * n + l] * e[l] * beta[(i + 1) * n + l])
                        .sum();
                }
                normalise(&mut beta[i * n..(i + 1) * n]);
            }
            let mut out = vec![0f32; len * n];
            let e = exp_row(0);
            let mut alpha: Vec<f64> = (0..n).map(|l| t[n * n + l] * e[l]).collect();
            normalise(&mut alpha);
            for i in 0..len {
                if i > 0 {
                    let e = exp_row(i);
                    let mut next: Vec<f64> = (0..n)
                        .map(|l| (0..n).map(|p| alpha[p] * t[p * n + l]).sum::<f64>() * e[l])
                        .collect();
                    normalise(&mut next);
                    alpha = next;
                }
                let row: Vec<f64> = (0..n).map(|l| alpha[l] * beta[i * n + l]).collect();
                let z: f64 = row.iter().sum();
                for l in 0..n {
                    out[i * n + l] = if z > 0.0 { (row[l] / z) as f32 } else { 0.0 };
                }
            }
            out
        }
        let c = Constraints::new(3, |prev, cur| !(prev == Some(0) && cur == 2));
        let trans = vec![
            0.1, -0.3, 0.7, 0.0, 0.4, -1.2, 0.9, 0.2, 0.3, -0.5, 0.6, 0.0,
        ];
        let mut rng = Rng::new(7);
        for len in [1, 2, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + 17] {
            let em: Vec<f32> = (0..len * 3)
                .map(|_| rng.below(1000) as f32 / 100.0 - 5.0)
                .collect();
            let want = full_table(&em, &trans, &c);
            let got = marginals(&em, &trans, &c);
            assert!(
                got.iter()
                    .zip(&want)
                    .all(|(a, b)| a.to_bits() == b.to_bits()),
                "length {len}"
            );
        }
    }

    #[test]
    fn marginals_match_brute_force() {
        // Three labels, label 2 may not follow label 0; three tokens; all 27 paths enumerated.
        let c = Constraints::new(3, |prev, cur| !(prev == Some(0) && cur == 2));
        let em = vec![0.5, -1.0, 2.0, 1.5, 0.0, -0.5, 3.0, 1.0, 0.2];
        let trans = vec![
            0.1, -0.3, 0.7, 0.0, 0.4, -1.2, 0.9, 0.2, 0.3, -0.5, 0.6, 0.0,
        ];
        let mut want = [0f64; 9];
        let mut z = 0f64;
        for a in 0..3 {
            for b in 0..3 {
                for d in 0..3 {
                    let path = [a, b, d];
                    let mut prev = 3;
                    let mut score = 0f64;
                    let mut ok = true;
                    for (i, &l) in path.iter().enumerate() {
                        ok &= c.ok(prev, l);
                        score += (trans[prev * 3 + l] + em[i * 3 + l]) as f64;
                        prev = l;
                    }
                    if ok {
                        let w = score.exp();
                        z += w;
                        for (i, &l) in path.iter().enumerate() {
                            want[i * 3 + l] += w;
                        }
                    }
                }
            }
        }
        let got = marginals(&em, &trans, &c);
        for k in 0..9 {
            assert!(
                (got[k] as f64 - want[k] / z).abs() < 1e-5,
                "{k}: {} vs {}",
                got[k],
                want[k] / z
            );
        }
    }

    /// Two models joined score each feature list exactly as each model alone, label by label,
    /// whether joined in memory or from their files; split, they are the two models again.
    #[test]
    fn joined_models_score_as_each_alone_and_split_back() {
        let mut rng = Rng::new(5);
        let mut model = |keys: std::ops::Range<u64>| {
            let keys: Vec<u64> = keys
                .map(|k| k.wrapping_mul(0x9e37_79b9_7f4a_7c15))
                .collect();
            let weights: Vec<f32> = (0..keys.len() * 7)
                .map(|_| match rng.below(3) {
                    0 => 0.0,
                    _ => rng.below(2000) as f32 / 300.0 - 3.3,
                })
                .collect();
            LinearModel::from_dense(&keys, &weights, vec![0.5; 8 * 7], 7)
        };
        // Features of the first only, of both, and of the second only.
        let (a, b) = (model(0..60), model(40..100));
        let encoded = |m: &LinearModel| {
            let mut out = Vec::new();
            m.encode(&mut out);
            out
        };
        let (ea, eb) = (encoded(&a), encoded(&b));
        let (qa, qb) = (
            LinearModel::decode(&mut Reader::new(&ea)).unwrap(),
            LinearModel::decode(&mut Reader::new(&eb)).unwrap(),
        );
        let from_files = LinearModel::decode_joined(
            &Encoded::read(&mut Reader::new(&ea)).unwrap(),
            &Encoded::read(&mut Reader::new(&eb)).unwrap(),
        )
        .unwrap();
        assert_eq!(from_files.num_features(), 100);
        let joined = LinearModel::joined(&a, &b).unwrap();
        let feats: Vec<u64> = (0..50)
            .map(|_| (rng.below(120) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15))
            .collect();
        for (one, two, both) in [(&a, &b, &joined), (&qa, &qb, &from_files)] {
            let (mut x, mut y, mut xy) = (vec![0f32; 7], vec![0f32; 7], vec![0f32; 14]);
            one.add_scores(&feats, &mut x);
            two.add_scores(&feats, &mut y);
            both.add_scores(&feats, &mut xy);
            assert_eq!(&xy[..7], &x[..]);
            assert_eq!(&xy[7..], &y[..]);
        }
        let (sa, sb) = joined.split(7);
        assert_eq!((sa.num_features(), sb.num_features()), (60, 60));
        for k in (0..120u64).map(|k| k.wrapping_mul(0x9e37_79b9_7f4a_7c15)) {
            assert_eq!(sa.row(k), a.row(k));
            assert_eq!(sb.row(k), b.row(k));
        }
        // More labels than dense rows hold are not joined.
        assert!(LinearModel::joined(&joined, &a).is_none());
    }

    /// Dense and sparse storage add exactly the sums of the dense weights, feature by feature,
    /// whatever the number of labels; unknown features add nothing.
    #[test]
    fn scores_are_the_feature_order_sums_for_every_label_count() {
        let mut rng = Rng::new(11);
        for n in [2, 7, 9, 16, 17, 45] {
            let keys: Vec<u64> = (0..50).map(|k| k * 7 + 1).collect();
            let weights: Vec<f32> = (0..keys.len() * n)
                .map(|_| match rng.below(3) {
                    0 => 0.0,
                    _ => rng.below(2000) as f32 / 300.0 - 3.3,
                })
                .collect();
            let m = LinearModel::from_dense(&keys, &weights, vec![0.0; (n + 1) * n], n);
            let feats: Vec<u64> = (0..40).map(|_| rng.below(400) as u64).collect();
            let mut want = vec![0f32; n];
            for &h in &feats {
                if let Some(k) = keys.iter().position(|&k| k == h) {
                    for l in 0..n {
                        want[l] += weights[k * n + l];
                    }
                }
            }
            let mut got = vec![0f32; n];
            m.add_scores(&feats, &mut got);
            assert!(
                got.iter()
                    .zip(&want)
                    .all(|(a, b)| a.to_bits() == b.to_bits()),
                "{n} labels: {got:?} vs {want:?}"
            );
            let mut bytes = Vec::new();
            m.encode(&mut bytes);
            let back = LinearModel::decode(&mut Reader::new(&bytes)).unwrap();
            assert_eq!(back.num_features(), m.num_features());
        }
    }

    #[test]
    fn weight_index_finds_what_a_map_finds() {
        let mut rng = Rng::new(11);
        for n in [0, 1, 7, 100, 3000] {
            let mut index = WeightIndex::with_capacity(n / 3);
            let mut want = HashMap::new();
            // Random keys, and small ones and the largest ones (few bits that differ).
            let keys: Vec<u64> = (0..n as u64)
                .map(|k| match k % 4 {
                    0 => k,
                    1 => u64::MAX - k,
                    _ => rng.next(),
                })
                .collect();
            for (v, &k) in keys.iter().enumerate() {
                index.insert(k, v as u32, 3);
                want.insert(k, (v as u32, 3));
            }
            // Setting a key again replaces its value.
            for &k in keys.iter().step_by(5) {
                index.insert(k, 99, 1);
                want.insert(k, (99, 1));
            }
            assert_eq!(index.len(), want.len());
            for &k in &keys {
                assert_eq!(index.get(k), want.get(&k).copied());
            }
            for _ in 0..1000 {
                let k = rng.next();
                assert_eq!(index.get(k), want.get(&k).copied());
            }
            let mut got: Vec<u64> = index.keys().collect();
            let mut all: Vec<u64> = want.keys().copied().collect();
            got.sort_unstable();
            all.sort_unstable();
            assert_eq!(got, all);
        }
    }

    #[test]
    fn encode_decode_round_trip_prunes_zero_rows() {
        let trans = vec![0.5; 6];
        let m = LinearModel::from_dense(&[7, 3, 9], &[1.0, 0.0, 0.0, 0.0, -2.0, 0.25], trans, 2);
        assert_eq!(m.num_features(), 2);
        let mut bytes = Vec::new();
        m.encode(&mut bytes);
        let back = LinearModel::decode(&mut Reader::new(&bytes)).unwrap();
        assert!((back.weight(9, 0) + 2.0).abs() < 1e-3);
        assert!((back.weight(9, 1) - 0.25).abs() < 1e-3);
        assert_eq!(back.weight(7, 1), 0.0);
        assert_eq!(back.trans, vec![0.5; 6]);
        assert!(LinearModel::decode(&mut Reader::new(&bytes[..10])).is_err());
    }
}
