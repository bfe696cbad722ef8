//! Features of the linear-chain tagger: each token gets a list of 64-bit feature hashes built from
//! its word, shape, affixes, neighbours, entity-list matches and document-level evidence.
//!
//! Features are hashed, never formatted as strings, so extraction allocates little and the model
//! stores eight bytes per feature.

use std::borrow::{Borrow, Cow};

use super::casing::CasingStats;
use super::clusters::WordClusters;
use super::codec::{DecodeError, Reader, decode_map, encode_map};
use super::hash::{finish, hash_str, mix};
use super::linear::SentenceFeatures;

/// Entity-list evidence for one token (see the NER gazetteer): bit `2 * type` when a listed name
/// of that type starts here, bit `2 * type + 1` when the token continues one; and the types its
/// word was seen inside (bit = entity type index).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GazetteerHit {
    pub name_bits: u8,
    pub word_bits: u8,
}

/// The form the model sees: curly quotes and dashes mapped to the ASCII forms of the training data.
pub fn normalize(token: &str) -> Cow<'_, str> {
    if token.is_ascii() {
        return Cow::Borrowed(token);
    }
    let mut out = String::with_capacity(token.len());
    for c in token.chars() {
        match c {
            '“' | '”' | '„' | '‟' | '«' | '»' | '″' => out.push('"'),
            '‘' | '’' | '‚' | '‛' | '‹' | '›' => out.push('\''),
            '—' | '―' => out.push_str("--"),
            '–' | '−' | '‐' | '‑' => out.push('-'),
            '…' => out.push_str("..."),
            '\u{a0}' => out.push(' '),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Word shape: `Xxxx` for "Paris", `dd-dd` for "12-14"; the short shape collapses repeats (`Xx`).
#[cfg(test)]
fn shapes(word: &str) -> (String, String) {
    let mut long = String::with_capacity(word.len().min(12));
    let mut short = String::with_capacity(6);
    shapes_into(word, &mut long, &mut short);
    (long, short)
}

/// [`shapes`] written into `long` and `short` (which are cleared first).
fn shapes_into(word: &str, long: &mut String, short: &mut String) {
    long.clear();
    short.clear();
    if word.is_ascii() {
        // The same classes a byte at a time (an ASCII letter's case is its Unicode case).
        let mut last = 0u8;
        for (n, &b) in word.as_bytes().iter().enumerate() {
            let s = match b {
                b'A'..=b'Z' => b'X',
                b'a'..=b'z' => b'x',
                b'0'..=b'9' => b'd',
                _ => b,
            };
            if n < 12 {
                long.push(s as char);
            }
            if n == 0 || s != last {
                short.push(s as char);
                last = s;
            }
        }
        return;
    }
    shapes_of_chars(word, long, short);
}

/// [`shapes_into`] a character at a time (any text; `long` and `short` start empty).
fn shapes_of_chars(word: &str, long: &mut String, short: &mut String) {
    for (n, c) in word.chars().enumerate() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if n < 12 {
            long.push(s);
        }
        if !short.ends_with(s) {
            short.push(s);
        }
    }
}

thread_local! {
    /// Scratch strings for [`TokenInfo::new`]: the lower-case form and the two shapes of a word.
    static SCRATCH: std::cell::RefCell<(String, String, String)> = Default::default();
}

/// Longest prefix and suffix used as features, in characters.
const AFFIXES: usize = 5;

/// Per-token values computed once per sentence and shared by the feature templates.
#[derive(Debug, Clone)]
pub struct TokenInfo {
    pub norm: String,
    pub h_norm: u64,
    /// Key for casing statistics (hash of the lower-case form).
    pub h_casing: u64,
    h_lower: u64,
    h_shape: u64,
    pub(crate) h_short: u64,
    h_prefix: [u64; AFFIXES],
    h_suffix: [u64; AFFIXES],
    pub initial_cap: bool,
    len_bucket: u64,
    /// Casing statistics of the word (see `casing`), filled in by `annotate`.
    pub casing: u8,
    /// Coarse and fine word clusters (see `clusters`), filled in by `annotate`.
    pub cluster: (u16, u16),
    /// Coarse and fine clusters of the word's pretrained embedding, filled in by `annotate`.
    pub emb_cluster: (u16, u16),
}

impl TokenInfo {
    pub fn new(token: &str) -> Self {
        let norm = normalize(token).into_owned();
        // The first characters' ends and the last characters' starts, for the affixes.
        let mut ends = [0usize; AFFIXES];
        let mut nchars = 0;
        for (i, c) in norm.char_indices() {
            if nchars < AFFIXES {
                ends[nchars] = i + c.len_utf8();
            }
            nchars += 1;
        }
        let mut starts = [0usize; AFFIXES];
        for (k, (i, _)) in norm.char_indices().rev().take(AFFIXES).enumerate() {
            starts[k] = i;
        }
        let mut h_prefix = [0u64; AFFIXES];
        let mut h_suffix = [0u64; AFFIXES];
        for k in 0..AFFIXES.min(nchars) {
            h_prefix[k] = hash_str(10 + k as u64, &norm[..ends[k]]);
            h_suffix[k] = hash_str(20 + k as u64, &norm[starts[k]..]);
        }
        let (h_lower, h_casing, h_shape, h_short) = with_forms(&norm, |lower, shape, short| {
            (
                hash_str(1, lower),
                super::casing::key(lower),
                hash_str(2, shape),
                hash_str(3, short),
            )
        });
        TokenInfo {
            h_norm: hash_str(0, &norm),
            h_lower,
            h_casing,
            h_shape,
            h_short,
            h_prefix,
            h_suffix,
            initial_cap: norm.starts_with(char::is_uppercase),
            len_bucket: match nchars {
                0..=1 => 1,
                2..=3 => 2,
                4..=6 => 3,
                7..=10 => 4,
                _ => 5,
            },
            norm,
            casing: 0,
            cluster: (0, 0),
            emb_cluster: (0, 0),
        }
    }
}

/// What the document-evidence features ([`doc_features`]) read of a token's word, computed from
/// its text alone: the values [`TokenInfo::new`] gives, without the rest of its work, so that
/// a second pass over a document can recompute them instead of keeping them for every token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvidenceKeys {
    pub initial_cap: bool,
    pub h_short: u64,
    pub h_lower: u64,
}

