//! Reading and writing CoNLL-style column files (token first, tag last, `-DOCSTART-` between
//! documents), the format of the NER training and evaluation data.

use std::path::Path;

use crate::text::segment::Token;

/// One token line: its raw text (kept to write it back unchanged), the token and the last column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConllLine {
    /// The line as read, without its line end.
    pub raw: String,
    /// The first column.
    pub token: String,
    /// The last column when the line has more than one column.
    pub last: Option<String>,
    /// 1-based line number in the file.
    pub line_no: usize,
}

/// A sentence: the token lines between two blank lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConllSentence {
    /// Its token lines, in order.
    pub lines: Vec<ConllLine>,
}

/// A document: the sentences between two `-DOCSTART-` lines. `header` keeps the `-DOCSTART-` line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConllDocument {
    /// The `-DOCSTART-` line that opens the document, if any.
    pub header: Option<String>,
    /// Its sentences, in order.
    pub sentences: Vec<ConllSentence>,
}

/// A CoNLL file that could not be read or parsed.
#[derive(Debug, thiserror::Error)]
pub enum ConllError {
    /// A line that does not fit the format.
    #[error("{path}:{line}: {message}")]
    Malformed {
        /// The file's name.
        path: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong with the line.
        message: String,
    },
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file's name.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl ConllDocument {
    /// The document as plain text (tokens joined by spaces, sentences by newlines) with the byte
    /// offsets of every token, so that taggers see CoNLL data the way they see any other text.
    pub fn to_text(&self) -> (String, Vec<Vec<Token>>) {
        let mut text = String::new();
        let mut sentences = Vec::with_capacity(self.sentences.len());
        for s in &self.sentences {
            let mut toks = Vec::with_capacity(s.lines.len());
            for (k, l) in s.lines.iter().enumerate() {
                if k > 0 {
                    text.push(' ');
                }
                let start = text.len();
                text.push_str(&l.token);
                toks.push(Token::new(start, text.len()));
            }
            text.push('\n');
            sentences.push(toks);
        }
        (text, sentences)
    }
}

/// Parses CoNLL text. `path` only names the source in errors.
pub fn parse(content: &str, path: &str) -> Result<Vec<ConllDocument>, ConllError> {
    let mut docs: Vec<ConllDocument> = Vec::new();
    let mut doc = ConllDocument::default();
    let mut sent = ConllSentence::default();
    for (i, raw) in content.lines().enumerate() {
        let line_no = i + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.trim().is_empty() {
            if !sent.lines.is_empty() {
                doc.sentences.push(std::mem::take(&mut sent));
            }
            continue;
        }
        if raw.starts_with(char::is_whitespace) {
            return Err(ConllError::Malformed {
                path: path.to_string(),
                line: line_no,
                message: format!("line starts with whitespace, expected a token first: {raw:?}"),
            });
        }
        let mut cols = raw.split_whitespace();
        let token = cols.next().unwrap_or_default().to_string();
        if token == "-DOCSTART-" {
            if !sent.lines.is_empty() {
                doc.sentences.push(std::mem::take(&mut sent));
            }
            if doc.header.is_some() || !doc.sentences.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            doc.header = Some(raw.to_string());
            continue;
        }
        let last = cols.last().map(str::to_string);
        sent.lines.push(ConllLine {
            raw: raw.to_string(),
            token,
            last,
            line_no,
        });
    }
    if !sent.lines.is_empty() {
        doc.sentences.push(sent);
    }
    if doc.header.is_some() || !doc.sentences.is_empty() {
        docs.push(doc);
    }
    Ok(docs)
}

/// Reads and parses a CoNLL file. Invalid UTF-8 is decoded lossily; see [`read_lossy`] to learn
/// where.
pub fn read(path: &Path) -> Result<Vec<ConllDocument>, ConllError> {
    read_lossy(path).map(|(docs, _)| docs)
}

/// Reads and parses a CoNLL file, and says at which byte the first invalid UTF-8 sequence was
/// replaced with U+FFFD, if any.
pub fn read_lossy(path: &Path) -> Result<(Vec<ConllDocument>, Option<usize>), ConllError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| ConllError::Io {
        path: name.clone(),
        source,
    })?;
    let (text, invalid_at) = crate::io::documents::decode_lossy(bytes);
    Ok((parse(&text, &name)?, invalid_at))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n\n-DOCSTART- -X- -X- O\n\nBRUSSELS NNP B-NP B-LOC\n";

    #[test]
    fn parses_documents_and_sentences() {
        let docs = parse(SAMPLE, "x").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].sentences.len(), 2);
        assert_eq!(docs[0].sentences[1].lines[1].token, "Blackburn");
        assert_eq!(docs[0].sentences[1].lines[1].last.as_deref(), Some("I-PER"));
        assert_eq!(docs[1].sentences[0].lines[0].line_no, 11);
        let (text, toks) = docs[0].to_text();
        assert_eq!(text, "EU rejects\nPeter Blackburn\n");
        assert_eq!(toks[1][1].text(&text), "Blackburn");
    }

    #[test]
    fn malformed_lines_name_the_line() {
        let err = parse("EU B-ORG\n  rejects O\n", "g.conll").unwrap_err();
        assert!(err.to_string().starts_with("g.conll:2:"), "{err}");
    }
}
