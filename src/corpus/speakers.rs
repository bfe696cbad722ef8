//! Who is quoted across a corpus: one row per [`speaker_id`](super::speaker_id) with the
//! speaker's type, whether named, and how many documents and records quote them, and the share of
//! direct quotations: the table source-diversity studies compute by hand.

use std::collections::HashMap;
use std::io::{self, Write};

use crate::record::{Attribution, Kind, SpeakerType};

/// One speaker of the corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeakerRow {
    /// The name records give most often under this key (the first in code-point order on a tie).
    pub speaker: String,
    /// The key ([`super::speaker_id`]).
    pub speaker_id: String,
    /// The speaker's type.
    pub speaker_type: SpeakerType,
    /// Whether the speaker is named rather than described.
    pub named: bool,
    /// Documents with at least one record of this speaker.
    pub documents: usize,
    /// Records of this speaker.
    pub records: usize,
    /// Of which direct quotations.
    pub direct: usize,
}

impl SpeakerRow {
    /// The share of direct quotations among the speaker's records, 0..1.
    pub fn direct_share(&self) -> f64 {
        self.direct as f64 / self.records.max(1) as f64
    }
}

#[derive(Default)]
struct Tally {
    names: HashMap<String, usize>,
    speaker_type: Option<SpeakerType>,
    named: bool,
    documents: usize,
    last_document: usize,
    records: usize,
    direct: usize,
}

/// Counts speakers a document at a time; [`SpeakerTable::rows`] gives the table. The rows do not
/// depend on the order in which documents are added.
#[derive(Default)]
pub struct SpeakerTable {
    tallies: HashMap<String, Tally>,
    documents: usize,
    unresolved: usize,
}

impl SpeakerTable {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts the records of one document. Records with no speaker are counted apart
    /// ([`SpeakerTable::unresolved`]).
    pub fn add_document(&mut self, records: &[Attribution]) {
        self.documents += 1;
        let doc = self.documents;
        for r in records {
            if r.speaker_id.is_empty() {
                self.unresolved += 1;
                continue;
            }
            let t = self.tallies.entry(r.speaker_id.clone()).or_default();
            *t.names.entry(r.speaker.clone()).or_default() += 1;
            // The key holds the type and the naming; the first record's stand for all.
            t.speaker_type.get_or_insert(r.speaker_type);
            t.named = r.speaker_named;
            if t.last_document != doc {
                t.last_document = doc;
                t.documents += 1;
            }
            t.records += 1;
            t.direct += usize::from(r.kind == Kind::Direct);
        }
    }

    /// Records with no speaker, not in the table.
    pub fn unresolved(&self) -> usize {
        self.unresolved
    }

    /// Documents counted.
    pub fn documents(&self) -> usize {
        self.documents
    }

    /// The rows: most records first, then most documents, then by key.
    pub fn rows(&self) -> Vec<SpeakerRow> {
        let mut rows: Vec<SpeakerRow> = self
            .tallies
            .iter()
            .map(|(id, t)| SpeakerRow {
                speaker: t
                    .names
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                    .map(|(n, _)| n.clone())
                    .unwrap_or_default(),
                speaker_id: id.clone(),
                speaker_type: t.speaker_type.unwrap_or(SpeakerType::Unknown),
                named: t.named,
                documents: t.documents,
                records: t.records,
                direct: t.direct,
            })
            .collect();
        rows.sort_by(|a, b| {
            b.records
                .cmp(&a.records)
                .then(b.documents.cmp(&a.documents))
                .then_with(|| a.speaker_id.cmp(&b.speaker_id))
        });
        rows
    }
}

/// Column names of the speakers table.
pub const SPEAKER_COLUMNS: &[&str] = &[
    "speaker",
    "speaker_id",
    "speaker_type",
    "named",
    "documents",
    "records",
    "direct",
    "direct_share",
];

fn fields(r: &SpeakerRow) -> [String; 8] {
    [
        r.speaker.clone(),
        r.speaker_id.clone(),
        r.speaker_type.as_str().to_string(),
        r.named.to_string(),
        r.documents.to_string(),
        r.records.to_string(),
        r.direct.to_string(),
        format!("{:.3}", r.direct_share()),
    ]
}

/// Writes the table as CSV (RFC 4180, header row, CRLF line ends).
pub fn write_csv<W: Write>(out: W, rows: &[SpeakerRow]) -> io::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(SPEAKER_COLUMNS).map_err(csv_io)?;
    for r in rows {
        w.write_record(fields(r)).map_err(csv_io)?;
    }
    w.flush()
}

/// Writes the table as aligned text columns, for reading on a terminal.
pub fn write_text<W: Write>(out: W, rows: &[SpeakerRow]) -> io::Result<()> {
    let table: Vec<[String; 8]> = rows.iter().map(fields).collect();
    let header: [String; 8] = std::array::from_fn(|i| SPEAKER_COLUMNS[i].to_string());
    write_aligned(
        out,
        &header,
        &table,
        &[false, false, false, false, true, true, true, true],
    )
}

