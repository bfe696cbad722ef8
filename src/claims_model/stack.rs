//! The features of the second, stacked pass of the attribution tagger: what the first pass
//! predicted around a token, beyond the first pass's own reach (its features see three words
//! each side and the nearest cues of the lexicon). A token gets its first-pass label and
//! probability of being content, the labels of its neighbours (±1, ±5, ±10 in the paragraph),
//! which parts the first pass found in its sentence, the sentences beside it and its paragraph,
//! the distance to the nearest predicted cue and source in its sentence, and the first-pass label
//! of the word after the nearest cue of the lexicon to its left.
//!
//! At training time the first pass's predictions on the training paragraphs come from models that
//! did not see them (k folds), so that the second pass learns how far to trust predictions like
//! those it gets at run time. The templates (100 and up) are part of the model file: a
//! template's id must never change meaning.

use super::features::feature;
use super::{LABELS, Part};
use crate::tagging::hash::mix;
use crate::tagging::linear::SentenceFeatures;

/// What the stacked features read of a paragraph besides the first pass's output, per token.
#[derive(Debug, Clone, Default)]
pub(crate) struct Layout {
    /// The token's sentence, counted from the paragraph's first.
    pub sentence: Vec<u32>,
    /// Coarse cue kind of the lexicon at the token (as the first pass's features read it: 0 none,
    /// 1 speech, 2 belief or weak, 3 according to, 4 colon).
    pub cue: Vec<u8>,
    /// 0 outside quotes, 1 inside, 2 an opening mark, 3 a closing mark.
    pub quote: Vec<u8>,
    /// The hash of the token's word, as the first pass's features read it.
    pub word: Vec<u64>,
    /// The hash of its part of speech.
    pub pos: Vec<u64>,
}

/// What the stacked features of a paragraph read of the paragraph before it: 0 for none (the
/// first paragraph of a document), else the parts the first pass found in it and the share of
/// content of its last sentence.
pub(crate) fn summary(layout: &Layout, labels: &[u8]) -> u64 {
    let n = labels.len();
    if n == 0 {
        return 0;
    }
    let last = layout.sentence[n - 1];
    let (mut bits, mut content, mut len) = (0u64, 0usize, 0usize);
    for (i, &l) in labels.iter().enumerate() {
        let p = part_of(l);
        if p != 0 {
            bits |= 1 << (p - 1);
        }
        if layout.sentence[i] == last {
            len += 1;
            content += (p == 1) as usize;
        }
    }
    1 + bits * 8 + share_bucket(content, len)
}

/// The share `c` of `len` tokens in five buckets (0: none).
fn share_bucket(c: usize, len: usize) -> u64 {
    match c * 4 / len.max(1) {
        0 if c == 0 => 0,
        0 => 1,
        1 => 2,
        2 | 3 => 3,
        _ => 4,
    }
}

/// 0 outside, 1 content, 2 source, 3 cue.
fn part_of(label: u8) -> u8 {
    match Part::of_label(label as usize) {
        None => 0,
        Some(Part::Content) => 1,
        Some(Part::Source) => 2,
        Some(Part::Cue) => 3,
    }
}

fn dist_bucket(d: usize) -> u64 {
    match d {
        0..=1 => d as u64,
        2..=3 => 2,
        4..=6 => 3,
        7..=12 => 4,
        13..=25 => 5,
        _ => 6,
    }
}

/// A probability in five buckets.
fn prob_bucket(p: f32) -> u64 {
    ((p * 5.0) as u64).min(4)
}

