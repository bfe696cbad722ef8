//! Input documents: plain-text files (one document each), folders (recursive, `.txt` and
//! `.jsonl`), JSONL files with an `id` and a `text` per line, and standard input.
//!
//! Reading is an iterator of `Result<Document, InputError>`: a file that cannot be read, a
//! document over the size limit or a bad JSONL line is an error in its place, and the documents
//! after it still come. JSONL is read a line at a time, so memory does not grow with the size of
//! the input.
//!
//! The rules, for every reader here:
//! - **Size**: a document larger than [`ReadOptions::max_doc_bytes`] (20 MB by default) is
//!   skipped: a text file over it is not read at all (its size is checked first), and a JSONL
//!   line over it is skipped without being held in memory.
//! - **Byte-order mark**: a UTF-8 byte-order mark at the start of a file or of standard input is
//!   dropped, for text and JSONL alike. Record offsets of a text file therefore count from the
//!   character after it (what Python's `encoding="utf-8-sig"` reads).
//! - **JSONL lines**: each non-blank line must be a JSON object with a string `"text"`; its
//!   `"id"`, when present and not null, must be a string or an integer, and an integer id is kept
//!   exactly as written (digits beyond 64 bits included). Other fields are ignored.
//! - **Folders** are walked recursively in sorted order for `.txt` and `.jsonl` files. Symbolic
//!   links are followed, but no folder is walked twice (folders are told apart by device and
//!   inode), so a link to `.` or to a parent adds nothing. Only regular files are read: a FIFO,
//!   socket or device named `*.txt` inside a folder is reported and skipped without being opened.
//!   A file named on the command line is read whatever it is (a FIFO from `<(…)` included).
//! - **Names**: a document's id is its path as given; bytes of the path that are not UTF-8 are
//!   written `\xNN`, so files whose names differ keep different ids.

use std::collections::{HashSet, VecDeque};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::value::RawValue;

/// The default of [`ReadOptions::max_doc_bytes`]: 20 MB, far above any news article, far below
/// what would exhaust memory when a batch of documents is read at once.
pub const DEFAULT_MAX_DOC_BYTES: u64 = 20_000_000;

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

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

impl InputError {
    fn new(path: &Path, message: impl Into<String>) -> Self {
        InputError {
            source_name: path_name(path),
            line: None,
            message: message.into(),
        }
    }
}

/// How documents are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// The largest document read, in bytes: a text file or text on standard input larger than
    /// this, or a JSONL line longer than this, is an error in its place instead of a document.
    /// `None`: no limit. Default: [`DEFAULT_MAX_DOC_BYTES`].
    pub max_doc_bytes: Option<u64>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_doc_bytes: Some(DEFAULT_MAX_DOC_BYTES),
        }
    }
}

impl ReadOptions {
    /// Every document of the given inputs (see [`expand_inputs`]), in order, each bad input an
    /// error in its place. Files are opened one at a time, as the iterator reaches them.
    pub fn read_inputs(self, inputs: &[PathBuf]) -> Documents {
        Documents {
            sources: expand_inputs(inputs).into(),
            current: None,
            options: self,
        }
    }

    /// The documents of one source. Standard input is read as JSONL when its first non-blank
    /// character (after a byte-order mark) is `{`, else as one plain-text document.
    pub fn read_source(self, source: &Source) -> DocumentIter {
        let name = source.name();
        let once = |r| -> DocumentIter { Box::new(std::iter::once(r)) };
        match source {
            Source::Text(path) => once(self.read_text_file(path)),
            Source::Jsonl(path) => match File::open(path) {
                Ok(f) => Box::new(self.read_jsonl(BufReader::new(f), &name)),
                Err(e) => once(Err(InputError::new(path, describe(&e)))),
            },
            Source::Stdin => self.read_stdin(),
        }
    }

