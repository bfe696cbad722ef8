//! The same or nearly the same quoted words attributed to different speakers in different
//! documents: wire copy that names another source, or a misattribution.
//!
//! Quotes are compared by their normalised words ([`super::words`]: case, accents, full stops
//! and apostrophes do not count). Quotes of fewer than [`MIN_WORDS`] words are left out (too
//! many people say "we will see"). Two quotes are the same when their normalised words are;
//! nearly the same when most word trigrams of the shorter are in the longer: shared trigrams /
//! trigrams of the shorter ≥ [`MIN_SIMILARITY`], and at least [`MIN_SHARED`] shared (so a quote
//! one outlet cut short still matches the whole, but a short phrase inside a long quote does not).
//!
//! The work is linear in the corpus, never all pairs: identical quotes are grouped by sorting;
//! candidate pairs of distinct texts come from an index of trigrams, in which a trigram shared
//! by more than [`MAX_POSTING`] distinct texts (a stock phrase) proposes no pairs; each candidate
//! pair is then measured exactly. The pairs reported are all pairs of records of one group or of
//! two near-duplicate groups whose speakers differ, in different documents.

use std::collections::HashMap;
use std::io::{self, Write};

use super::speakers::{csv_io, write_aligned};
use crate::record::{Attribution, Kind};

/// Quotes with fewer normalised words are not compared (slogans and stock phrases such as
/// "we are going to win this election" are said by many).
pub const MIN_WORDS: usize = 8;
/// Near duplicates must share at least this many trigrams (a run of eight words).
pub const MIN_SHARED: usize = 6;
/// Shared trigrams over the trigrams of the shorter quote for two quotes to be nearly the same.
pub const MIN_SIMILARITY: f32 = 0.7;
/// A trigram held by more distinct quotes than this proposes no candidate pairs.
pub const MAX_POSTING: usize = 64;
/// Words per shingle.
const SHINGLE: usize = 3;

/// One side of a conflict: a record and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    /// The document's id.
    pub doc_id: String,
    /// The speaker the record names.
    pub speaker: String,
    /// Its key.
    pub speaker_id: String,
    /// The words in the text the quote was linked to.
    pub speaker_mention: String,
    /// The quoted words as written.
    pub quote: String,
    /// Kind of the record.
    pub kind: Kind,
    /// Code-point offset of the quote in its document.
    pub quote_start: usize,
    /// Position of the document in the input (documents added before it).
    pub document: usize,
}

/// The same (or nearly the same) words given to two speakers in two documents. `a` comes first
/// in input order.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// 1.0 for the same normalised words, else shared trigrams over the shorter's trigrams.
    pub similarity: f32,
    /// The record first in input order.
    pub a: Side,
    /// The other.
    pub b: Side,
}

/// A distinct normalised quote and the records that have it.
struct Text {
    shingles: Vec<u64>,
    members: Vec<u32>,
}

/// Collects quotes a document at a time; [`ConflictFinder::finish`] gives the conflicts.
#[derive(Default)]
pub struct ConflictFinder {
    sides: Vec<Side>,
    /// Normalised words of each side, joined by spaces (dropped after grouping).
    keys: Vec<String>,
    documents: usize,
}

impl ConflictFinder {
    /// An empty finder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the records of one document: those with a speaker and at least [`MIN_WORDS`]
    /// normalised words.
    pub fn add_document(&mut self, records: &[Attribution]) {
        let document = self.documents;
        self.documents += 1;
        for r in records {
            if r.speaker_id.is_empty() {
                continue;
            }
            let words = super::words(&r.quote);
            if words.len() < MIN_WORDS {
                continue;
            }
            self.keys.push(words.join(" "));
            self.sides.push(Side {
                doc_id: r.doc_id.clone(),
                speaker: r.speaker.clone(),
                speaker_id: r.speaker_id.clone(),
                speaker_mention: r.speaker_mention.clone(),
                quote: r.quote.clone(),
                kind: r.kind,
                quote_start: r.quote_start,
                document,
            });
        }
    }

    /// Quotes collected (those long enough, with a speaker).
    pub fn quotes(&self) -> usize {
        self.sides.len()
    }

