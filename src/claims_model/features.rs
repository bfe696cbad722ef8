//! Features of the attribution tagger. Each token gets hashed templates of its word, part of
//! speech and entity type with those of its neighbours; its place relative to quote marks (inside
//! a quote, a mark, a paragraph that is only a quotation, a paragraph after one ending in a colon);
//! the cue at the token (verb class and lemma, "according to", a colon); and the nearest cue to
//! its left and right in its sentence (class, lemma, distance, commas in between, the word after
//! the cue), alone and joined with the quote state. The hashes are part of the model file: a
//! template's id must never change meaning.

use std::ops::Range;

use crate::analysis::Analysis;
use crate::cues::{CueClass, Cues};
use crate::tagging::hash::{finish, hash_str, mix};
use crate::tagging::linear::SentenceFeatures;

/// Per-document values shared by the templates.
pub(crate) struct Context {
    /// Hash of each part-of-speech tag, by tag id.
    h_tag: Vec<u64>,
    /// Coarse cue kind at each token: 0 none, 1 speech, 2 belief or weak, 3 according to, 4 colon.
    cue_kind: Vec<u8>,
    /// 0 outside quotes, 1 inside, 2 an opening mark, 3 a closing mark.
    qstate: Vec<u8>,
    /// Per paragraph: holds a quote and nothing but quoted words and punctuation.
    para_only_quote: Vec<bool>,
    /// Per paragraph: the paragraph before ends in a colon.
    after_colon: Vec<bool>,
    /// Per sentence: holds a quote mark.
    sent_quote: Vec<bool>,
    /// Per sentence: holds a cue outside quotes.
    sent_cue: Vec<bool>,
    /// Commas before each token in its sentence.
    commas: Vec<u16>,
    /// The tokens with a cue, ascending: the nearest cue to a token's left and right in its
    /// sentence are found here, rather than kept for every token.
    cue_tokens: Vec<u32>,
    /// The hash of the cue at each of `cue_tokens`.
    cue_hashes: Vec<u64>,
}

/// The hash of a token's word, as the templates read it.
fn word_hash(a: &Analysis, i: usize) -> u64 {
    hash_str(41, a.w(i))
}

fn cue_kind(a: &Analysis, cues: &Cues, i: usize) -> (u8, u64) {
    if let Some(v) = cues.verb(i) {
        let k = match v.class {
            CueClass::Speech | CueClass::SpeechTo | CueClass::Written => 1,
            CueClass::Belief | CueClass::Weak => 2,
        };
        (k, hash_str(40, v.lemma))
    } else if cues.according_to(i) || (a.w(i) == "to" && i > 0 && cues.according_to(i - 1)) {
        (3, 3)
    } else if a.w(i) == ":" && !a.quoted(i) {
        (4, 4)
    } else {
        (0, 0)
    }
}

impl Context {
    pub(crate) fn new(a: &Analysis, cues: &Cues) -> Self {
        let n = a.len();
        let kinds: Vec<u8> = (0..n).map(|i| cue_kind(a, cues, i).0).collect();
        let qstate: Vec<u8> = (0..n)
            .map(|i| {
                if a.quote_at(i).is_some() {
                    1
                } else if let Some(q) = a.mark_of(i) {
                    if a.seg.tokens[i].start < a.quotes[q].start {
                        2
                    } else {
                        3
                    }
                } else {
                    0
                }
            })
            .collect();
        let np = a.seg.paragraphs.len();
        let mut para_only_quote = vec![false; np];
        let mut after_colon = vec![false; np];
        for p in 0..np {
            if a.seg.paragraphs[p].sentences.is_empty() {
                continue;
            }
            let r = a.paragraph_tokens(p);
            para_only_quote[p] = r.clone().any(|i| qstate[i] == 1)
                && r.clone().all(|i| qstate[i] != 0 || a.is_punct(i));
            if p + 1 < np && !r.is_empty() {
                after_colon[p + 1] = a.w(r.end - 1) == ":";
            }
        }
        let sent_quote = (0..a.seg.sentences.len())
            .map(|s| a.sentence(s).any(|i| qstate[i] >= 2))
            .collect();
        let sent_cue = (0..a.seg.sentences.len())
            .map(|s| a.sentence(s).any(|i| kinds[i] != 0 && kinds[i] != 4))
            .collect();
        let mut commas = vec![0u16; n];
        for s in 0..a.seg.sentences.len() {
            let mut c = 0u16;
            for i in a.sentence(s) {
                commas[i] = c;
                if a.w(i) == "," {
                    c = c.saturating_add(1);
                }
            }
        }
        let cue_tokens: Vec<u32> = (0..n)
            .filter(|&i| kinds[i] != 0)
            .map(|i| u32::try_from(i).expect("under 4G tokens"))
            .collect();
        let cue_hashes = cue_tokens
            .iter()
            .map(|&i| cue_kind(a, cues, i as usize).1)
            .collect();
        Context {
            h_tag: a.pos.labels().iter().map(|t| hash_str(42, t)).collect(),
            cue_kind: kinds,
            qstate,
            para_only_quote,
            after_colon,
            sent_quote,
            sent_cue,
            commas,
            cue_tokens,
            cue_hashes,
        }
    }
}

