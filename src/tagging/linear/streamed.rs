//! Decoding of a sequence too long to keep all its scores: the Viterbi path and the posteriors of
//! [`super::viterbi_bytes`] and [`super::marginals_in_place`], from scores computed a stretch of
//! tokens at a time, twice but for the last stretches (up to [`KEEP_SCORE_BYTES`] of scores,
//! kept from the first pass for the second). A table of every token's scores takes four bytes per
//! token and label; here the memory is one byte per token and label (the path's back-pointers)
//! and the scores of one stretch, plus that bounded store.

use std::collections::VecDeque;
use std::ops::Range;

use super::{BLOCK, Constraints, exp_transitions, viterbi_with_bytes};

/// The most bytes of scores that the forward pass keeps (those of its last stretches) for the
/// backward pass, which starts from the last stretch: a sequence whose scores take no more is
/// scored once, a longer one computes only its first stretches' scores again. The bound keeps the
/// memory from growing with the sequence.
const KEEP_SCORE_BYTES: usize = 8 << 20;

/// The labels of the best path of `len` tokens (as [`super::viterbi_bytes`] gives them) and the
/// posterior of every label at every token with scores and transitions divided by `temperature`
/// (as [`super::marginals_in_place`] gives them over scores so divided): the same arithmetic in
/// the same order, so the same results.
///
/// `scores(range, out)` appends `n` scores per token of `range` to `out`; ranges are `stretch`
/// tokens (rounded up to whole blocks) starting at multiples of it, the last one shorter. Each is
/// asked for once by the forward pass and once by the backward pass (but the last ones, whose
/// scores the forward pass keeps: [`KEEP_SCORE_BYTES`]). The forward
/// pass runs the Viterbi decoder and keeps the forward row of each block's first token; the
/// backward pass recomputes a block's forward rows from the kept one and gives
/// `marginal(i, label, row)` the posteriors `row` of token `i` and its label on the path, from the
/// last token to the first.
pub fn decode_streamed(
    len: usize,
    trans: &[f32],
    c: &Constraints,
    temperature: f32,
    stretch: usize,
    scores: impl FnMut(Range<usize>, &mut Vec<f32>),
    marginal: impl FnMut(usize, u8, &[f32]),
) -> Vec<u8> {
    decode_keeping(
        len,
        trans,
        c,
        temperature,
        stretch,
        KEEP_SCORE_BYTES,
        scores,
        marginal,
    )
}

/// [`decode_streamed`] keeping up to `keep_bytes` of scores for the backward pass.
#[allow(clippy::too_many_arguments)]
fn decode_keeping(
    len: usize,
    trans: &[f32],
    c: &Constraints,
    temperature: f32,
    stretch: usize,
    keep_bytes: usize,
    scores: impl FnMut(Range<usize>, &mut Vec<f32>),
    marginal: impl FnMut(usize, u8, &[f32]),
) -> Vec<u8> {
    let args = (len, trans, c, temperature, stretch, keep_bytes);
    // The attribution model's 7 labels get loops unrolled over the labels (the same arithmetic).
    match c.n {
        7 => decode_n::<7>(args, scores, marginal),
        _ => decode_n::<0>(args, scores, marginal),
    }
}