impl EvidenceKeys {
    pub fn new(token: &str) -> Self {
        let norm = normalize(token);
        with_forms(&norm, |lower, _, short| EvidenceKeys {
            initial_cap: norm.starts_with(char::is_uppercase),
            h_short: hash_str(3, short),
            h_lower: hash_str(1, lower),
        })
    }
}

/// Calls `f` with the lower-case form, the shape and the short shape of a normalised word, built
/// in reused buffers.
fn with_forms<R>(norm: &str, f: impl FnOnce(&str, &str, &str) -> R) -> R {
    SCRATCH.with(|scratch| {
        let (lower, shape, short) = &mut *scratch.borrow_mut();
        lower.clear();
        if norm.is_ascii() {
            lower.extend(norm.chars().map(|c| c.to_ascii_lowercase()));
        } else {
            lower.push_str(&norm.to_lowercase());
        }
        shapes_into(norm, shape, short);
        f(lower, shape, short)
    })
}

/// The lower-case hash that [`doc_features`] reads of the token after a token: that of `next`,
/// or the padding value when the token ends its sentence.
pub fn next_lower_of(next: Option<&EvidenceKeys>) -> u64 {
    next.map_or(PAD_RIGHT, |k| k.h_lower)
}

/// Fills in the word-level statistics learnt from (unlabelled) text.
pub fn annotate(infos: &mut [TokenInfo], words: &WordStats) {
    for t in infos {
        t.casing = words.casing.get(t);
        t.cluster = words.clusters.get(t);
        t.emb_cluster = words.embedding_clusters.get(t);
    }
}