    /// Reads JSONL documents line by line; a bad line, or one over the size limit, is an error in
    /// its place. A byte-order mark before the first line is dropped.
    pub fn read_jsonl<R: BufRead>(
        self,
        reader: R,
        name: &str,
    ) -> impl Iterator<Item = Result<Document, InputError>> + use<R> {
        let name = name.to_string();
        let mut reader = reader;
        let mut line_no = 0;
        let mut failed = false;
        std::iter::from_fn(move || {
            if failed {
                return None;
            }
            loop {
                line_no += 1;
                let err = |message: String| InputError {
                    source_name: name.clone(),
                    line: Some(line_no),
                    message,
                };
                let mut bytes = match read_line(&mut reader, self.max_doc_bytes) {
                    Ok(Line::End) => return None,
                    Ok(Line::Bytes(b)) => b,
                    Ok(Line::TooLong(n)) => {
                        return Some(Err(err(too_large(Some(n), self.max_doc_bytes, "line"))));
                    }
                    Err(e) => {
                        // A read error ends the file: the rest cannot be trusted.
                        failed = true;
                        return Some(Err(err(describe(&e))));
                    }
                };
                let bom = if line_no == 1 && bytes.starts_with(BOM) {
                    bytes.drain(..BOM.len());
                    BOM.len()
                } else {
                    0
                };
                let (text, invalid_utf8_at) = decode_lossy(bytes);
                if text.trim().is_empty() {
                    continue;
                }
                let origin = format!("{name}:{line_no}");
                return Some(match parse_jsonl_line(&text) {
                    Ok((id, text)) => Ok(Document {
                        id: id.unwrap_or_else(|| origin.clone()),
                        text,
                        origin: Some(origin),
                        invalid_utf8_at: invalid_utf8_at.map(|at| at + bom),
                    }),
                    Err(message) => Err(err(message)),
                });
            }
        })
    }

    fn read_text_file(self, path: &Path) -> Result<Document, InputError> {
        let err = |message: String| InputError::new(path, message);
        let mut f = File::open(path).map_err(|e| err(describe(&e)))?;
        if let (Some(limit), Ok(meta)) = (self.max_doc_bytes, f.metadata())
            && meta.is_file()
            && meta.len() > limit
        {
            return Err(err(too_large(Some(meta.len()), Some(limit), "file")));
        }
        let mut bytes = Vec::new();
        if read_capped(&mut f, &mut bytes, self.max_doc_bytes).map_err(|e| err(describe(&e)))? {
            return Err(err(too_large(None, self.max_doc_bytes, "file")));
        }
        Ok(text_document(bytes, path_name(path)))
    }

    fn read_stdin(self) -> DocumentIter {
        let name = Source::Stdin.name();
        let err = |message: String| -> DocumentIter {
            Box::new(std::iter::once(Err(InputError {
                source_name: name.clone(),
                line: None,
                message,
            })))
        };
        let limit = self.max_doc_bytes;
        let mut stdin = BufReader::new(io::stdin());
        // Read until the first non-blank byte after a byte-order mark, to tell JSONL from text.
        let mut head = Vec::new();
        let first = loop {
            let skip = if head.starts_with(BOM) { BOM.len() } else { 0 };
            if (head.len() >= BOM.len() || !BOM.starts_with(&head))
                && let Some(i) = head[skip..].iter().position(|b| !b.is_ascii_whitespace())
            {
                break Some(head[skip + i]);
            }
            if limit.is_some_and(|l| head.len() as u64 > l) {
                return err(too_large(None, limit, "text"));
            }
            let buf = match stdin.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return err(describe(&e)),
            };
            if buf.is_empty() {
                break None;
            }
            head.extend_from_slice(buf);
            let n = buf.len();
            stdin.consume(n);
        };
        match first {
            None => Box::new(std::iter::empty()),
            Some(b'{') => {
                let reader = BufReader::new(io::Cursor::new(head).chain(stdin));
                Box::new(self.read_jsonl(reader, &name))
            }
            Some(_) => match read_capped(&mut stdin, &mut head, limit) {
                Err(e) => err(describe(&e)),
                Ok(true) => err(too_large(None, limit, "text")),
                Ok(false) => Box::new(std::iter::once(Ok(text_document(head, name.clone())))),
            },
        }
    }
}

