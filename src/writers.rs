//! Writers for attribution records: CSV (RFC 4180, header row, UTF-8), JSONL, and text lines
//! ("Heidi Alexander said: “…”") for reading.

use std::io::Write;

use crate::record::Attribution;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// RFC 4180 CSV with a header row, CRLF line ends.
    Csv,
    /// One JSON object per line.
    Jsonl,
    /// "Speaker said: “…”" lines, each document's under a `# doc_id` line.
    Text,
}

/// Column order of the CSV output: the record's fields.
pub const CSV_HEADER: &[&str] = &[
    "doc_id",
    "speaker",
    "speaker_type",
    "speaker_mention",
    "quote",
    "kind",
    "cue",
    "confidence",
    "rule",
    "quote_start",
    "quote_end",
    "speaker_start",
    "speaker_end",
    "cue_start",
    "cue_end",
    "speaker_named",
    "cue_type",
    "speaker_id",
];

/// Writes attribution records to `W` in one [`Format`], a document at a time.
pub struct RecordWriter<W: Write> {
    format: Format,
    csv: Option<csv::Writer<W>>,
    out: Option<W>,
}

impl<W: Write> RecordWriter<W> {
    /// A writer in `format` to `out`; CSV output starts with its header row at once.
    pub fn new(format: Format, out: W) -> std::io::Result<Self> {
        if format == Format::Csv {
            let mut w = csv::WriterBuilder::new()
                .has_headers(false)
                .terminator(csv::Terminator::CRLF)
                .from_writer(out);
            w.write_record(CSV_HEADER).map_err(csv_io)?;
            Ok(RecordWriter {
                format,
                csv: Some(w),
                out: None,
            })
        } else {
            Ok(RecordWriter {
                format,
                csv: None,
                out: Some(out),
            })
        }
    }

    /// Writes the records of one document.
    pub fn write(&mut self, records: &[Attribution]) -> std::io::Result<()> {
        if let (Format::Text, Some(first)) = (self.format, records.first()) {
            // Text lines carry no id: a header line says whose they are.
            let out = self.out.as_mut().unwrap();
            writeln!(out, "# {}", first.doc_id)?;
        }
        for r in records {
            match self.format {
                Format::Csv => {
                    let opt = |x: Option<usize>| x.map(|v| v.to_string()).unwrap_or_default();
                    let row = [
                        r.doc_id.clone(),
                        r.speaker.clone(),
                        r.speaker_type.as_str().to_string(),
                        r.speaker_mention.clone(),
                        r.quote.clone(),
                        r.kind.as_str().to_string(),
                        r.cue.clone(),
                        format!("{:.3}", r.confidence),
                        r.rule.as_str().to_string(),
                        r.quote_start.to_string(),
                        r.quote_end.to_string(),
                        opt(r.speaker_start),
                        opt(r.speaker_end),
                        opt(r.cue_start),
                        opt(r.cue_end),
                        r.speaker_named.to_string(),
                        r.cue_type.as_str().to_string(),
                        r.speaker_id.clone(),
                    ];
                    self.csv
                        .as_mut()
                        .unwrap()
                        .write_record(&row)
                        .map_err(csv_io)?;
                }
                Format::Jsonl => {
                    let out = self.out.as_mut().unwrap();
                    serde_json::to_writer(&mut *out, r)?;
                    out.write_all(b"\n")?;
                }
                Format::Text => {
                    let out = self.out.as_mut().unwrap();
                    writeln!(out, "{}", r.sentence())?;
                }
            }
        }
        Ok(())
    }

    /// Flushes what was written to the underlying writer.
    pub fn flush(&mut self) -> std::io::Result<()> {
        match (&mut self.csv, &mut self.out) {
            (Some(w), _) => w.flush(),
            (_, Some(o)) => o.flush(),
            _ => Ok(()),
        }
    }

    /// Flushes and returns the underlying writer.
    pub fn into_inner(self) -> std::io::Result<W> {
        match (self.csv, self.out) {
            (Some(w), _) => w.into_inner().map_err(|e| e.into_error()),
            (_, Some(mut o)) => {
                o.flush()?;
                Ok(o)
            }
            _ => unreachable!(),
        }
    }
}

/// A CSV error as the I/O error it wraps (so that a broken pipe stays a broken pipe).
fn csv_io(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        kind => std::io::Error::other(format!("{kind:?}")),
    }
}