/// Word-level knowledge learnt from text: casing habits and two kinds of word clusters.
#[derive(Debug, Clone, Default)]
pub struct WordStats {
    pub casing: CasingStats,
    pub clusters: WordClusters,
    pub embedding_clusters: WordClusters,
}

impl WordStats {
    pub fn encode(&self, out: &mut Vec<u8>) {
        encode_map(&self.casing.buckets, out);
        self.clusters.encode(out);
        self.embedding_clusters.encode(out);
    }

    pub(crate) fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(WordStats {
            casing: CasingStats {
                buckets: decode_map(r)?,
            },
            clusters: WordClusters::decode(r)?,
            embedding_clusters: WordClusters::decode(r)?,
        })
    }
}

/// Sentinel hashes for positions outside the sentence.
const PAD_LEFT: u64 = 0x1111_2222_3333_4444;
const PAD_RIGHT: u64 = 0x5555_6666_7777_8888;

/// Feature templates. Each number seeds one family of features.
#[derive(Clone, Copy)]
#[repr(u64)]
enum T {
    Bias = 1,
    Word,
    Lower,
    Shape,
    Short,
    Prefix,
    Suffix,
    LowerM1,
    LowerP1,
    LowerM2,
    LowerP2,
    ShapeM1,
    ShapeP1,
    ShortM2,
    ShortP2,
    BigramM1,
    BigramP1,
    ShortTrigram,
    FirstShape,
    FirstWord,
    HeadlineShort,
    HeadlineLower,
    LowerM1Shape,
    ShapeLowerP1,
    LenShort,
    GazName,
    GazNameShort,
    GazWord,
    GazNameM1,
    GazNameP1,
    DocType,
    DocMajority,
    DocOnlyO,
    Stage1,
    Stage1M1,
    Stage1P1,
    DocFirstType,
    Casing,
    CasingShort,
    LowerM1P1,
    ShortRight3,
    ShortLeft3,
    Cluster,
    ClusterFine,
    ClusterShort,
    ClusterM1,
    ClusterP1,
    EmbCluster,
    EmbClusterFine,
    EmbClusterShort,
    EmbClusterM1,
    EmbClusterP1,
    NumericShort,
    NumericStage1,
    NumericStage1Next,
}

#[inline]
fn f1(t: T, a: u64) -> u64 {
    finish(mix(t as u64, a))
}

#[inline]
fn f2(t: T, a: u64, b: u64) -> u64 {
    finish(mix(mix(t as u64, a), b))
}

#[inline]
fn f3(t: T, a: u64, b: u64, c: u64) -> u64 {
    finish(mix(mix(mix(t as u64, a), b), c))
}

/// Document-level evidence for one token, from a first tagging pass over the whole document.
#[derive(Debug, Clone, Copy, Default)]
pub struct DocEvidence {
    /// Entity-type counts of the same word elsewhere in the document (first-pass labels).
    pub type_counts: [u16; 4],
    /// How often the same word was tagged O elsewhere.
    pub o_count: u16,
    /// The first-pass label of this token and its neighbours.
    pub stage1: [u8; 3],
    /// Type of the first entity occurrence of this word in the document, if any (index + 1).
    pub first_type: u8,
    /// Share of number tokens in the document, bucketed (results tables versus prose).
    pub numeric: u8,
}

/// Whether a sentence reads as a headline: most of its alphabetic tokens are in capitals.
pub fn is_headline<I: Borrow<TokenInfo>>(infos: &[I]) -> bool {
    is_headline_words(infos.iter().map(|t| t.borrow().norm.as_str()))
}

/// [`is_headline`] from the tokens' normalised forms.
pub fn is_headline_words(words: impl Iterator<Item = impl AsRef<str>>) -> bool {
    let (mut caps, mut alpha) = (0, 0);
    for w in words {
        let w = w.as_ref();
        if w.chars().any(char::is_alphabetic) {
            alpha += 1;
            if !w.chars().any(char::is_lowercase) {
                caps += 1;
            }
        }
    }
    alpha >= 2 && caps * 10 >= alpha * 8
}