/// Reads the rest of `r` onto `buf`, stopping once `buf` holds more than `limit` bytes; says
/// whether it went over.
fn read_capped(r: &mut impl Read, buf: &mut Vec<u8>, limit: Option<u64>) -> io::Result<bool> {
    match limit {
        None => {
            r.read_to_end(buf)?;
            Ok(false)
        }
        Some(limit) => {
            let room = (limit + 1).saturating_sub(buf.len() as u64);
            r.take(room).read_to_end(buf)?;
            Ok(buf.len() as u64 > limit)
        }
    }
}

/// The message for a document over the size limit: `size` is its size when known (`None` when
/// reading stopped at the limit).
fn too_large(size: Option<u64>, limit: Option<u64>, what: &str) -> String {
    let limit = limit.unwrap_or(u64::MAX);
    let size = match size {
        Some(n) => n.to_string(),
        None => format!("more than {limit}"),
    };
    format!("{what} of {size} bytes is over the size limit of {limit} bytes per document")
}

/// One line of a JSONL reader.
enum Line {
    /// The line, without its newline.
    Bytes(Vec<u8>),
    /// A line over the limit, of this many bytes, read past and dropped.
    TooLong(u64),
    /// The end of the input.
    End,
}

/// Reads one line; a line longer than `limit` is read past without being kept.
fn read_line(r: &mut impl BufRead, limit: Option<u64>) -> io::Result<Line> {
    let limit = limit.unwrap_or(u64::MAX);
    let mut line = Vec::new();
    let (mut seen, mut any) = (0u64, false);
    loop {
        let buf = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            break;
        }
        any = true;
        let (part, used, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..i], i + 1, true),
            None => (buf, buf.len(), false),
        };
        seen += part.len() as u64;
        if seen <= limit {
            line.extend_from_slice(part);
        } else if !line.is_empty() {
            line = Vec::new();
        }
        r.consume(used);
        if done {
            break;
        }
    }
    Ok(if !any {
        Line::End
    } else if seen > limit {
        Line::TooLong(seen)
    } else {
        Line::Bytes(line)
    })
}

/// The fields of a JSONL line that are read; the others are ignored.
#[derive(Deserialize)]
struct JsonlFields<'a> {
    #[serde(borrow, default)]
    id: Option<&'a RawValue>,
    #[serde(default)]
    text: Option<serde_json::Value>,
}

const LINE_RULE: &str = "each line must be a JSON object with a string \"text\"";

/// The id (`None` when absent or null) and text of one JSONL line, or what is wrong with it.
fn parse_jsonl_line(line: &str) -> Result<(Option<String>, String), String> {
    let line = line.trim();
    if !line.starts_with('{') {
        return Err(match serde_json::from_str::<serde::de::IgnoredAny>(line) {
            Err(e) => format!("not valid JSON: {e}"),
            Ok(_) => format!("{} is not an object: {LINE_RULE}", json_kind(line)),
        });
    }
    let fields: JsonlFields = serde_json::from_str(line).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => format!("{e}: {LINE_RULE}"),
        _ => format!("not valid JSON: {e}"),
    })?;
    let text = match fields.text {
        Some(serde_json::Value::String(s)) => s,
        None => return Err(format!("no \"text\" field: {LINE_RULE}")),
        Some(v) => {
            let kind = json_kind(&v.to_string());
            return Err(format!("\"text\" is {kind}, not a string: {LINE_RULE}"));
        }
    };
    let id = match fields.id.map(|raw| raw.get().trim()) {
        None => None,
        Some(raw) if raw.starts_with('"') => {
            Some(serde_json::from_str::<String>(raw).map_err(|e| format!("bad \"id\": {e}"))?)
        }
        Some(raw) if raw.starts_with(['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']) => {
            if raw.contains(['.', 'e', 'E']) {
                return Err(format!(
                    "\"id\" {raw} is not an integer: an id must be a string or an integer"
                ));
            }
            // Kept as written, however many digits.
            Some(raw.to_string())
        }
        Some(raw) => {
            return Err(format!(
                "\"id\" is {}: an id must be a string or an integer",
                json_kind(raw)
            ));
        }
    };
    Ok((id, text))
}

/// What kind of JSON value a valid JSON text is, for messages: "an object", "a number", ….
fn json_kind(json: &str) -> &'static str {
    match json.trim_start().as_bytes().first() {
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b'"') => "a string",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
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
    /// The name used in ids and messages (see [`path_name`]).
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".into(),
            Source::Text(p) | Source::Jsonl(p) => path_name(p),
        }
    }
}