impl Context {
    /// What the stacked pass reads of the tokens `r` of a paragraph besides the first pass's
    /// output.
    pub(crate) fn layout(&self, a: &Analysis, r: Range<usize>) -> super::stack::Layout {
        let first = a.sentence_of(r.start);
        super::stack::Layout {
            sentence: r
                .clone()
                .map(|i| (a.sentence_of(i) - first) as u32)
                .collect(),
            cue: self.cue_kind[r.clone()].to_vec(),
            quote: self.qstate[r.clone()].to_vec(),
            word: r.clone().map(|i| word_hash(a, i)).collect(),
            pos: r.map(|i| self.h_tag[a.pos.id(i)]).collect(),
        }
    }
}

fn dist_bucket(d: usize) -> u64 {
    match d {
        0 => 0,
        1 => 1,
        2 => 2,
        3 => 3,
        4..=6 => 4,
        7..=10 => 5,
        11..=20 => 6,
        _ => 7,
    }
}

fn shape(w: &str) -> u64 {
    let mut cs = w.chars();
    match cs.next() {
        None => 0,
        Some(c) if c.is_uppercase() => {
            if w.chars().all(|c| !c.is_lowercase()) && w.chars().count() > 1 {
                1
            } else {
                2
            }
        }
        Some(c) if c.is_lowercase() => 3,
        Some(c) if c.is_numeric() => 4,
        Some(_) => 5,
    }
}

/// Token ranges of the paragraphs the model reads: every paragraph with tokens.
pub(crate) fn paragraphs<'a>(a: &'a Analysis) -> impl Iterator<Item = Range<usize>> + 'a {
    (0..a.seg.paragraphs.len())
        .filter(|&p| !a.seg.paragraphs[p].sentences.is_empty())
        .map(|p| a.paragraph_tokens(p))
        .filter(|r| !r.is_empty())
}

/// A feature of template `t` with value `v`.
#[inline]
pub(crate) fn feature(t: u64, v: u64) -> u64 {
    finish(mix(mix(0x5eed, t), v))
}

/// The positions, relative to a token, of the neighbours whose word alone some of the token's
/// features read, in the order their features come in its list, and those features' templates.
pub(crate) const NEIGHBOURS: [isize; 6] = [-1, 1, -2, 2, -3, 3];
const NEIGHBOUR_TEMPLATES: [u64; 6] = [3, 4, 5, 6, 43, 44];

/// What the features read of a token's word: the hash of its normalised lower-case form, its
/// shape class and the hash of its last three characters.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WordInfo {
    h_word: u64,
    shape: u64,
    h_suffix: u64,
}

impl WordInfo {
    /// `word` is the token's text, `lower` its normalised lower-case form ([`Analysis::w`]).
    pub(crate) fn new(word: &str, lower: &str) -> Self {
        let suffix: String = lower.chars().rev().take(3).collect();
        WordInfo {
            h_word: hash_str(41, lower),
            shape: shape(word),
            h_suffix: hash_str(43, &suffix),
        }
    }
}