/// How many tokens of context the features of a token read on each side.
pub const CONTEXT: usize = 3;

/// Extracts the features of one sentence into `out`.
pub fn extract(
    infos: &[TokenInfo],
    gaz: Option<&[GazetteerHit]>,
    doc: Option<&[DocEvidence]>,
    out: &mut SentenceFeatures,
) {
    let n = infos.len();
    let window = Window {
        first: 0,
        len: n,
        headline: is_headline(infos),
    };
    extract_window(infos, &window, 0..n, gaz, doc, out);
}

/// Part of a sentence: its tokens from `first` on, for extracting the features of some of them.
pub struct Window {
    /// The position in the sentence of the first token given.
    pub first: usize,
    /// The sentence's length in tokens.
    pub len: usize,
    /// Whether the whole sentence reads as a headline ([`is_headline_words`]).
    pub headline: bool,
}

impl Window {
    /// The whole sentence `toks` of `text`, from its first token.
    pub fn whole(text: &str, toks: &[crate::text::segment::Token]) -> Self {
        Window {
            first: 0,
            len: toks.len(),
            headline: is_headline_words(toks.iter().map(|t| normalize(t.text(text)))),
        }
    }
}

/// Extracts the features of tokens `range` of a sentence (positions in the sentence) into `out`
/// (`out.token(k)` is token `range.start + k`): exactly those [`extract`] gives them, without
/// needing the whole sentence at once. `infos` holds the sentence's tokens from `w.first` on and
/// must cover `range` and [`CONTEXT`] tokens on each side (as far as the sentence goes); `gaz`
/// and `doc`, when given, are indexed like `infos`.
///
/// A token's list is its own word's features ([`own_features`]), then those that read one
/// neighbour's word alone ([`neighbour_features`], for each of [`NEIGHBOURS`] in order), then
/// the context features, then the document evidence ([`doc_features`]).
pub fn extract_window<I: Borrow<TokenInfo>>(
    infos: &[I],
    w: &Window,
    range: std::ops::Range<usize>,
    gaz: Option<&[GazetteerHit]>,
    doc: Option<&[DocEvidence]>,
    out: &mut SentenceFeatures,
) {
    extract_parts(infos, w, range, gaz, doc, true, out);
}

/// [`extract_window`] without the features that read one word alone (a token's own word's and
/// its neighbours'): the context features and the document evidence, which a tagger adds to the
/// scores it keeps per word ([`super::words::WordTypes`]).
pub fn extract_context_window<I: Borrow<TokenInfo>>(
    infos: &[I],
    w: &Window,
    range: std::ops::Range<usize>,
    gaz: Option<&[GazetteerHit]>,
    doc: Option<&[DocEvidence]>,
    out: &mut SentenceFeatures,
) {
    extract_parts(infos, w, range, gaz, doc, false, out);
}

/// The positions, relative to a token, of the neighbours whose word alone some of the token's
/// features read ([`neighbour_features`]), in the order their features come in its list.
pub const NEIGHBOURS: [isize; 4] = [-2, -1, 1, 2];