/// A path as a document id or in a message: the path as given, with each byte that is not part
/// of valid UTF-8 written `\xNN` (and, in such a path, each backslash written `\\`), so that
/// paths that differ keep different names.
pub fn path_name(path: &Path) -> String {
    let bytes = path.as_os_str().as_encoded_bytes();
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_string();
    }
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        out.push_str(&chunk.valid().replace('\\', "\\\\"));
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

/// An OS error as a message: "no such file or directory", "too many levels of symbolic links",
/// "not a directory", … (the error's own words, without the error number).
fn describe(e: &io::Error) -> String {
    let text = e.to_string();
    let text = match text.rfind(" (os error ") {
        Some(i) if text.ends_with(')') => &text[..i],
        _ => &text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Expands the command-line inputs into sources: `-` is standard input; folders are walked
/// recursively (sorted, so the order is the same on every machine) for `.txt` and `.jsonl` files,
/// each folder once however many links lead to it; inside a folder only regular files are taken.
/// Inputs that do not exist or cannot be read are reported as errors in their place.
pub fn expand_inputs(inputs: &[PathBuf]) -> Vec<Result<Source, InputError>> {
    let mut out = Vec::new();
    let mut walked = HashSet::new();
    for p in inputs {
        if p.as_os_str() == "-" {
            out.push(Ok(Source::Stdin));
            continue;
        }
        match std::fs::metadata(p) {
            Ok(meta) if meta.is_dir() => {
                let mut found = Vec::new();
                walk(p, &meta, &mut walked, &mut found);
                found.sort_by(|a, b| a.0.cmp(&b.0));
                out.extend(found.into_iter().map(|(_, r)| r));
            }
            // Named on the command line: read whatever it is (`<(…)` is a FIFO).
            Ok(_) => out.push(Ok(classify(p.clone()))),
            Err(e) => out.push(Err(InputError::new(p, describe(&e)))),
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

fn wanted(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "txt" || e == "jsonl")
}

/// What tells folders apart: device and inode.
#[cfg(unix)]
type DirKey = (u64, u64);
#[cfg(not(unix))]
type DirKey = PathBuf;

#[cfg(unix)]
fn dir_key(_: &Path, meta: &std::fs::Metadata) -> Option<DirKey> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn dir_key(path: &Path, _: &std::fs::Metadata) -> Option<DirKey> {
    std::fs::canonicalize(path).ok()
}

/// Collects the `.txt` and `.jsonl` files under `dir` (with the path each was found at),
/// following links but walking no folder twice. Problems are errors in their place.
fn walk(
    dir: &Path,
    meta: &std::fs::Metadata,
    walked: &mut HashSet<DirKey>,
    out: &mut Vec<(PathBuf, Result<Source, InputError>)>,
) {
    if let Some(key) = dir_key(dir, meta)
        && !walked.insert(key)
    {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            out.push((dir.to_path_buf(), Err(InputError::new(dir, describe(&e)))));
            return;
        }
    };
    let mut paths = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => paths.push(entry.path()),
            Err(e) => {
                out.push((dir.to_path_buf(), Err(InputError::new(dir, describe(&e)))));
                return;
            }
        }
    }
    // Sorted, so that which of two links to one folder is walked does not depend on the order
    // the file system lists them in.
    paths.sort();
    for path in paths {
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk(&path, &meta, walked, out),
            Ok(meta) if wanted(&path) && meta.is_file() => {
                out.push((path.clone(), Ok(classify(path))));
            }
            Ok(meta) if wanted(&path) => {
                let message = format!("{}, not a regular file: not opened", file_kind(&meta));
                out.push((path.clone(), Err(InputError::new(&path, message))));
            }
            Ok(_) => {}
            // A broken link, or one that loops, named like an input.
            Err(e) if wanted(&path) => {
                out.push((path.clone(), Err(InputError::new(&path, describe(&e)))));
            }
            Err(_) => {}
        }
    }
}

/// What a file that is not a regular file is, for messages.
fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        } else if t.is_socket() {
            return "a socket";
        } else if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
    }
    let _ = meta;
    "a special file"
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
pub type DocumentIter = Box<dyn Iterator<Item = Result<Document, InputError>> + Send>;