/// The features of a token that read its word alone (slot 0), or those that read the word of
/// its neighbour at `NEIGHBOURS[slot - 1]` (`None`: outside the sentence).
pub(crate) fn word_features(t: Option<&WordInfo>, slot: usize, f: &mut Vec<u64>) {
    if slot == 0 {
        let t = t.expect("a token's own word");
        f.push(feature(1, t.h_word));
        f.push(feature(12, t.shape));
        f.push(feature(45, t.h_suffix));
    } else {
        f.push(feature(
            NEIGHBOUR_TEMPLATES[slot - 1],
            t.map_or(7, |t| t.h_word),
        ));
    }
}

/// Features of the tokens `r` (a paragraph, or a stretch of one) into `out`. A token's features
/// do not depend on which stretch it is extracted with. The cues are read through `ctx`, which
/// was built from them. A token's list starts with the features that read one word alone (its
/// own, then its neighbours' in [`NEIGHBOURS`] order: [`word_features`]).
pub(crate) fn extract(
    a: &Analysis,
    cues: &Cues,
    ctx: &Context,
    r: Range<usize>,
    out: &mut SentenceFeatures,
) {
    extract_parts(a, cues, ctx, r, true, out);
}

/// [`extract`] without the features that read one word alone, which the tagger adds from the
/// scores it keeps per word.
pub(crate) fn extract_context(
    a: &Analysis,
    cues: &Cues,
    ctx: &Context,
    r: Range<usize>,
    out: &mut SentenceFeatures,
) {
    extract_parts(a, cues, ctx, r, false, out);
}

