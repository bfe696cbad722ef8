//! Input documents: plain-text files (one document each), folders (recursive, `.txt` and
//! `.jsonl`), JSONL files with an `id` and a `text` per line, and standard input.
//!
//! Reading is an iterator of `Result<Document, InputError>`: a file that cannot be read or a bad
//! JSONL line is an error in its place, and the documents after it still come. JSONL is read a
//! line at a time, so memory does not grow with the size of the input.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// One document: its id (file path or the JSONL `id`) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The document's id, copied into every record (`doc_id`).
    pub id: String,
    /// The text; record offsets index it.
    pub text: String,
    /// Where it was read from, for messages: a file, or `file:line` for a JSONL line. `None` for
    /// documents made in code.
    pub origin: Option<String>,
    /// The byte at which the input first held invalid UTF-8 (replaced with U+FFFD in `text`);
    /// `None` when it was valid.
    pub invalid_utf8_at: Option<usize>,
}

impl Document {
    /// A document made in code.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            text: text.into(),
            origin: None,
            invalid_utf8_at: None,
        }
    }

    /// Where the document came from, for messages: its origin, or else its id.
    pub fn location(&self) -> &str {
        self.origin.as_deref().unwrap_or(&self.id)
    }
}

/// A problem with one input (a file, or one line of a JSONL file). The run skips it and goes on.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{source_name}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct InputError {
    /// The file (or `<stdin>`).
    pub source_name: String,
    /// The 1-based line of a JSONL file, if the problem is one line.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

/// Where documents come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Standard input: JSONL when its first non-blank character is `{`, else one text document.
    Stdin,
    /// A text file: one document.
    Text(PathBuf),
    /// A JSONL file: one document per line.
    Jsonl(PathBuf),
}

impl Source {
    /// The name used in ids and messages.
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".into(),
            Source::Text(p) | Source::Jsonl(p) => p.display().to_string(),
        }
    }
}

/// Expands the command-line inputs into sources: `-` is standard input; folders are walked
/// recursively (sorted, so the order is the same on every machine) for `.txt` and `.jsonl` files.
/// Inputs that do not exist are reported as errors in their place.
pub fn expand_inputs(inputs: &[PathBuf]) -> Vec<Result<Source, InputError>> {
    let mut out = Vec::new();
    for p in inputs {
        if p.as_os_str() == "-" {
            out.push(Ok(Source::Stdin));
        } else if p.is_dir() {
            let mut files = Vec::new();
            if let Err(e) = walk(p, &mut files) {
                out.push(Err(InputError {
                    source_name: p.display().to_string(),
                    line: None,
                    message: e.to_string(),
                }));
            }
            files.sort();
            out.extend(files.into_iter().map(|f| Ok(classify(f))));
        } else if p.exists() {
            out.push(Ok(classify(p.clone())));
        } else {
            out.push(Err(InputError {
                source_name: p.display().to_string(),
                line: None,
                message: "no such file or directory".into(),
            }));
        }
    }
    out
}

fn classify(p: PathBuf) -> Source {
    if p.extension().is_some_and(|e| e == "jsonl") {
        Source::Jsonl(p)
    } else {
        Source::Text(p)
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "txt" || e == "jsonl") {
            out.push(path);
        }
    }
    Ok(())
}

/// Decodes bytes as UTF-8, replacing invalid sequences with U+FFFD, and says at which byte the
/// first invalid sequence was (`None` when the bytes were valid UTF-8).
pub fn decode_lossy(bytes: Vec<u8>) -> (String, Option<usize>) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
        }
    }
}

/// The documents of one source or of several, in order.
type DocumentIter = Box<dyn Iterator<Item = Result<Document, InputError>> + Send>;

/// Every document of the given inputs (see [`expand_inputs`]), in order, each bad input an error
/// in its place. Files are opened one at a time, as the iterator reaches them.
pub fn read_inputs(inputs: &[PathBuf]) -> Documents {
    Documents {
        sources: expand_inputs(inputs).into(),
        current: None,
    }
}

/// The iterator of [`read_inputs`].
pub struct Documents {
    sources: VecDeque<Result<Source, InputError>>,
    current: Option<DocumentIter>,
}