/// The features of a token that read its own word alone: the bias, word, lower-case, shape and
/// short-shape features, the affixes, the length, casing and cluster features and, with entity
/// lists (`word_bits`: the types its word was seen inside), their word evidence.
pub fn own_features(t: &TokenInfo, word_bits: Option<u8>, f: &mut Vec<u64>) {
    f.push(f1(T::Bias, 0));
    f.push(f1(T::Word, t.h_norm));
    f.push(f1(T::Lower, t.h_lower));
    f.push(f1(T::Shape, t.h_shape));
    f.push(f1(T::Short, t.h_short));
    for k in 0..AFFIXES {
        if t.h_prefix[k] != 0 {
            f.push(f1(T::Prefix, t.h_prefix[k]));
            f.push(f1(T::Suffix, t.h_suffix[k]));
        }
    }
    f.push(f2(T::LenShort, t.len_bucket, t.h_short));
    f.push(f1(T::Casing, t.casing as u64));
    if t.cluster.0 != 0 {
        f.push(f1(T::Cluster, t.cluster.0 as u64));
        f.push(f1(T::ClusterFine, t.cluster.1 as u64));
        f.push(f2(T::ClusterShort, t.cluster.1 as u64, t.h_short));
    }
    if t.emb_cluster.0 != 0 {
        f.push(f1(T::EmbCluster, t.emb_cluster.0 as u64));
        f.push(f1(T::EmbClusterFine, t.emb_cluster.1 as u64));
        f.push(f2(T::EmbClusterShort, t.emb_cluster.1 as u64, t.h_short));
    }
    if let Some(bits) = word_bits {
        for ty in 0..4u64 {
            if bits & (1 << ty) != 0 {
                f.push(f2(T::GazWord, ty, t.initial_cap as u64));
            }
        }
    }
}

/// The features of a token that read the word at relative position `k` alone (one of
/// [`NEIGHBOURS`]): `t` is that word, or `None` when the position is outside the sentence.
pub fn neighbour_features(k: isize, t: Option<&TokenInfo>, f: &mut Vec<u64>) {
    let pad = if k < 0 { PAD_LEFT } else { PAD_RIGHT };
    let lower = t.map_or(pad, |t| t.h_lower);
    let shape = t.map_or(pad, |t| t.h_shape);
    let short = t.map_or(pad, |t| t.h_short);
    let fine = t.map_or(0xffff, |t| t.cluster.1 as u64);
    let emb = t.map_or(0xffff, |t| t.emb_cluster.1 as u64);
    match k {
        -2 => {
            f.push(f1(T::LowerM2, lower));
            f.push(f1(T::ShortM2, short));
        }
        -1 => {
            f.push(f1(T::LowerM1, lower));
            f.push(f1(T::ShapeM1, shape));
            f.push(f1(T::ClusterM1, fine));
            f.push(f1(T::EmbClusterM1, emb));
        }
        1 => {
            f.push(f1(T::LowerP1, lower));
            f.push(f1(T::ShapeP1, shape));
            f.push(f1(T::ClusterP1, fine));
            f.push(f1(T::EmbClusterP1, emb));
        }
        2 => {
            f.push(f1(T::LowerP2, lower));
            f.push(f1(T::ShortP2, short));
        }
        _ => panic!("no neighbour features at {k}"),
    }
}