/// Every document of the given inputs (see [`expand_inputs`]), in order, each bad input an error
/// in its place, with the default [`ReadOptions`]. Files are opened one at a time, as the
/// iterator reaches them.
pub fn read_inputs(inputs: &[PathBuf]) -> Documents {
    ReadOptions::default().read_inputs(inputs)
}

/// The iterator of [`read_inputs`] and [`ReadOptions::read_inputs`].
pub struct Documents {
    sources: VecDeque<Result<Source, InputError>>,
    current: Option<DocumentIter>,
    options: ReadOptions,
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
                Ok(source) => self.current = Some(self.options.read_source(&source)),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// The documents of one source, with the default [`ReadOptions`] (see
/// [`ReadOptions::read_source`]).
pub fn read_source(source: &Source) -> DocumentIter {
    ReadOptions::default().read_source(source)
}

/// A text document: a byte-order mark at its start is dropped (the place of invalid UTF-8 is
/// still counted from the start of the input).
fn text_document(mut bytes: Vec<u8>, name: String) -> Document {
    let bom = if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
        BOM.len()
    } else {
        0
    };
    let (text, invalid_utf8_at) = decode_lossy(bytes);
    Document {
        id: name.clone(),
        text,
        origin: Some(name),
        invalid_utf8_at: invalid_utf8_at.map(|at| at + bom),
    }
}