    /// Every conflict, sorted by the input position of `a`, then of `b`.
    pub fn finish(self) -> Vec<Conflict> {
        let ConflictFinder { sides, keys, .. } = self;
        // Identical normalised words: one text, found by sorting.
        let mut order: Vec<u32> = (0..sides.len() as u32).collect();
        order.sort_by(|&x, &y| keys[x as usize].cmp(&keys[y as usize]).then(x.cmp(&y)));
        let mut texts: Vec<Text> = Vec::new();
        for (i, &s) in order.iter().enumerate() {
            if i > 0 && keys[s as usize] == keys[order[i - 1] as usize] {
                texts.last_mut().unwrap().members.push(s);
            } else {
                texts.push(Text {
                    shingles: shingles(&keys[s as usize]),
                    members: vec![s],
                });
            }
        }
        drop(keys);

        let mut pairs: Vec<(u32, u32, f32)> = Vec::new();
        for t in &texts {
            member_pairs(&sides, &t.members, &t.members, 1.0, &mut pairs);
        }
        // Near duplicates: candidate texts that share a trigram of few holders.
        let mut postings: HashMap<u64, Vec<u32>> = HashMap::new();
        for (i, t) in texts.iter().enumerate() {
            for &h in &t.shingles {
                postings.entry(h).or_default().push(i as u32);
            }
        }
        let mut shared: HashMap<(u32, u32), u32> = HashMap::new();
        for list in postings.values() {
            if list.len() > MAX_POSTING {
                continue;
            }
            for (k, &x) in list.iter().enumerate() {
                for &y in &list[k + 1..] {
                    *shared.entry((x.min(y), x.max(y))).or_default() += 1;
                }
            }
        }
        drop(postings);
        let mut candidates: Vec<(u32, u32)> = shared.into_keys().collect();
        candidates.sort_unstable();
        for (x, y) in candidates {
            let (tx, ty) = (&texts[x as usize], &texts[y as usize]);
            let (shared, similarity) = similarity(&tx.shingles, &ty.shingles);
            if similarity >= MIN_SIMILARITY && shared >= MIN_SHARED {
                member_pairs(&sides, &tx.members, &ty.members, similarity, &mut pairs);
            }
        }
        pairs.sort_by_key(|&(a, b, _)| (a, b));
        pairs.dedup_by_key(|p| (p.0, p.1));
        pairs
            .into_iter()
            .map(|(a, b, similarity)| Conflict {
                similarity: (similarity * 1000.0).round() / 1000.0,
                a: sides[a as usize].clone(),
                b: sides[b as usize].clone(),
            })
            .collect()
    }
}

/// The pairs of records, one from `xs` and one from `ys`, in different documents with different
/// speakers; each as (first in input order, second).
fn member_pairs(sides: &[Side], xs: &[u32], ys: &[u32], sim: f32, out: &mut Vec<(u32, u32, f32)>) {
    for &x in xs {
        for &y in ys {
            let (a, b) = (x.min(y), x.max(y));
            let (sa, sb) = (&sides[a as usize], &sides[b as usize]);
            if a != b && sa.document != sb.document && sa.speaker_id != sb.speaker_id {
                out.push((a, b, sim));
            }
        }
    }
}