/// Rows of cells as aligned columns (two spaces apart; `right[i]` right-aligns column `i`).
pub(crate) fn write_aligned<W: Write, const N: usize>(
    mut out: W,
    header: &[String; N],
    rows: &[[String; N]],
    right: &[bool; N],
) -> io::Result<()> {
    let width = |s: &str| s.chars().count();
    let mut widths = header.clone().map(|h| width(&h));
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    for row in std::iter::once(header).chain(rows) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            let pad = widths[i] - width(cell);
            if i > 0 {
                line.push_str("  ");
            }
            if right[i] {
                line.extend(std::iter::repeat_n(' ', pad));
                line.push_str(cell);
            } else {
                line.push_str(cell);
                if i + 1 < N {
                    line.extend(std::iter::repeat_n(' ', pad));
                }
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    out.flush()
}

/// A CSV error as the I/O error it wraps (so that a broken pipe stays a broken pipe).
pub(crate) fn csv_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        kind => io::Error::other(format!("{kind:?}")),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::corpus::speaker_id;
    use crate::record::RuleId;

    /// A record for tests: `speaker` named when it starts with a capital.
    pub(crate) fn rec(
        doc: &str,
        speaker: &str,
        kind: SpeakerType,
        quote: &str,
        k: Kind,
    ) -> Attribution {
        let named = speaker.chars().next().is_some_and(char::is_uppercase);
        Attribution {
            doc_id: doc.into(),
            speaker: speaker.into(),
            speaker_type: kind,
            speaker_mention: speaker.into(),
            quote: quote.into(),
            kind: k,
            cue: "said".into(),
            confidence: 0.9,
            rule: RuleId::QuoteSpeakerSaid,
            quote_start: 0,
            quote_end: quote.chars().count(),
            speaker_start: None,
            speaker_end: None,
            cue_start: None,
            cue_end: None,
            speaker_named: named,
            cue_type: crate::record::CueType::Speech,
            speaker_id: speaker_id(speaker, kind, named),
        }
    }

    #[test]
    fn counts_speakers_across_documents() {
        use Kind::*;
        use SpeakerType::*;
        let docs = [
            vec![
                rec("a", "Donald J. Trump", Per, "q1", Direct),
                rec("a", "Donald J. Trump", Per, "q2", Indirect),
                rec("a", "a senior aide", Per, "q3", Direct),
                rec("a", "", Unknown, "q4", Direct),
            ],
            vec![rec("b", "Donald Trump", Per, "q5", Direct)],
            vec![
                rec("c", "Donald Trump", Per, "q6", Mixed),
                rec("c", "a senior aide", Per, "q7", Indirect),
                rec("c", "Acme Corp", Org, "q8", Direct),
            ],
        ];
        let mut forward = SpeakerTable::new();
        docs.iter().for_each(|d| forward.add_document(d));
        let rows = forward.rows();
        assert_eq!(rows.len(), 3);
        let trump = &rows[0];
        assert_eq!(trump.speaker_id, "per:donald-trump");
        // Two records each: the first in code-point order names the row.
        assert_eq!(trump.speaker, "Donald J. Trump");
        assert_eq!((trump.documents, trump.records, trump.direct), (3, 4, 2));
        assert_eq!(trump.direct_share(), 0.5);
        assert!(trump.named);
        assert_eq!(rows[1].speaker_id, "per~senior-aide");
        assert!(!rows[1].named);
        assert_eq!((rows[1].documents, rows[1].records), (2, 2));
        assert_eq!(rows[2].speaker_type, Org);
        assert_eq!(forward.unresolved(), 1);
        // The order of the documents does not matter.
        let mut backward = SpeakerTable::new();
        docs.iter().rev().for_each(|d| backward.add_document(d));
        assert_eq!(backward.rows(), rows);
    }

    #[test]
    fn csv_and_text_tables() {
        let mut t = SpeakerTable::new();
        t.add_document(&[rec("a", "Ann Lee", SpeakerType::Per, "q", Kind::Direct)]);
        let mut csv = Vec::new();
        write_csv(&mut csv, &t.rows()).unwrap();
        assert_eq!(
            String::from_utf8(csv).unwrap(),
            "speaker,speaker_id,speaker_type,named,documents,records,direct,direct_share\r\n\
             Ann Lee,per:ann-lee,PER,true,1,1,1,1.000\r\n"
        );
        let mut text = Vec::new();
        write_text(&mut text, &t.rows()).unwrap();
        let text = String::from_utf8(text).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("speaker  speaker_id   speaker_type"));
        assert!(lines[1].starts_with("Ann Lee  per:ann-lee  PER"));
        assert!(lines[1].ends_with("1.000"));
    }
}