/// [`decode_keeping`] for `N` labels (`N` = 0: `c.n`, known only at run time).
#[allow(clippy::type_complexity)]
fn decode_n<const N: usize>(
    (len, trans, c, temperature, stretch, keep_bytes): (
        usize,
        &[f32],
        &Constraints,
        f32,
        usize,
        usize,
    ),
    mut scores: impl FnMut(Range<usize>, &mut Vec<f32>),
    mut marginal: impl FnMut(usize, u8, &[f32]),
) -> Vec<u8> {
    let n = if N == 0 { c.n } else { N };
    debug_assert_eq!(n, c.n);
    if len == 0 {
        return Vec::new();
    }
    let stretch = stretch.max(1).next_multiple_of(BLOCK);
    // The stretches whose scores the forward pass keeps, the latest last.
    let keep = keep_bytes / (stretch * n * std::mem::size_of::<f32>());
    let mut stored: VecDeque<(usize, Vec<f32>)> = VecDeque::new();
    let range_of = |s: usize| s * stretch..((s + 1) * stretch).min(len);
    let k = 1.0 / temperature;
    let scaled: Vec<f32> = trans.iter().map(|x| x * k).collect();
    let t = exp_transitions(&scaled, c);
    let t = &t[..(n + 1) * n];
    // A token's divided scores as probabilities, shifted by their maximum.
    let exp_row = |row: &[f32], out: &mut [f64]| {
        let row = &row[..n];
        let m = row.iter().map(|&x| x * k).fold(f32::NEG_INFINITY, f32::max);
        for (o, &x) in out[..n].iter_mut().zip(row) {
            *o = ((x * k - m) as f64).exp();
        }
    };
    let normalise = |v: &mut [f64]| super::normalise(&mut v[..n]);
    // The forward row of the first token, and of a token from the row before it.
    let first_row = |e: &[f64], out: &mut [f64]| {
        let (e, out) = (&e[..n], &mut out[..n]);
        for l in 0..n {
            out[l] = t[n * n + l] * e[l];
        }
        normalise(out);
    };
    let step = |alpha: &[f64], e: &[f64], out: &mut [f64]| {
        let (alpha, e, out) = (&alpha[..n], &e[..n], &mut out[..n]);
        for l in 0..n {
            let s: f64 = (0..n).map(|p| alpha[p] * t[p * n + l]).sum();
            out[l] = s * e[l];
        }
        normalise(out);
    };
    // A token's backward row from the next token's row and probabilities `e`.
    let step_back = |e: &[f64], next: &[f64], cur: &mut [f64]| {
        let (e, next, cur) = (&e[..n], &next[..n], &mut cur[..n]);
        for p in 0..n {
            cur[p] = (0..n).map(|l| t[p * n + l] * e[l] * next[l]).sum();
        }
        normalise(cur);
    };

    // Forward: the Viterbi decoder, and the forward rows, keeping that of each block's first token.
    let mut buf = Vec::with_capacity(stretch * n);
    let mut held = usize::MAX;
    let mut kept = vec![0f64; len.div_ceil(BLOCK) * n];
    let mut alpha = vec![0f64; n];
    let mut next = vec![0f64; n];
    let mut e = vec![0f64; n];
    let labels = viterbi_with_bytes(len, trans, c, |i, out| {
        let s = i / stretch;
        if s != held {
            if held != usize::MAX && keep > 0 {
                // The scores of the stretch done are kept (the oldest kept dropped, its buffer
                // reused).
                let recycled = if stored.len() == keep {
                    stored.pop_front().map(|(_, v)| v)
                } else {
                    None
                };
                stored.push_back((
                    held,
                    std::mem::replace(&mut buf, recycled.unwrap_or_default()),
                ));
            }
            buf.clear();
            scores(range_of(s), &mut buf);
            held = s;
        }
        let row = &buf[(i - s * stretch) * n..][..n];
        out.copy_from_slice(row);
        exp_row(row, &mut e);
        if i == 0 {
            first_row(&e, &mut alpha);
        } else {
            step(&alpha, &e, &mut next);
            std::mem::swap(&mut alpha, &mut next);
        }
        if i % BLOCK == 0 {
            kept[(i / BLOCK) * n..][..n].copy_from_slice(&alpha);
        }
    });

    // Backward, a stretch at a time from the last; in each block the forward rows first.
    let mut exps = vec![0f64; stretch * n];
    let mut alphas = vec![0f64; BLOCK * n];
    let mut beta = vec![1f64; n];
    let mut cur = vec![0f64; n];
    let mut e_next = vec![0f64; n];
    let mut row = vec![0f64; n];
    let mut marg = vec![0f32; n];
    for s in (0..len.div_ceil(stretch)).rev() {
        let r = range_of(s);
        if s != held {
            match stored.back() {
                Some(&(k, _)) if k == s => buf = stored.pop_back().expect("a kept stretch").1,
                _ => {
                    buf.clear();
                    scores(r.clone(), &mut buf);
                }
            }
            held = s;
        }
        for (sc, ex) in buf.chunks_exact(n).zip(exps.chunks_exact_mut(n)) {
            exp_row(sc, ex);
        }
        for b in (r.start / BLOCK..r.end.div_ceil(BLOCK)).rev() {
            let first = b * BLOCK;
            let last = ((b + 1) * BLOCK).min(len) - 1;
            alphas[..n].copy_from_slice(&kept[b * n..][..n]);
            for i in first + 1..=last {
                let (done, rest) = alphas.split_at_mut((i - first) * n);
                step(
                    &done[(i - first - 1) * n..],
                    &exps[(i - r.start) * n..][..n],
                    &mut rest[..n],
                );
            }
            for i in (first..=last).rev() {
                if i + 1 < len {
                    step_back(&e_next, &beta, &mut cur);
                    std::mem::swap(&mut beta, &mut cur);
                }
                let a = &alphas[(i - first) * n..][..n];
                let (row, marg) = (&mut row[..n], &mut marg[..n]);
                for (r, (&a, &b)) in row.iter_mut().zip(a.iter().zip(&beta[..n])) {
                    *r = a * b;
                }
                let z: f64 = row.iter().sum();
                for (m, &r) in marg.iter_mut().zip(&*row) {
                    *m = if z > 0.0 { (r / z) as f32 } else { 0.0 };
                }
                marginal(i, labels[i], marg);
                e_next.copy_from_slice(&exps[(i - r.start) * n..][..n]);
            }
        }
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::super::{marginals_in_place, viterbi_bytes};
    use super::*;

    /// The same labels and bit for bit the same posteriors as the decoders over a full table.
    #[test]
    fn streamed_decoding_matches_the_full_table() {
        let n = 4;
        let c = Constraints::new(n, |prev, cur| {
            !(prev == Some(0) && cur == 2) && prev != Some(3)
        });
        let trans: Vec<f32> = (0..(n + 1) * n)
            .map(|k| ((k * 37 % 23) as f32 - 11.0) / 7.0)
            .collect();
        let mut seed = 12345u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % 2000) as f32 / 200.0 - 5.0
        };
        let temperature = 1.7;
        for len in [1, 2, BLOCK - 1, BLOCK, BLOCK + 1, 5 * BLOCK + 3, 9 * BLOCK] {
            let em: Vec<f32> = (0..len * n).map(|_| next()).collect();
            let want_labels = viterbi_bytes(&em, &trans, &c);
            let k = 1.0 / temperature;
            let mut want = em.iter().map(|x| x * k).collect::<Vec<f32>>();
            let scaled: Vec<f32> = trans.iter().map(|x| x * k).collect();
            marginals_in_place(&mut want, &scaled, &c);
            for (stretch, keep) in [1, BLOCK, 3 * BLOCK, 4096]
                .into_iter()
                .flat_map(|s| [(s, 0), (s, 2), (s, usize::MAX)])
            {
                let mut asked = Vec::new();
                let mut got = vec![f32::NAN; len * n];
                let mut got_labels = vec![u8::MAX; len];
                let stretch_bytes = stretch.next_multiple_of(BLOCK) * n * 4;
                let labels = decode_keeping(
                    len,
                    &trans,
                    &c,
                    temperature,
                    stretch,
                    keep.saturating_mul(stretch_bytes),
                    |r, out| {
                        asked.push(r.clone());
                        out.extend_from_slice(&em[r.start * n..r.end * n]);
                    },
                    |i, l, row| {
                        got[i * n..][..n].copy_from_slice(row);
                        got_labels[i] = l;
                    },
                );
                assert_eq!(labels, want_labels, "length {len}, stretch {stretch}");
                assert_eq!(got_labels, want_labels, "length {len}, stretch {stretch}");
                assert!(
                    got.iter()
                        .zip(&want)
                        .all(|(a, b)| a.to_bits() == b.to_bits()),
                    "length {len}, stretch {stretch}"
                );
                // Every stretch twice but the last, which the backward pass starts with, and
                // the `keep` before it, whose scores the forward pass kept.
                let stretches = len.div_ceil(stretch.next_multiple_of(BLOCK));
                let again = (stretches - 1).saturating_sub(keep);
                assert_eq!(
                    asked.len(),
                    stretches + again,
                    "length {len}, stretch {stretch}, keep {keep}"
                );
                assert!(
                    asked[stretches..]
                        .iter()
                        .zip((0..again).rev())
                        .all(|(r, s)| r.start == s * stretch.next_multiple_of(BLOCK)),
                    "length {len}, stretch {stretch}, keep {keep}"
                );
            }
        }
    }
}