/// Reads JSONL documents line by line with the default [`ReadOptions`] (see
/// [`ReadOptions::read_jsonl`]).
pub fn read_jsonl<R: BufRead>(
    reader: R,
    name: &str,
) -> impl Iterator<Item = Result<Document, InputError>> + use<R> {
    ReadOptions::default().read_jsonl(reader, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("whosaid-io-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// Ids (or error messages) of a stream of documents.
    fn ids(docs: impl Iterator<Item = Result<Document, InputError>>) -> Vec<String> {
        docs.map(|r| match r {
            Ok(d) => d.id,
            Err(e) => format!("error: {e}"),
        })
        .collect()
    }

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
            errs[0].starts_with("in.jsonl:3: not valid JSON"),
            "{}",
            errs[0]
        );
        assert!(
            errs[1].starts_with("in.jsonl:5: no \"text\""),
            "{}",
            errs[1]
        );
    }

    /// A line must be an object with a string `text`; the messages tell bad JSON from JSON of
    /// the wrong shape, and name no Rust types.
    #[test]
    fn jsonl_lines_must_be_objects_with_string_text() {
        let input = [
            r#"[null, "Hello."]"#,
            r#""Hello.""#,
            r#"{"id": "a", "text": 5}"#,
            r#"{"id": "b", "text": null}"#,
            r#"{"id": "c", "text": "Hi."#,
            r#"{"id": "d", "text": "ok"} trailing"#,
            r#"{"id": "e", "text": "ok", "text": "twice"}"#,
        ]
        .join("\n");
        let got = ids(read_jsonl(input.as_bytes(), "in.jsonl"));
        let expected = [
            "in.jsonl:1: an array is not an object",
            "in.jsonl:2: a string is not an object",
            "in.jsonl:3: \"text\" is a number, not a string",
            "in.jsonl:4: no \"text\" field",
            "in.jsonl:5: not valid JSON",
            "in.jsonl:6: not valid JSON",
            "in.jsonl:7: duplicate field `text`",
        ];
        assert_eq!(got.len(), expected.len(), "{got:#?}");
        for (g, e) in got.iter().zip(expected) {
            assert!(g.starts_with(&format!("error: {e}")), "{g}");
            assert!(!g.contains("struct") && !g.contains("Jsonl"), "{g}");
        }
    }

    /// Ids are strings or integers, integers kept exactly as written; other ids are errors.
    #[test]
    fn jsonl_ids_are_strings_or_integers_kept_as_written() {
        let input = [
            r#"{"id": 1000000000000000000000000000000, "text": "a"}"#,
            r#"{"id": -12, "text": "b"}"#,
            r#"{"id": "x\"y", "text": "c"}"#,
            r#"{"id": null, "text": "d"}"#,
            r#"{"id": 1.5, "text": "e"}"#,
            r#"{"id": 1e3, "text": "f"}"#,
            r#"{"id": true, "text": "g"}"#,
            r#"{"id": {"k": 1}, "text": "h"}"#,
        ]
        .join("\n");
        let got = ids(read_jsonl(input.as_bytes(), "in.jsonl"));
        assert_eq!(
            got[..4],
            [
                "1000000000000000000000000000000",
                "-12",
                "x\"y",
                "in.jsonl:4"
            ]
        );
        assert!(
            got[4].starts_with("error: in.jsonl:5: \"id\" 1.5 is not an integer"),
            "{}",
            got[4]
        );
        assert!(
            got[5].starts_with("error: in.jsonl:6: \"id\" 1e3 is not an integer"),
            "{}",
            got[5]
        );
        assert!(
            got[6].starts_with("error: in.jsonl:7: \"id\" is a boolean"),
            "{}",
            got[6]
        );
        assert!(
            got[7].starts_with("error: in.jsonl:8: \"id\" is an object"),
            "{}",
            got[7]
        );
    }

    /// A byte-order mark before the first line of a JSONL file is dropped; one inside the file
    /// is not valid JSON.
    #[test]
    fn jsonl_byte_order_mark_is_dropped() {
        let input =
            b"\xEF\xBB\xBF{\"id\": \"a\", \"text\": \"A.\"}\n{\"id\": \"b\", \"text\": \"B.\"}\n";
        assert_eq!(ids(read_jsonl(&input[..], "in.jsonl")), ["a", "b"]);
        let dir = temp_dir("bom");
        let path = dir.join("bom.jsonl");
        std::fs::write(&path, input).unwrap();
        assert_eq!(ids(read_inputs(&[path])), ["a", "b"]);
    }

    /// A byte-order mark at the start of a text file is dropped: the text starts after it.
    #[test]
    fn text_byte_order_mark_is_dropped() {
        let dir = temp_dir("bom-text");
        let path = dir.join("a.txt");
        std::fs::write(
            &path,
            b"\xEF\xBB\xBF\xE2\x80\x9CYes,\xE2\x80\x9D said Eva.\xFF",
        )
        .unwrap();
        let doc = read_inputs(&[path]).next().unwrap().unwrap();
        assert_eq!(doc.text, "“Yes,” said Eva.\u{fffd}");
        // The place of invalid UTF-8 is still a byte of the file.
        assert_eq!(doc.invalid_utf8_at, Some(3 + "“Yes,” said Eva.".len()));
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

    /// A link that loops and a path through a file are not reported as missing.
    #[cfg(unix)]
    #[test]
    fn link_loops_and_paths_through_files_say_what_they_are() {
        let dir = temp_dir("eloop");
        std::os::unix::fs::symlink("loop.txt", dir.join("loop.txt")).unwrap();
        std::fs::write(dir.join("a.txt"), "A.").unwrap();
        let got = ids(read_inputs(&[
            dir.join("loop.txt"),
            dir.join("a.txt/b.txt"),
        ]));
        assert_eq!(got.len(), 2);
        assert!(
            got[0].ends_with("loop.txt: too many levels of symbolic links"),
            "{}",
            got[0]
        );
        assert!(
            got[1].ends_with("a.txt/b.txt: not a directory"),
            "{}",
            got[1]
        );
    }

    /// A folder with links back to itself and to its parent is walked once: each file is read
    /// once, under its plain path.
    #[cfg(unix)]
    #[test]
    fn folder_links_to_walked_folders_are_not_walked_again() {
        let dir = temp_dir("self-links");
        let root = dir.join("root");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("a.txt"), "A.").unwrap();
        std::fs::write(root.join("sub/b.txt"), "B.").unwrap();
        std::os::unix::fs::symlink(".", root.join("self")).unwrap();
        std::os::unix::fs::symlink("..", root.join("sub/up")).unwrap();
        std::os::unix::fs::symlink("../a.txt", root.join("sub/link.txt")).unwrap();
        let r = root.display();
        let got = ids(read_inputs(std::slice::from_ref(&root)));
        assert_eq!(
            got,
            [
                format!("{r}/a.txt"),
                format!("{r}/sub/b.txt"),
                // A link to a file is followed.
                format!("{r}/sub/link.txt"),
            ]
        );
    }

    /// A FIFO named like an input inside a folder is reported, never opened (opening one blocks
    /// until a writer comes).
    #[cfg(unix)]
    #[test]
    fn special_files_in_folders_are_skipped_unopened() {
        let dir = temp_dir("fifo");
        std::fs::write(dir.join("a.txt"), "A.").unwrap();
        let fifo = dir.join("b.txt");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // Safety: a plain call with a valid C string.
        assert_eq!(unsafe { mkfifo(c.as_ptr(), 0o600) }, 0);
        let got = ids(read_inputs(std::slice::from_ref(&dir)));
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0], format!("{}/a.txt", dir.display()));
        assert!(
            got[1].contains("b.txt: a FIFO (named pipe), not a regular file"),
            "{}",
            got[1]
        );
    }

    #[cfg(unix)]
    unsafe extern "C" {
        fn mkfifo(path: *const std::ffi::c_char, mode: u32) -> i32;
    }

    /// Names that differ only in bytes that are not UTF-8 keep different ids.
    #[cfg(unix)]
    #[test]
    fn non_utf8_names_keep_different_ids() {
        use std::os::unix::ffi::OsStrExt;
        let a = Path::new(std::ffi::OsStr::from_bytes(b"dir/a\xFF.txt"));
        let b = Path::new(std::ffi::OsStr::from_bytes(b"dir/a\xFE.txt"));
        assert_eq!(path_name(a), "dir/a\\xFF.txt");
        assert_eq!(path_name(b), "dir/a\\xFE.txt");
        assert_eq!(path_name(Path::new("dir/é.txt")), "dir/é.txt");
    }

    /// Documents over the size limit are errors in their place, and the next ones still come.
    #[test]
    fn documents_over_the_size_limit_are_skipped() {
        let dir = temp_dir("limit");
        std::fs::write(dir.join("a.txt"), "x".repeat(100)).unwrap();
        std::fs::write(dir.join("b.txt"), "x".repeat(10)).unwrap();
        let long = format!("{{\"id\": \"long\", \"text\": \"{}\"}}", "y".repeat(200));
        let jsonl = format!("{long}\n{{\"id\": \"short\", \"text\": \"z\"}}\n{long}");
        std::fs::write(dir.join("c.jsonl"), &jsonl).unwrap();
        let opts = ReadOptions {
            max_doc_bytes: Some(50),
        };
        let got = ids(opts.read_inputs(std::slice::from_ref(&dir)));
        let d = dir.display();
        assert_eq!(got.len(), 5, "{got:#?}");
        assert_eq!(
            got[0],
            format!(
                "error: {d}/a.txt: file of 100 bytes is over the size limit of 50 bytes per document"
            )
        );
        assert_eq!(got[1], format!("{d}/b.txt"));
        assert!(
            got[2].starts_with(&format!(
                "error: {d}/c.jsonl:1: line of {} bytes",
                long.len()
            )),
            "{}",
            got[2]
        );
        assert_eq!(got[3], "short");
        assert!(
            got[4].starts_with(&format!("error: {d}/c.jsonl:3: line of")),
            "{}",
            got[4]
        );
        // No limit: everything is read.
        let got = ids(ReadOptions {
            max_doc_bytes: None,
        }
        .read_inputs(&[dir]));
        assert_eq!(got.len(), 5);
        assert!(got.iter().all(|g| !g.starts_with("error")), "{got:#?}");
    }

    /// A stream without a size (a pipe) is read only up to the limit.
    #[test]
    fn lines_are_cut_at_the_limit() {
        let mut r = BufReader::with_capacity(4, &b"abcdefghij\nkl\n\nmn"[..]);
        let mut got = Vec::new();
        loop {
            match read_line(&mut r, Some(5)).unwrap() {
                Line::End => break,
                Line::Bytes(b) => got.push(String::from_utf8(b).unwrap()),
                Line::TooLong(n) => got.push(format!("too long: {n}")),
            }
        }
        assert_eq!(got, ["too long: 10", "kl", "", "mn"]);
    }
}