fn extract_parts<I: Borrow<TokenInfo>>(
    infos: &[I],
    w: &Window,
    range: std::ops::Range<usize>,
    gaz: Option<&[GazetteerHit]>,
    doc: Option<&[DocEvidence]>,
    words: bool,
    out: &mut SentenceFeatures,
) {
    out.feats.clear();
    out.starts.clear();
    let n = w.len;
    let first = w.first as isize;
    let headline = w.headline;
    let info = |i: isize| -> Option<&TokenInfo> {
        (i >= 0 && (i as usize) < n).then(|| infos[(i - first) as usize].borrow())
    };
    let lower = |i: isize| info(i).map_or(if i < 0 { PAD_LEFT } else { PAD_RIGHT }, |t| t.h_lower);
    let short = |i: isize| info(i).map_or(if i < 0 { PAD_LEFT } else { PAD_RIGHT }, |t| t.h_short);
    for i in range {
        let t = infos[i - w.first].borrow();
        out.starts.push(out.feats.len());
        let ii = i as isize;
        let f = &mut out.feats;
        if words {
            own_features(t, gaz.map(|g| g[i - w.first].word_bits), f);
            for k in NEIGHBOURS {
                neighbour_features(k, info(ii + k), f);
            }
        }
        f.push(f2(T::BigramM1, lower(ii - 1), t.h_lower));
        f.push(f2(T::BigramP1, t.h_lower, lower(ii + 1)));
        f.push(f3(T::ShortTrigram, short(ii - 1), t.h_short, short(ii + 1)));
        f.push(f2(T::LowerM1Shape, lower(ii - 1), t.h_shape));
        f.push(f2(T::ShapeLowerP1, t.h_shape, lower(ii + 1)));
        f.push(f2(T::LowerM1P1, lower(ii - 1), lower(ii + 1)));
        f.push(f3(
            T::ShortRight3,
            short(ii + 1),
            short(ii + 2),
            short(ii + 3),
        ));
        f.push(f3(
            T::ShortLeft3,
            short(ii - 1),
            short(ii - 2),
            short(ii - 3),
        ));
        f.push(f3(
            T::CasingShort,
            t.casing as u64,
            t.h_short,
            (i == 0) as u64,
        ));
        if i == 0 {
            f.push(f1(T::FirstShape, t.h_short));
            f.push(f1(T::FirstWord, t.h_norm));
        }
        if headline {
            f.push(f1(T::HeadlineShort, t.h_short));
            f.push(f1(T::HeadlineLower, t.h_lower));
        }
        if let Some(g) = gaz {
            let bits = |j: isize| -> u64 {
                if j < 0 || j as usize >= n {
                    0xff
                } else {
                    g[(j - first) as usize].name_bits as u64
                }
            };
            let h = g[i - w.first];
            if h.name_bits != 0 {
                f.push(f1(T::GazName, h.name_bits as u64));
                f.push(f2(T::GazNameShort, h.name_bits as u64, t.h_short));
            }
            f.push(f2(T::GazNameM1, bits(ii - 1), h.name_bits as u64));
            f.push(f2(T::GazNameP1, h.name_bits as u64, bits(ii + 1)));
        }
        if let Some(d) = doc {
            doc_features(t.initial_cap, t.h_short, &d[i - w.first], lower(ii + 1), f);
        }
    }
    out.starts.push(out.feats.len());
}