/// The sorted, distinct hashes of the word trigrams of normalised words joined by spaces (a text
/// shorter than a trigram is one shingle).
fn shingles(key: &str) -> Vec<u64> {
    let words: Vec<&str> = key.split(' ').collect();
    let n = SHINGLE.min(words.len());
    let mut out: Vec<u64> = words.windows(n).map(fnv).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// FNV-1a over words (a fixed hash: the same in every run and on every machine).
fn fnv(words: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for w in words {
        for b in w.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The shared elements of two sorted sets, and their number over the size of the smaller.
fn similarity(a: &[u64], b: &[u64]) -> (usize, f32) {
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (shared, shared as f32 / a.len().min(b.len()).max(1) as f32)
}

/// Column names of the conflicts table.
pub const CONFLICT_COLUMNS: &[&str] = &[
    "similarity",
    "doc_a",
    "speaker_a",
    "speaker_id_a",
    "speaker_mention_a",
    "kind_a",
    "quote_start_a",
    "quote_a",
    "doc_b",
    "speaker_b",
    "speaker_id_b",
    "speaker_mention_b",
    "kind_b",
    "quote_start_b",
    "quote_b",
];

fn fields(c: &Conflict) -> [String; 15] {
    let side = |s: &Side| {
        [
            s.doc_id.clone(),
            s.speaker.clone(),
            s.speaker_id.clone(),
            s.speaker_mention.clone(),
            s.kind.as_str().to_string(),
            s.quote_start.to_string(),
            s.quote.clone(),
        ]
    };
    let (a, b) = (side(&c.a), side(&c.b));
    std::array::from_fn(|i| match i {
        0 => format!("{:.3}", c.similarity),
        1..=7 => a[i - 1].clone(),
        _ => b[i - 8].clone(),
    })
}

/// Writes the conflicts as CSV (RFC 4180, header row, CRLF line ends).
pub fn write_csv<W: Write>(out: W, conflicts: &[Conflict]) -> io::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(CONFLICT_COLUMNS).map_err(csv_io)?;
    for c in conflicts {
        w.write_record(fields(c)).map_err(csv_io)?;
    }
    w.flush()
}

/// Writes the conflicts for reading: per pair, the similarity, then each side's document, speaker
/// and quote (whitespace runs shown as one space) on a line of its own.
pub fn write_text<W: Write>(mut out: W, conflicts: &[Conflict]) -> io::Result<()> {
    for c in conflicts {
        let mut rows: Vec<[String; 3]> = Vec::new();
        for s in [&c.a, &c.b] {
            let quote = s.quote.split_whitespace().collect::<Vec<_>>().join(" ");
            rows.push([s.doc_id.clone(), s.speaker.clone(), format!("“{quote}”")]);
        }
        if !std::ptr::eq(c, &conflicts[0]) {
            writeln!(out)?;
        }
        writeln!(out, "similarity {:.3}", c.similarity)?;
        let header = ["  document".to_string(), "speaker".into(), "quote".into()];
        let rows: Vec<[String; 3]> = rows
            .into_iter()
            .map(|[d, s, q]| [format!("  {d}"), s, q])
            .collect();
        write_aligned(&mut out, &header, &rows, &[false; 3])?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::speakers::tests::rec;
    use crate::record::SpeakerType::*;

    const WIRE: &str = "We will not raise taxes on working families this year";

    fn find(docs: &[Vec<Attribution>]) -> Vec<Conflict> {
        let mut f = ConflictFinder::new();
        docs.iter().for_each(|d| f.add_document(d));
        f.finish()
    }

    #[test]
    fn same_words_different_speakers_in_different_documents() {
        let docs = vec![
            vec![rec("a", "Ann Lee", Per, WIRE, Kind::Direct)],
            // Case, punctuation and apostrophes do not count.
            vec![rec(
                "b",
                "Bo Park",
                Per,
                "“We will NOT raise taxes on working families, this year.”",
                Kind::Direct,
            )],
            // The same speaker by another form of the name: no conflict with "a".
            vec![rec("c", "Ms. Ann Lee", Per, WIRE, Kind::Direct)],
        ];
        let c = find(&docs);
        assert_eq!(c.len(), 2, "{c:#?}");
        assert_eq!((c[0].a.doc_id.as_str(), c[0].b.doc_id.as_str()), ("a", "b"));
        assert_eq!(c[0].similarity, 1.0);
        assert_eq!(
            (c[0].a.speaker.as_str(), c[0].b.speaker.as_str()),
            ("Ann Lee", "Bo Park")
        );
        assert_eq!((c[1].a.doc_id.as_str(), c[1].b.doc_id.as_str()), ("b", "c"));
    }

    #[test]
    fn near_duplicates_and_cut_quotes() {
        let docs = vec![
            vec![rec(
                "a",
                "Ann Lee",
                Per,
                "We will not raise taxes on working families this year, and we will balance the budget",
                Kind::Direct,
            )],
            // Cut short by another outlet.
            vec![rec("b", "Bo Park", Per, WIRE, Kind::Mixed)],
            // One word changed.
            vec![rec(
                "c",
                "the finance ministry",
                Org,
                "We will not raise taxes on working people this year, and we will balance the budget",
                Kind::Indirect,
            )],
            // A short phrase of the whole: too short to tell.
            vec![rec(
                "e",
                "Cy Diaz",
                Per,
                "and we will balance the budget",
                Kind::Indirect,
            )],
            // Different words on the same topic: no pair.
            vec![rec(
                "d",
                "Cy Diaz",
                Per,
                "Taxes on working families will rise next year whatever they promise",
                Kind::Direct,
            )],
        ];
        let c = find(&docs);
        let pairs: Vec<(&str, &str)> = c
            .iter()
            .map(|c| (c.a.doc_id.as_str(), c.b.doc_id.as_str()))
            .collect();
        assert_eq!(pairs, [("a", "b"), ("a", "c")], "{c:#?}");
        assert_eq!(c[0].similarity, 1.0, "the cut quote is all in the whole");
        assert!(c[1].similarity >= MIN_SIMILARITY && c[1].similarity < 1.0);
    }

    #[test]
    fn same_document_short_quotes_and_unresolved_are_left_out() {
        let docs = vec![
            vec![
                rec("a", "Ann Lee", Per, WIRE, Kind::Direct),
                rec("a", "Bo Park", Per, WIRE, Kind::Direct),
                rec("a", "Ann Lee", Per, "We will see about that", Kind::Direct),
            ],
            vec![
                rec("b", "", Unknown, WIRE, Kind::Direct),
                rec("b", "Cy Diaz", Per, "We will see about that", Kind::Direct),
            ],
        ];
        let c = find(&docs);
        let pairs: Vec<(&str, &str)> = c
            .iter()
            .map(|c| (c.a.speaker.as_str(), c.b.speaker.as_str()))
            .collect();
        // "a"'s two speakers of WIRE are in one document; "b"'s WIRE has no speaker; "We will
        // see about that" is too short.
        assert!(pairs.is_empty(), "{pairs:?}");
    }

    #[test]
    fn a_shared_stock_phrase_is_no_conflict_and_copies_in_many_documents_all_match() {
        // 100 documents each quote a different sentence that holds one stock phrase, and a
        // wire quote copied with a different speaker in each.
        let mut docs = Vec::new();
        for i in 0..100 {
            let own = format!("at the end of the day number {i} word{i} is what counts");
            docs.push(vec![
                rec(
                    &format!("d{i}"),
                    &format!("Speaker N{i}"),
                    Per,
                    &own,
                    Kind::Direct,
                ),
                rec(
                    &format!("d{i}"),
                    &format!("Speaker N{i}"),
                    Per,
                    WIRE,
                    Kind::Direct,
                ),
            ]);
        }
        let c = find(&docs);
        assert_eq!(c.len(), 100 * 99 / 2);
        assert!(c.iter().all(|c| c.a.quote == WIRE && c.b.quote == WIRE));
        // Sorted and the same for the same input.
        assert!(
            c.windows(2)
                .all(|w| (w[0].a.document, w[0].b.document) < (w[1].a.document, w[1].b.document))
        );
        assert_eq!(find(&docs), c);
    }

    #[test]
    fn csv_and_text() {
        let docs = vec![
            vec![rec("a", "Ann Lee", Per, WIRE, Kind::Direct)],
            vec![rec("b", "Bo Park", Per, WIRE, Kind::Mixed)],
        ];
        let c = find(&docs);
        let mut csv = Vec::new();
        write_csv(&mut csv, &c).unwrap();
        let csv = String::from_utf8(csv).unwrap();
        assert!(csv.starts_with("similarity,doc_a,speaker_a,"));
        assert!(csv.contains("1.000,a,Ann Lee,per:ann-lee,Ann Lee,direct,0,We will not"));
        let mut text = Vec::new();
        write_text(&mut text, &c).unwrap();
        let text = String::from_utf8(text).unwrap();
        assert!(
            text.starts_with(
                "similarity 1.000\n  document  speaker  quote\n  a         Ann Lee  “We"
            )
        );
    }
}