/// The stacked features of a paragraph's tokens into `out` (which is cleared): from its layout, the first pass's labels and its posteriors (`LABELS.len()` per token), and the
/// [`summary`] of the paragraph before it (`before`).
pub(crate) fn features(
    layout: &Layout,
    labels: &[u8],
    marg: &[f32],
    before: u64,
    out: &mut SentenceFeatures,
) {
    out.feats.clear();
    out.starts.clear();
    let n = labels.len();
    let nl = LABELS.len();
    debug_assert_eq!(marg.len(), n * nl);
    let part: Vec<u8> = labels.iter().map(|&l| part_of(l)).collect();
    let cp: Vec<f32> = (0..n)
        .map(|i| marg[i * nl + 1] + marg[i * nl + 2])
        .collect();
    // Sentences: their token ranges, the parts found in each (bits), their share of content and
    // their highest probability of content.
    let mut sents: Vec<(usize, usize)> = Vec::new();
    for i in 0..n {
        if i == 0 || layout.sentence[i] != layout.sentence[i - 1] {
            sents.push((i, i + 1));
        } else {
            sents.last_mut().expect("a sentence").1 = i + 1;
        }
    }
    let mut sent_of = vec![0usize; n];
    let mut bits = Vec::with_capacity(sents.len());
    let mut share = Vec::with_capacity(sents.len());
    let mut top = Vec::with_capacity(sents.len());
    let mut lex_cue = Vec::with_capacity(sents.len());
    for (k, &(s, e)) in sents.iter().enumerate() {
        let mut b = 0u64;
        let mut c = 0usize;
        let mut m = 0f32;
        let mut lc = 0u64;
        for i in s..e {
            sent_of[i] = k;
            if part[i] != 0 {
                b |= 1 << (part[i] - 1);
            }
            c += (part[i] == 1) as usize;
            m = m.max(cp[i]);
            if layout.cue[i] != 0 && layout.cue[i] != 4 && layout.quote[i] == 0 {
                lc = 1;
            }
        }
        bits.push(b);
        share.push(share_bucket(c, e - s));
        top.push(prob_bucket(m));
        lex_cue.push(lc);
    }
    let para_bits = bits.iter().fold(0, |a, b| a | b);
    // The nearest predicted cue and source, left and right, in the sentence.
    let nearest = |want: u8| -> (Vec<Option<usize>>, Vec<Option<usize>>) {
        let mut left = vec![None; n];
        let mut right = vec![None; n];
        for &(s, e) in &sents {
            let mut last = None;
            for i in s..e {
                left[i] = last;
                if part[i] == want {
                    last = Some(i);
                }
            }
            let mut next = None;
            for i in (s..e).rev() {
                right[i] = next;
                if part[i] == want {
                    next = Some(i);
                }
            }
        }
        (left, right)
    };
    let (cue_l, cue_r) = nearest(3);
    let (src_l, src_r) = nearest(2);
    // First-pass content spans: each token's span length and whether it begins it.
    let mut span = vec![0u64; n];
    let mut i = 0;
    while i < n {
        if part[i] == 1 {
            let s = i;
            i += 1;
            while i < n && labels[i] == 2 {
                i += 1;
            }
            let len = dist_bucket(i - s);
            span[s] = len * 2 + 1;
            for x in &mut span[s + 1..i] {
                *x = len * 2 + 2;
            }
        } else {
            i += 1;
        }
    }
    let lab = |j: isize| -> u64 {
        if j >= 0 && (j as usize) < n {
            labels[j as usize] as u64
        } else {
            9
        }
    };
    let prt = |j: isize| -> u64 {
        if j >= 0 && (j as usize) < n {
            part[j as usize] as u64
        } else {
            9
        }
    };
    let cb = |j: isize| -> u64 {
        if j >= 0 && (j as usize) < n {
            prob_bucket(cp[j as usize])
        } else {
            9
        }
    };
    // The nearest cue of the lexicon to the left in the sentence, and the first-pass part of the
    // word after it.
    let mut after_cue = vec![0u64; n];
    for &(s, e) in &sents {
        let mut last = 0u64;
        for i in s..e {
            after_cue[i] = last;
            if layout.cue[i] != 0 {
                let next = if i + 1 < e { part[i + 1] as u64 } else { 8 };
                last = 1 + layout.cue[i] as u64 * 16 + next;
            }
        }
    }
    for i in 0..n {
        let ii = i as isize;
        let k = sent_of[i];
        let l = labels[i] as u64;
        let p = part[i] as u64;
        out.starts.push(out.feats.len());
        let mut push = |t: u64, v: u64| out.feats.push(feature(t, v));
        push(100, l);
        push(101, mix(l, cb(ii)));
        push(102, mix(lab(ii - 1), lab(ii + 1)));
        push(103, mix(mix(lab(ii - 1), l), lab(ii + 1)));
        for (t, d) in [(104, -10), (105, -5), (106, 5), (107, 10)] {
            push(t, mix(prt(ii + d), p));
        }
        push(108, mix(l, bits[k]));
        let prev = k.checked_sub(1);
        let next = Some(k + 1).filter(|&j| j < sents.len());
        push(
            109,
            mix(prev.map_or(9, |j| share[j]), next.map_or(9, |j| share[j])),
        );
        push(
            110,
            mix(
                mix(prev.map_or(9, |j| bits[j]), bits[k]),
                layout.quote[i] as u64,
            ),
        );
        let dl = |x: Option<usize>| x.map_or(9, |c| dist_bucket(i - c));
        let dr = |x: Option<usize>| x.map_or(9, |c| dist_bucket(c - i));
        push(111, mix(dl(cue_l[i]), dr(cue_r[i])));
        push(112, mix(dl(src_l[i]), dr(src_r[i])));
        push(113, after_cue[i]);
        push(114, mix(after_cue[i], p));
        push(115, mix(l, layout.quote[i] as u64));
        push(116, mix(para_bits, p));
        push(117, mix(mix(cb(ii - 1), cb(ii)), cb(ii + 1)));
        push(118, mix(top[k], cb(ii)));
        push(119, mix(mix(p, lex_cue[k]), prev.map_or(9, |j| share[j])));
        push(120, span[i]);
        push(121, mix(dr(cue_r[i]), p));
        push(122, mix(dl(cue_l[i]), p));
        push(123, mix(mix(span[i], dl(cue_l[i])), dr(cue_r[i])));
        push(124, mix(before, p));
        push(
            125,
            mix(mix(before, k.min(2) as u64), layout.quote[i] as u64),
        );
        push(126, mix(l, layout.word[i]));
        push(127, mix(mix(prt(ii - 1), prt(ii + 1)), layout.pos[i]));
        push(128, mix(after_cue[i], layout.pos[i]));
    }
    out.starts.push(out.feats.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two sentences: "He said the tax is too high . It hurts ." with the first pass labelling
    /// "He" a source, "said" a cue and the rest of the first sentence content.
    fn example() -> (Layout, Vec<u8>, Vec<f32>) {
        let labels: Vec<u8> = vec![3, 5, 1, 2, 2, 2, 2, 2, 0, 0, 0];
        let sentence = vec![0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1];
        let mut cue = vec![0u8; 11];
        cue[1] = 1;
        let layout = Layout {
            sentence,
            cue,
            quote: vec![0; 11],
            word: (0..11).collect(),
            pos: vec![0; 11],
        };
        let mut marg = vec![0f32; 11 * LABELS.len()];
        for (i, &l) in labels.iter().enumerate() {
            marg[i * LABELS.len() + l as usize] = 1.0;
        }
        (layout, labels, marg)
    }

    #[test]
    fn one_list_per_token_and_features_read_the_neighbourhood() {
        let (layout, labels, marg) = example();
        let mut out = SentenceFeatures::default();
        features(&layout, &labels, &marg, 0, &mut out);
        assert_eq!(out.len(), labels.len());
        assert!((0..out.len()).all(|i| out.token(i).len() == out.token(0).len()));
        // "It" (after the claim) and "hurts" differ where their neighbourhoods differ.
        assert_ne!(out.token(8), out.token(9));
        // The word after the cue reads the cue's kind and the first-pass part after it.
        assert!(out.token(2).contains(&feature(113, 1 + 16 + 1)));
        // The second sentence sees that the one before it is mostly content.
        assert!(out.token(9).contains(&feature(109, mix(3, 9))));
    }

    #[test]
    fn a_changed_first_pass_label_changes_the_features() {
        let (layout, labels, marg) = example();
        let mut a = SentenceFeatures::default();
        features(&layout, &labels, &marg, 0, &mut a);
        let mut other = labels.clone();
        other[1] = 0;
        let mut b = SentenceFeatures::default();
        features(&layout, &other, &marg, 0, &mut b);
        // The claim's first word no longer has a predicted cue on its left.
        assert_ne!(a.token(2), b.token(2));
    }

    #[test]
    fn the_paragraph_before_is_summarised() {
        let (layout, labels, marg) = example();
        // Source, cue and content found; its last sentence ("It hurts .") holds no content.
        assert_eq!(summary(&layout, &labels), 1 + 0b111 * 8);
        assert_eq!(summary(&Layout::default(), &[]), 0);
        let mut first = SentenceFeatures::default();
        features(&layout, &labels, &marg, 0, &mut first);
        let mut after = SentenceFeatures::default();
        features(
            &layout,
            &labels,
            &marg,
            summary(&layout, &labels),
            &mut after,
        );
        assert_ne!(first.token(0), after.token(0));
    }
}
