//! `whosaid extract` when things go wrong or are unusual: documents that once crashed a stage, a
//! reader that goes away, `-o -`, the text format's document headers, bad model arguments.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::{fixture, run, temp_dir, whosaid};
use serde_json::{Value, json};

/// A JSONL file of `(id, text)` documents in `dir`.
fn jsonl(dir: &std::path::Path, name: &str, docs: &[(&str, &str)]) -> std::path::PathBuf {
    let mut lines = String::new();
    for (id, text) in docs {
        lines.push_str(&json!({"id": id, "text": text}).to_string());
        lines.push('\n');
    }
    let path = dir.join(name);
    std::fs::write(&path, lines).unwrap();
    path
}

fn parse_jsonl(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Documents that end in a cue or in half a phrase ("he said", "according to") once made the
/// linker panic, so that they were skipped and the run exited with 3; now they are read like any
/// other, and the documents around them keep their records.
#[test]
fn documents_ending_in_a_cue_do_not_stop_the_run() {
    let dir = temp_dir("poison");
    let normal = [
        ("ok-1", "“We are ready,” said Lena Vogt.", "Lena Vogt"),
        (
            "ok-2",
            "Karl Brandt said the vote would be close.",
            "Karl Brandt",
        ),
        ("ok-3", "“It is over,” said Tom Hale.", "Tom Hale"),
        (
            "ok-4",
            "Maria Lopez warned that fares could rise.",
            "Maria Lopez",
        ),
    ];
    let path = jsonl(
        &dir,
        "mixed.jsonl",
        &[
            (normal[0].0, normal[0].1),
            ("poison-1", "Prices rose, he said"),
            (normal[1].0, normal[1].1),
            ("poison-2", "according to"),
            ("poison-3", "He said on"),
            (normal[2].0, normal[2].1),
            ("poison-4", "d,said"),
            (normal[3].0, normal[3].1),
        ],
    );
    for jobs in ["1", "2"] {
        let out = run(whosaid()
            .args(["extract", "--format", "jsonl", "--jobs", jobs])
            .arg(&path));
        assert_eq!(out.status.code(), Some(0), "--jobs {jobs}: {}", out.stderr);
        assert!(
            !out.stderr.contains("skipped ") && !out.stderr.contains("internal error"),
            "{}",
            out.stderr
        );
        assert!(
            out.stderr.contains("8 documents"),
            "every document is read: {}",
            out.stderr
        );
        let recs = parse_jsonl(&out.stdout);
        for (id, _, speaker) in normal {
            assert!(
                recs.iter()
                    .any(|r| r["doc_id"] == id && r["speaker"] == speaker),
                "no record of {speaker} in {id}: {recs:#?}"
            );
        }
    }
}

/// `whosaid extract … | head -1`: the reader goes away after one line, long before the output is
/// written (300 copies of the fixture article give far more than a pipe holds). The run stops
/// quietly with exit code 0, in every format.
#[test]
fn a_reader_that_goes_away_is_not_an_error() {
    let dir = temp_dir("pipe");
    let text = std::fs::read_to_string(fixture("quotes-article.txt")).unwrap();
    let ids: Vec<String> = (0..300).map(|i| format!("copy-{i}")).collect();
    let docs: Vec<(&str, &str)> = ids.iter().map(|id| (id.as_str(), text.as_str())).collect();
    let path = jsonl(&dir, "many.jsonl", &docs);
    for format in ["csv", "jsonl", "text"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_whosaid"))
            .args(["extract", "--format", format])
            .arg(&path)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        assert!(!first.is_empty(), "{format}: no output");
        drop(stdout);
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{format}: {stderr}");
        assert!(
            !stderr.to_lowercase().contains("broken pipe") && !stderr.contains("error"),
            "{format}: {stderr}"
        );
    }
}

/// `-o -` is standard output, not a file named `-`.
#[test]
fn output_dash_is_stdout() {
    let dir = temp_dir("dash");
    std::fs::copy(fixture("quotes-article.txt"), dir.join("a.txt")).unwrap();
    let out = run(whosaid()
        .current_dir(&dir)
        .args(["extract", "--format", "jsonl", "-o", "-", "a.txt"]));
    assert!(out.status.success(), "{}", out.stderr);
    let recs = parse_jsonl(&out.stdout);
    assert_eq!(recs.len(), 13, "{}", out.stdout);
    assert!(recs.iter().all(|r| r["doc_id"] == "a.txt"));
    assert!(!dir.join("-").exists(), "no file named -");
    assert!(!dir.join("-.partial").exists());
}

/// In the text format each document's lines come under a `# DOC_ID` line; a document without
/// records gets none.
#[test]
fn text_format_heads_each_document_with_its_id() {
    let dir = temp_dir("text-headers");
    let path = jsonl(
        &dir,
        "docs.jsonl",
        &[
            (
                "first",
                "“We are ready,” said Lena Vogt. Karl Brandt said the vote would be close.",
            ),
            ("quiet", "The weather was fine."),
            ("second", "“It is over,” said Tom Hale."),
        ],
    );
    let out = run(whosaid().args(["extract", "--format", "text"]).arg(&path));
    assert!(out.status.success(), "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "# first",
            "Lena Vogt said: “We are ready,”",
            "Karl Brandt said that the vote would be close",
            "# second",
            "Tom Hale said: “It is over,”",
        ],
        "{}",
        out.stdout
    );

    // A text file's id is its path as given.
    let article = fixture("quotes-article.txt");
    let out = run(whosaid()
        .args(["extract", "--format", "text"])
        .arg(&article));
    assert!(out.status.success(), "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], format!("# {}", article.display()));
    assert_eq!(lines.iter().filter(|l| l.starts_with("# ")).count(), 1);
    assert_eq!(lines.len(), 1 + 13, "{}", out.stdout);
}

/// A misspelt model name is a usage error that lists the names.
#[test]
fn unknown_ner_name_is_a_usage_error() {
    let out = run(whosaid()
        .args(["extract", "--ner", "fastt"])
        .stdin_text("“Yes,” said Eva Lind.\n"));
    assert_eq!(out.status.code(), Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("fastt"), "{}", out.stderr);
    assert!(
        out.stderr.contains("fast, transformer, combined"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stdout, "");
}

/// A part-of-speech model that is not there is a fatal error naming the path.
#[test]
fn missing_pos_model_names_the_path() {
    let out = run(whosaid()
        .args(["extract", "--pos-model", "/nonexistent/pos.bin"])
        .stdin_text("“Yes,” said Eva Lind.\n"));
    assert_eq!(out.status.code(), Some(1), "{}", out.stderr);
    assert!(
        out.stderr.contains("/nonexistent/pos.bin"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stdout, "");
}

/// A model file that is empty is a fatal error naming the file.
#[test]
fn empty_ner_model_file_names_the_file() {
    let dir = temp_dir("empty-model");
    let model = dir.join("empty.bin");
    std::fs::write(&model, b"").unwrap();
    let out = run(whosaid()
        .args(["extract", "--ner"])
        .arg(&model)
        .stdin_text("“Yes,” said Eva Lind.\n"));
    assert_eq!(out.status.code(), Some(1), "{}", out.stderr);
    assert!(
        out.stderr.contains(&model.display().to_string()),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("not a whosaid"), "{}", out.stderr);
    assert_eq!(out.stdout, "");
}

/// `WHOSAID_MODELS` naming a folder without models: the shipped models are still found (in the
/// source tree), and the run works.
#[test]
fn models_folder_without_models_falls_back_to_the_shipped_ones() {
    let empty = temp_dir("no-models");
    let out = run(whosaid()
        .env("WHOSAID_MODELS", &empty)
        .args(["extract", "--format", "jsonl"])
        .arg(fixture("quotes-article.txt")));
    assert!(out.status.success(), "{}", out.stderr);
    assert_eq!(parse_jsonl(&out.stdout).len(), 13, "{}", out.stdout);
}

/// A name table of the resolver that cannot be read stops the run before any work, naming the
/// file and the line; an empty one likewise.
#[test]
fn a_broken_name_table_is_an_error_naming_it() {
    let dir = temp_dir("bad-name-tables");
    std::fs::write(dir.join("known-names.tsv"), "# comment\nlund\n").unwrap();
    let out = run(whosaid()
        .env("WHOSAID_MODELS", &dir)
        .args(["extract", "--format", "jsonl"])
        .arg(fixture("quotes-article.txt")));
    assert_eq!(out.status.code(), Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("known-names.tsv"), "{}", out.stderr);
    assert!(out.stderr.contains("line 2"), "{}", out.stderr);
    assert_eq!(out.stdout, "");

    std::fs::remove_file(dir.join("known-names.tsv")).unwrap();
    std::fs::write(dir.join("first-names.tsv"), "# nothing here\n").unwrap();
    let out = run(whosaid()
        .env("WHOSAID_MODELS", &dir)
        .args(["extract", "--format", "jsonl"])
        .arg(fixture("quotes-article.txt")));
    assert_eq!(out.status.code(), Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("first-names.tsv"), "{}", out.stderr);
    assert!(out.stderr.contains("holds no names"), "{}", out.stderr);
}