impl Iterator for Documents {
    type Item = Result<Document, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(it) = &mut self.current {
                if let Some(item) = it.next() {
                    return Some(item);
                }
                self.current = None;
            }
            match self.sources.pop_front()? {
                Ok(source) => self.current = Some(read_source(&source)),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// The documents of one source. Standard input is read as JSONL when its first non-blank
/// character is `{`, else as one plain-text document.
pub fn read_source(source: &Source) -> DocumentIter {
    let name = source.name();
    let err = |message: String| InputError {
        source_name: name.clone(),
        line: None,
        message,
    };
    match source {
        Source::Text(path) => match std::fs::read(path) {
            Ok(bytes) => Box::new(std::iter::once(Ok(text_document(bytes, name.clone())))),
            Err(e) => Box::new(std::iter::once(Err(err(e.to_string())))),
        },
        Source::Jsonl(path) => match std::fs::File::open(path) {
            Ok(f) => Box::new(read_jsonl(BufReader::new(f), &name)),
            Err(e) => Box::new(std::iter::once(Err(err(e.to_string())))),
        },
        Source::Stdin => {
            let mut stdin = BufReader::new(std::io::stdin());
            // Read up to the first non-blank byte to tell JSONL from text.
            let mut head = Vec::new();
            loop {
                let buf = match stdin.fill_buf() {
                    Ok(b) => b,
                    Err(e) => return Box::new(std::iter::once(Err(err(e.to_string())))),
                };
                if buf.is_empty() {
                    break;
                }
                let blank = buf.iter().take_while(|b| b.is_ascii_whitespace()).count();
                let found = blank < buf.len();
                let n = if found { blank + 1 } else { blank };
                head.extend_from_slice(&buf[..n]);
                stdin.consume(n);
                if found {
                    break;
                }
            }
            if head.last() == Some(&b'{') {
                let reader = BufReader::new(std::io::Cursor::new(head).chain(stdin));
                return Box::new(read_jsonl(reader, &name));
            }
            if let Err(e) = stdin.read_to_end(&mut head) {
                return Box::new(std::iter::once(Err(err(e.to_string()))));
            }
            if head.iter().all(u8::is_ascii_whitespace) {
                return Box::new(std::iter::empty());
            }
            Box::new(std::iter::once(Ok(text_document(head, name))))
        }
    }
}

fn text_document(bytes: Vec<u8>, name: String) -> Document {
    let (text, invalid_utf8_at) = decode_lossy(bytes);
    Document {
        id: name.clone(),
        text,
        origin: Some(name),
        invalid_utf8_at,
    }
}

#[derive(Deserialize)]
struct JsonlDoc {
    id: Option<serde_json::Value>,
    text: Option<String>,
}

/// Reads JSONL documents line by line; a bad line is an error in its place.
pub fn read_jsonl<R: BufRead>(
    reader: R,
    name: &str,
) -> impl Iterator<Item = Result<Document, InputError>> + use<R> {
    let name = name.to_string();
    let mut lines = reader.split(b'\n').enumerate();
    let mut failed = false;
    std::iter::from_fn(move || {
        if failed {
            return None;
        }
        loop {
            let (i, line) = lines.next()?;
            let line_no = i + 1;
            let err = |message: String| InputError {
                source_name: name.clone(),
                line: Some(line_no),
                message,
            };
            let bytes = match line {
                Ok(b) => b,
                Err(e) => {
                    // A read error ends the file: the rest cannot be trusted.
                    failed = true;
                    return Some(Err(err(e.to_string())));
                }
            };
            let (text, invalid_utf8_at) = decode_lossy(bytes);
            if text.trim().is_empty() {
                continue;
            }
            return Some(match serde_json::from_str::<JsonlDoc>(&text) {
                Ok(JsonlDoc { text: Some(t), id }) => {
                    let id = match id {
                        Some(serde_json::Value::String(s)) => s,
                        Some(serde_json::Value::Null) | None => format!("{name}:{line_no}"),
                        Some(v) => v.to_string(),
                    };
                    Ok(Document {
                        id,
                        text: t,
                        origin: Some(format!("{name}:{line_no}")),
                        invalid_utf8_at,
                    })
                }
                Ok(JsonlDoc { text: None, .. }) => Err(err("no \"text\" field".into())),
                Err(e) => Err(err(format!("invalid JSON: {e}"))),
            });
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_lines_and_errors() {
        let input = "{\"id\": \"a\", \"text\": \"Hello.\", \"x\": 1}\n\nnot json\n{\"id\": 7, \"text\": \"Hi.\"}\n{\"id\": \"z\"}\n";
        let mut docs = Vec::new();
        let mut errs = Vec::new();
        for r in read_jsonl(input.as_bytes(), "in.jsonl") {
            match r {
                Ok(d) => docs.push((d.id, d.text, d.origin.unwrap())),
                Err(e) => errs.push(e.to_string()),
            }
        }
        assert_eq!(
            docs,
            vec![
                ("a".into(), "Hello.".into(), "in.jsonl:1".into()),
                ("7".into(), "Hi.".into(), "in.jsonl:4".into()),
            ]
        );
        assert_eq!(errs.len(), 2);
        assert!(
            errs[0].starts_with("in.jsonl:3: invalid JSON"),
            "{}",
            errs[0]
        );
        assert!(
            errs[1].starts_with("in.jsonl:5: no \"text\""),
            "{}",
            errs[1]
        );
    }

    #[test]
    fn invalid_utf8_is_replaced_and_located() {
        let (text, at) = decode_lossy(b"ab\xffc".to_vec());
        assert_eq!(text, "ab\u{fffd}c");
        assert_eq!(at, Some(2));
        assert_eq!(decode_lossy(b"abc".to_vec()).1, None);
    }

    #[test]
    fn missing_inputs_are_errors_in_their_place() {
        let docs: Vec<_> = read_inputs(&[PathBuf::from("/nonexistent/a.txt")]).collect();
        assert_eq!(docs.len(), 1);
        assert!(
            docs[0]
                .as_ref()
                .unwrap_err()
                .message
                .contains("no such file")
        );
    }
}
