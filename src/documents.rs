//! Input documents: plain-text files (one document each), folders (recursive, `.txt` and
//! `.jsonl`), JSONL files with an `id` and a `text` per line, and standard input.

use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// One document: its id (file path or the JSONL `id`) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub id: String,
    pub text: String,
}

/// A problem with one input (a file, or one line of a JSONL file). The run skips it and goes on.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{source_name}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct InputError {
    pub source_name: String,
    pub line: Option<usize>,
    pub message: String,
}

/// Where documents come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Stdin,
    Text(PathBuf),
    Jsonl(PathBuf),
}

impl Source {
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".into(),
            Source::Text(p) | Source::Jsonl(p) => p.display().to_string(),
        }
    }
}

/// Expands the command-line inputs into sources: folders are walked recursively (sorted, so the
/// order is the same on every machine) for `.txt` and `.jsonl` files. Inputs that do not exist are
/// reported as errors in their place.
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

#[derive(Deserialize)]
struct JsonlDoc {
    id: Option<serde_json::Value>,
    text: Option<String>,
}

/// Reads every document of a source, calling `each` with a document or with the error of a
/// skipped file or line. Standard input is read as JSONL when its first non-blank character is
/// `{`, else as one plain-text document.
pub fn read_source(source: &Source, each: &mut dyn FnMut(Result<Document, InputError>)) {
    let name = source.name();
    let err = |line, message: String| InputError {
        source_name: name.clone(),
        line,
        message,
    };
    match source {
        Source::Text(path) => match std::fs::read(path) {
            Ok(bytes) => each(Ok(Document {
                id: name.clone(),
                text: crate::input::decode_lossy(bytes, &name),
            })),
            Err(e) => each(Err(err(None, e.to_string()))),
        },
        Source::Jsonl(path) => match std::fs::File::open(path) {
            Ok(f) => read_jsonl(std::io::BufReader::new(f), &name, each),
            Err(e) => each(Err(err(None, e.to_string()))),
        },
        Source::Stdin => {
            let mut bytes = Vec::new();
            if let Err(e) = std::io::stdin().lock().read_to_end(&mut bytes) {
                return each(Err(err(None, e.to_string())));
            }
            let text = crate::input::decode_lossy(bytes, &name);
            if text.trim_start().starts_with('{') {
                read_jsonl(text.as_bytes(), &name, each);
            } else if !text.trim().is_empty() {
                each(Ok(Document {
                    id: name.clone(),
                    text,
                }));
            }
        }
    }
}

/// Reads JSONL documents line by line; a bad line is reported and skipped.
pub fn read_jsonl(
    reader: impl BufRead,
    name: &str,
    each: &mut dyn FnMut(Result<Document, InputError>),
) {
    let err = |line, message: String| InputError {
        source_name: name.to_string(),
        line: Some(line),
        message,
    };
    for (i, line) in reader.split(b'\n').enumerate() {
        let line_no = i + 1;
        let bytes = match line {
            Ok(b) => b,
            Err(e) => return each(Err(err(line_no, e.to_string()))),
        };
        let text = crate::input::decode_lossy(bytes, &format!("{name}:{line_no}"));
        if text.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<JsonlDoc>(&text) {
            Ok(JsonlDoc { text: Some(t), id }) => {
                let id = match id {
                    Some(serde_json::Value::String(s)) => s,
                    Some(serde_json::Value::Null) | None => format!("{name}:{line_no}"),
                    Some(v) => v.to_string(),
                };
                each(Ok(Document { id, text: t }))
            }
            Ok(JsonlDoc { text: None, .. }) => each(Err(err(line_no, "no \"text\" field".into()))),
            Err(e) => each(Err(err(line_no, format!("invalid JSON: {e}")))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_lines_and_errors() {
        let input = "{\"id\": \"a\", \"text\": \"Hello.\", \"x\": 1}\n\nnot json\n{\"id\": 7, \"text\": \"Hi.\"}\n{\"id\": \"z\"}\n";
        let mut docs = Vec::new();
        let mut errs = Vec::new();
        read_jsonl(input.as_bytes(), "in.jsonl", &mut |r| match r {
            Ok(d) => docs.push(d),
            Err(e) => errs.push(e.to_string()),
        });
        assert_eq!(
            docs,
            vec![
                Document {
                    id: "a".into(),
                    text: "Hello.".into()
                },
                Document {
                    id: "7".into(),
                    text: "Hi.".into()
                },
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
}