/// The document-evidence features of a token (the second stage's own), appended to `f`: they come
/// last in a token's list, after the features [`extract`] gives without evidence. `h_short` is the
/// token's short-shape hash, `next_lower` the lower-case hash of the next token (a padding value
/// at the end of the sentence; see [`next_lower`]).
pub fn doc_features(
    initial_cap: bool,
    h_short: u64,
    e: &DocEvidence,
    next_lower: u64,
    f: &mut Vec<u64>,
) {
    let mut best: Option<(u16, usize)> = None;
    for ty in 0..4 {
        let c = e.type_counts[ty];
        if c > 0 {
            f.push(f2(T::DocType, ty as u64, initial_cap as u64));
            if best.is_none_or(|(bc, _)| c > bc) {
                best = Some((c, ty));
            }
        }
    }
    match best {
        Some((_, ty)) => f.push(f2(T::DocMajority, ty as u64, (e.o_count > 0) as u64)),
        None if e.o_count > 0 => f.push(f2(T::DocOnlyO, initial_cap as u64, 0)),
        None => {}
    }
    if e.first_type > 0 {
        f.push(f1(T::DocFirstType, e.first_type as u64));
    }
    f.push(f1(T::Stage1, e.stage1[1] as u64));
    f.push(f2(T::NumericShort, e.numeric as u64, h_short));
    f.push(f2(T::NumericStage1, e.numeric as u64, e.stage1[1] as u64));
    f.push(f3(
        T::NumericStage1Next,
        e.numeric as u64,
        e.stage1[1] as u64,
        next_lower,
    ));
    f.push(f2(T::Stage1M1, e.stage1[0] as u64, e.stage1[1] as u64));
    f.push(f2(T::Stage1P1, e.stage1[1] as u64, e.stage1[2] as u64));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_typography() {
        assert_eq!(normalize("“"), "\"");
        assert_eq!(normalize("’s"), "'s");
        assert_eq!(normalize("n’t"), "n't");
        assert_eq!(normalize("—"), "--");
        assert_eq!(normalize("plain"), "plain");
    }

    #[test]
    fn shapes_and_hashes() {
        assert_eq!(shapes("Paris"), ("Xxxxx".to_string(), "Xx".to_string()));
        assert_eq!(shapes("12-14"), ("dd-dd".to_string(), "d-d".to_string()));
        // The ASCII path gives what the character path gives.
        for w in [
            "",
            "a",
            "Paris",
            "U.S.",
            "\0\0a",
            "x\0",
            "aaaaBBBB1234!!--zz",
            "abcdefghijklmnop",
            "A1b2C3",
            "~`'\"",
            "\t\n",
        ] {
            let (mut long, mut short) = (String::new(), String::new());
            shapes_of_chars(w, &mut long, &mut short);
            assert_eq!(shapes(w), (long, short), "{w:?}");
        }
        assert_eq!(hash_str(0, "abc"), hash_str(0, "abc"));
        assert_ne!(hash_str(0, "abc"), hash_str(1, "abc"));
        assert_ne!(hash_str(0, "abcdefgh1"), hash_str(0, "abcdefgh2"));
    }

    #[test]
    fn windows_give_the_features_of_the_whole_sentence() {
        let words =
            "Mr Smith of New York said on Monday that the plan , which 12 people back , works";
        let infos: Vec<TokenInfo> = words.split(' ').map(TokenInfo::new).collect();
        let n = infos.len();
        let gaz: Vec<GazetteerHit> = (0..n)
            .map(|i| GazetteerHit {
                name_bits: (i % 3) as u8,
                word_bits: (i % 5) as u8,
            })
            .collect();
        let mut whole = SentenceFeatures::default();
        extract(&infos, Some(&gaz), None, &mut whole);
        let mut part = SentenceFeatures::default();
        for start in (0..n).step_by(4) {
            let end = (start + 4).min(n);
            let first = start.saturating_sub(CONTEXT);
            let hi = (end + CONTEXT).min(n);
            let w = Window {
                first,
                len: n,
                headline: is_headline(&infos),
            };
            extract_window(
                &infos[first..hi],
                &w,
                start..end,
                Some(&gaz[first..hi]),
                None,
                &mut part,
            );
            for i in start..end {
                assert_eq!(part.token(i - start), whole.token(i), "token {i}");
            }
        }
    }

    #[test]
    fn evidence_keys_are_those_of_the_token_info() {
        for w in [
            "Paris", "paris", "PARIS", "’s", "Éire", "ÉIRE", "12-14", "“", "", "x", "O'Neill",
        ] {
            let t = TokenInfo::new(w);
            let k = EvidenceKeys::new(w);
            assert_eq!(
                (k.initial_cap, k.h_short, k.h_lower),
                (t.initial_cap, t.h_short, t.h_lower),
                "{w}"
            );
        }
        // What the features of a sentence's tokens read of the next token.
        let infos: Vec<TokenInfo> = ["a", "B"].iter().map(|s| TokenInfo::new(s)).collect();
        let keys: Vec<EvidenceKeys> = ["a", "B"].iter().map(|s| EvidenceKeys::new(s)).collect();
        assert_eq!(next_lower_of(keys.get(1)), infos[1].h_lower);
        assert_eq!(next_lower_of(keys.get(2)), PAD_RIGHT);
    }

    #[test]
    fn features_depend_on_context() {
        let a: Vec<TokenInfo> = ["Mr", "Smith"].iter().map(|s| TokenInfo::new(s)).collect();
        let b: Vec<TokenInfo> = ["the", "Smith"].iter().map(|s| TokenInfo::new(s)).collect();
        let (mut fa, mut fb) = (SentenceFeatures::default(), SentenceFeatures::default());
        extract(&a, None, None, &mut fa);
        extract(&b, None, None, &mut fb);
        assert_eq!(fa.len(), 2);
        assert_ne!(fa.token(1), fb.token(1));
        assert_eq!(fa.token(1)[1], fb.token(1)[1], "the word feature is shared");
    }
}