fn extract_parts(
    a: &Analysis,
    _cues: &Cues,
    ctx: &Context,
    r: Range<usize>,
    words: bool,
    out: &mut SentenceFeatures,
) {
    out.feats.clear();
    out.starts.clear();
    let p = a.paragraph_of[a.sentence_of(r.start)];
    let para_q = ctx.para_only_quote[p] as u64;
    let after_colon = ctx.after_colon[p] as u64;
    let para_start_sent = a.seg.paragraphs[p].sentences.start;
    // The word hashes of the tokens and their context, computed once per stretch.
    let lo = r.start.saturating_sub(3);
    let hi = (r.end + 3).min(a.len());
    let h_word: Vec<u64> = (lo..hi).map(|i| word_hash(a, i)).collect();
    let h_word = |i: usize| {
        if (lo..hi).contains(&i) {
            h_word[i - lo]
        } else {
            word_hash(a, i)
        }
    };
    let hw = |i: Option<usize>| i.map_or(7, h_word);
    // The first cue at or after the token, in `ctx.cue_tokens`.
    let mut next_k = ctx.cue_tokens.partition_point(|&c| (c as usize) < r.start);
    let h_pos = |i: usize| ctx.h_tag[a.pos.id(i)];
    let hp = |i: Option<usize>| i.map_or(7, h_pos);
    for i in r.clone() {
        out.starts.push(out.feats.len());
        let s = a.sentence_of(i);
        let sr = a.sentence(s);
        let at = |d: isize| {
            let j = i as isize + d;
            (j >= sr.start as isize && j < sr.end as isize).then_some(j as usize)
        };
        let f = &mut out.feats;
        if words {
            let info = |j: usize| WordInfo::new(a.word(j), a.w(j));
            word_features(Some(&info(i)), 0, f);
            for (k, &d) in NEIGHBOURS.iter().enumerate() {
                word_features(at(d).map(info).as_ref(), k + 1, f);
            }
        }
        let mut push = |t: u64, v: u64| f.push(feature(t, v));
        let q = ctx.qstate[i] as u64;
        let w = h_word(i);
        let pos = h_pos(i);
        push(0, 0);
        push(2, pos);
        push(7, hp(at(-1)));
        push(8, hp(at(1)));
        push(9, mix(hp(at(-1)), pos));
        push(10, mix(pos, hp(at(1))));
        push(11, mix(hw(at(-1)), w));
        let ent = a
            .entity(i)
            .map_or(0, |e| 1 + e.kind as u64 * 2 + (e.tokens.start == i) as u64);
        push(13, ent);
        push(14, q);
        push(15, mix(q, para_q));
        push(16, mix(q, hp(at(-1))));
        push(
            17,
            at(-1).map_or(9, |j| ctx.qstate[j] as u64) * 4
                + at(1).map_or(9, |j| ctx.qstate[j] as u64),
        );
        push(18, after_colon * 2 + para_q);
        // The cue at the token and around it (`next_k`: the first cue at or after it).
        while ctx
            .cue_tokens
            .get(next_k)
            .is_some_and(|&c| (c as usize) < i)
        {
            next_k += 1;
        }
        let at_cue = ctx.cue_tokens.get(next_k).is_some_and(|&c| c as usize == i);
        push(19, if at_cue { ctx.cue_hashes[next_k] } else { 0 });
        push(20, ctx.cue_kind[i] as u64);
        push(21, mix(ctx.cue_kind[i] as u64, pos));
        push(22, at(1).map_or(9, |j| ctx.cue_kind[j] as u64));
        push(23, at(-1).map_or(9, |j| ctx.cue_kind[j] as u64));
        push(24, at(2).map_or(9, |j| ctx.cue_kind[j] as u64));
        // Sentence position.
        let first = (i == sr.start) as u64;
        let last = (i + 1 == sr.end) as u64;
        push(25, first * 2 + last);
        push(26, ((s - para_start_sent).min(3)) as u64);
        push(27, ((i - sr.start) * 4 / sr.len().max(1)) as u64);
        push(28, mix(ctx.sent_quote[s] as u64, q));
        // The nearest cue to the left and right in the sentence (indices in `ctx.cue_tokens`).
        let kl = next_k
            .checked_sub(1)
            .filter(|&k| ctx.cue_tokens[k] as usize >= sr.start);
        let kr = Some(next_k + at_cue as usize).filter(|&k| {
            ctx.cue_tokens
                .get(k)
                .is_some_and(|&c| (c as usize) < sr.end)
        });
        let lc = kl.map(|k| ctx.cue_tokens[k] as usize);
        let rc = kr.map(|k| ctx.cue_tokens[k] as usize);
        let h_cue = |k: usize| ctx.cue_hashes[k];
        let lk = lc.map_or(0, |c| ctx.cue_kind[c] as u64);
        let rk = rc.map_or(0, |c| ctx.cue_kind[c] as u64);
        let ld = lc.map_or(99, |c| dist_bucket(i - c));
        let rd = rc.map_or(99, |c| dist_bucket(c - i));
        push(29, mix(lk, ld));
        push(30, mix(rk, rd));
        push(31, mix(mix(lk, rk), q));
        push(32, kl.map_or(0, h_cue));
        push(33, kr.map_or(0, h_cue));
        let lcomma = lc.map_or(9, |c| (ctx.commas[i] - ctx.commas[c]).min(3) as u64);
        let rcomma = rc.map_or(9, |c| (ctx.commas[c] - ctx.commas[i]).min(3) as u64);
        push(34, mix(mix(lk, lcomma), rk));
        push(35, mix(mix(rk, rcomma), lk));
        push(
            36,
            kl.map_or(0, |k| {
                let c = ctx.cue_tokens[k] as usize;
                mix(h_cue(k), hw(at(0).and(Some(c + 1)).filter(|&j| j < sr.end)))
            }),
        );
        push(37, mix(mix(lk, ld), pos));
        push(38, mix(mix(rk, rd), pos));
        push(39, mix(mix(lk, rk), mix(q, para_q)));
        push(40, mix(ld, rd));
        push(41, mix(rk, hw(at(-1))));
        push(42, mix(lk, w));
        push(46, mix(mix(hp(at(-1)), pos), hp(at(1))));
        push(47, dist_bucket(sr.end - 1 - i));
        push(48, mix(mix(ent, rk), rd));
        push(49, mix(mix(ent, lk), ld));
        push(50, mix(ctx.sent_cue[s] as u64, mix(q, first)));
    }
    out.starts.push(out.feats.len());
}
