//! Inputs a careless or hostile corpus holds: folders with links back to themselves, FIFOs named
//! `*.txt`, byte-order marks, JSONL lines of the wrong shape, huge ids, names that are not UTF-8,
//! documents too large to read, absurd thread counts, and the messages each of these gets.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::{fixture, run, temp_dir, whosaid};
use serde_json::Value;

const QUOTE: &str = "“Yes,” said Eva Lind.";

fn parse_jsonl(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn doc_ids(stdout: &str) -> Vec<String> {
    parse_jsonl(stdout)
        .iter()
        .map(|r| r["doc_id"].as_str().unwrap().to_string())
        .collect()
}

/// Runs the command, failing the test (instead of hanging it) if the run has not ended after a
/// minute: the bugs tested here once made runs block forever.
fn run_guarded(args: &[&std::ffi::OsStr]) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    for _ in 0..600 {
        if child.try_wait().unwrap().is_some() {
            let out = child.wait_with_output().unwrap();
            return (
                out.status.code(),
                String::from_utf8(out.stdout).unwrap(),
                String::from_utf8_lossy(&out.stderr).into_owned(),
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    panic!("whosaid {args:?} did not finish");
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    unsafe extern "C" {
        fn mkfifo(path: *const std::ffi::c_char, mode: u32) -> i32;
    }
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // Safety: a plain call with a valid C string.
    assert_eq!(unsafe { mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
}

/// A link to `.` once made every file of the folder be read 41 times (until the path grew too
/// long), with exit status 0; a second link back made the walk exponential. Each folder is now
/// walked once, however many links lead to it.
#[cfg(unix)]
#[test]
fn folder_links_to_itself_read_each_file_once() {
    let dir = temp_dir("self-link");
    std::fs::write(dir.join("a.txt"), QUOTE).unwrap();
    std::fs::create_dir(dir.join("sub")).unwrap();
    std::fs::write(dir.join("sub/b.txt"), QUOTE).unwrap();
    std::os::unix::fs::symlink(".", dir.join("self")).unwrap();
    std::os::unix::fs::symlink("..", dir.join("sub/parent")).unwrap();
    // With both links, the old walk was exponential: it never ended.
    let (code, stdout, stderr) = run_guarded(&[
        "extract".as_ref(),
        "--format".as_ref(),
        "jsonl".as_ref(),
        dir.as_os_str(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let d = dir.display();
    assert_eq!(
        doc_ids(&stdout),
        [format!("{d}/a.txt"), format!("{d}/sub/b.txt")]
    );
    assert!(stderr.contains("2 documents"), "{stderr}");
}

/// A FIFO named `*.txt` inside a folder once blocked the run forever; it is now reported and
/// skipped (exit 3) without being opened. A FIFO named on the command line is read, as
/// `whosaid extract <(…)` needs.
#[cfg(unix)]
#[test]
fn fifo_in_a_folder_is_skipped_and_one_named_is_read() {
    let dir = temp_dir("fifo");
    std::fs::write(dir.join("a.txt"), QUOTE).unwrap();
    mkfifo(&dir.join("b.txt"));
    let (code, stdout, stderr) = run_guarded(&[
        "extract".as_ref(),
        "--format".as_ref(),
        "jsonl".as_ref(),
        dir.as_os_str(),
    ]);
    assert_eq!(code, Some(3), "{stderr}");
    assert_eq!(doc_ids(&stdout), [format!("{}/a.txt", dir.display())]);
    assert!(
        stderr.contains(&format!(
            "skipped {}/b.txt: a FIFO (named pipe), not a regular file",
            dir.display()
        )),
        "{stderr}"
    );

    let fifo = dir.join("b.txt");
    let writer = std::thread::spawn({
        let fifo = fifo.clone();
        move || std::fs::write(fifo, QUOTE).unwrap()
    });
    let (code, stdout, stderr) = run_guarded(&[
        "extract".as_ref(),
        "--format".as_ref(),
        "jsonl".as_ref(),
        fifo.as_os_str(),
    ]);
    writer.join().unwrap();
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(parse_jsonl(&stdout)[0]["speaker"], "Eva Lind");
}

/// JSONL starting with a byte-order mark: on standard input it was read as one text document,
/// in a file its first line was lost. Both now give every document.
#[test]
fn jsonl_with_a_byte_order_mark_loses_nothing() {
    let body = "{\"id\": \"x\", \"text\": \"“Yes,” said Eva Lind.\"}\n{\"id\": \"y\", \"text\": \"“No,” said Tom Hale.\"}\n";
    let with_bom = format!("\u{feff}{body}");
    let out = run(whosaid()
        .args(["extract", "--format", "jsonl"])
        .stdin_text(&with_bom));
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr);
    assert_eq!(doc_ids(&out.stdout), ["x", "y"]);

    let dir = temp_dir("bom");
    let path = dir.join("bom.jsonl");
    std::fs::write(&path, &with_bom).unwrap();
    let out = run(whosaid().args(["extract", "--format", "jsonl"]).arg(&path));
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr);
    assert_eq!(doc_ids(&out.stdout), ["x", "y"]);

    // A text file's byte-order mark is dropped: offsets count from the character after it.
    let text = dir.join("bom.txt");
    std::fs::write(&text, format!("\u{feff}{QUOTE}")).unwrap();
    let out = run(whosaid().args(["extract", "--format", "jsonl"]).arg(&text));
    let recs = parse_jsonl(&out.stdout);
    assert_eq!(recs[0]["quote_start"], 1, "{}", out.stdout);
    assert_eq!(recs[0]["speaker"], "Eva Lind");
}

/// A JSONL line must be an object with a string "text": an array was once taken for
/// `[id, text]`. Ids are strings or integers, integers kept as written (a 31-digit id once came
/// out as `1e+30`); a fractional id is an error for its line.
#[test]
fn jsonl_lines_are_objects_and_integer_ids_keep_their_digits() {
    let dir = temp_dir("jsonl-shape");
    let path = dir.join("docs.jsonl");
    let lines = [
        format!("[null, \"{QUOTE}\"]"),
        format!("{{\"id\": 1000000000000000000000000000000, \"text\": \"{QUOTE}\"}}"),
        format!("{{\"id\": 1.5, \"text\": \"{QUOTE}\"}}"),
        "{\"id\": \"s\", \"text\": 5}".to_string(),
        "{\"id\": \"t\", \"text\": \"broken".to_string(),
    ];
    std::fs::write(&path, lines.join("\n")).unwrap();
    let out = run(whosaid().args(["extract", "--format", "jsonl"]).arg(&path));
    assert_eq!(out.status.code(), Some(3), "{}", out.stderr);
    assert_eq!(doc_ids(&out.stdout), ["1000000000000000000000000000000"]);
    let p = path.display();
    for expected in [
        format!(
            "skipped {p}:1: an array is not an object: each line must be a JSON object with a string \"text\""
        ),
        format!("skipped {p}:3: \"id\" 1.5 is not an integer"),
        format!("skipped {p}:4: \"text\" is a number, not a string"),
        format!("skipped {p}:5: not valid JSON"),
    ] {
        assert!(out.stderr.contains(&expected), "{expected}\n{}", out.stderr);
    }
    assert!(!out.stderr.contains("struct"), "{}", out.stderr);
}

/// Two files whose names differ only in bytes that are not UTF-8 once got the same id (both
/// bytes became U+FFFD); the bytes are now written `\xNN`.
#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_keep_different_ids() {
    use std::os::unix::ffi::OsStrExt;
    let dir = temp_dir("raw-names");
    for b in [b"a\xFE.txt", b"a\xFF.txt"] {
        let name = std::ffi::OsStr::from_bytes(b);
        std::fs::write(dir.join(name), QUOTE).unwrap();
    }
    let out = run(whosaid().args(["extract", "--format", "jsonl"]).arg(&dir));
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr);
    let d = dir.display();
    assert_eq!(
        doc_ids(&out.stdout),
        [format!("{d}/a\\xFE.txt"), format!("{d}/a\\xFF.txt")]
    );
}

/// Documents over `--max-doc-bytes` are skipped with a message naming them (exit 3); the others
/// are read; 0 lifts the limit. `tag` reads documents the same way.
#[test]
fn documents_over_the_size_limit_are_skipped() {
    let dir = temp_dir("size-limit");
    let big = dir.join("big.txt");
    std::fs::write(&big, format!("{QUOTE} {}", "word ".repeat(100))).unwrap();
    let small = dir.join("small.txt");
    std::fs::write(&small, QUOTE).unwrap();
    let jsonl = dir.join("docs.jsonl");
    let long = format!("{QUOTE} {}", "word ".repeat(100));
    std::fs::write(
        &jsonl,
        format!(
            "{{\"id\": \"long\", \"text\": \"{long}\"}}\n{{\"id\": \"short\", \"text\": \"{QUOTE}\"}}\n"
        ),
    )
    .unwrap();
    let out = run(whosaid()
        .args(["extract", "--format", "jsonl", "--max-doc-bytes", "200"])
        .args([&big, &small, &jsonl]));
    assert_eq!(out.status.code(), Some(3), "{}", out.stderr);
    assert_eq!(
        doc_ids(&out.stdout),
        [small.display().to_string(), "short".into()]
    );
    let size = std::fs::metadata(&big).unwrap().len();
    assert!(
        out.stderr.contains(&format!(
            "skipped {}: file of {size} bytes is over the size limit of 200 bytes per document",
            big.display()
        )),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains(&format!("skipped {}:1: line of ", jsonl.display())),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("2 skipped"), "{}", out.stderr);

    // Standard input read as text, too.
    let out = run(whosaid()
        .args(["extract", "--max-doc-bytes", "200"])
        .stdin_text(&long));
    assert_eq!(out.status.code(), Some(3), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("skipped <stdin>: text of more than 200 bytes"),
        "{}",
        out.stderr
    );

    let out = run(whosaid()
        .args(["extract", "--format", "jsonl", "--max-doc-bytes", "0"])
        .args([&big, &small, &jsonl]));
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr);
    assert_eq!(doc_ids(&out.stdout).len(), 4);

    let out = run(whosaid()
        .args(["tag", "--max-doc-bytes", "200"])
        .args([&big, &small]));
    assert_eq!(out.status.code(), Some(3), "{}", out.stderr);
    assert!(
        out.stderr
            .contains(&format!("skipped {}: file of", big.display())),
        "{}",
        out.stderr
    );
    assert!(out.stdout.contains("Eva Lind"), "{}", out.stdout);
}

/// `--jobs 100000` is lowered, with a message, instead of trying to start 100000 threads.
#[test]
fn absurd_jobs_are_lowered() {
    let out = run(whosaid()
        .args(["extract", "--format", "jsonl", "--jobs", "100000"])
        .stdin_text(QUOTE));
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr);
    assert!(
        out.stderr.contains("--jobs 100000 lowered to "),
        "{}",
        out.stderr
    );
    assert_eq!(parse_jsonl(&out.stdout)[0]["speaker"], "Eva Lind");
}

/// A link that loops and a path through a file say so, instead of "no such file".
#[cfg(unix)]
#[test]
fn link_loops_and_paths_through_files_are_not_called_missing() {
    let dir = temp_dir("eloop");
    let looping = dir.join("loop.txt");
    std::os::unix::fs::symlink("loop.txt", &looping).unwrap();
    let file = dir.join("a.txt");
    std::fs::write(&file, QUOTE).unwrap();
    let out = run(whosaid()
        .arg("extract")
        .arg(&looping)
        .arg(file.join("b.txt")));
    assert_eq!(out.status.code(), Some(3), "{}", out.stderr);
    assert!(!out.stderr.contains("no such file"), "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!(
            "skipped {}: too many levels of symbolic links",
            looping.display()
        )),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(&format!(
            "skipped {}/b.txt: not a directory",
            file.display()
        )),
        "{}",
        out.stderr
    );
}

/// An OS error is printed once, with its path (a model error once printed "Is a directory"
/// twice).
#[test]
fn os_errors_are_printed_once() {
    let dir = temp_dir("pos-dir");
    let out = run(whosaid()
        .args(["extract", "--pos-model"])
        .arg(&dir)
        .stdin_text(QUOTE));
    assert_eq!(out.status.code(), Some(1), "{}", out.stderr);
    assert!(
        out.stderr.contains(&dir.display().to_string()),
        "{}",
        out.stderr
    );
    assert_eq!(
        out.stderr.matches("Is a directory").count(),
        1,
        "{}",
        out.stderr
    );
}

/// An empty folder given to `--ner` says what a model folder holds, instead of "Is a directory".
#[test]
fn empty_ner_folder_says_what_a_model_folder_holds() {
    let dir = temp_dir("ner-dir");
    let out = run(whosaid()
        .args(["extract", "--ner"])
        .arg(&dir)
        .stdin_text(QUOTE));
    assert_eq!(out.status.code(), Some(1), "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!(
            "{}: not a model folder: a transformer checkpoint folder holds config.json, tokenizer.json, model.safetensors",
            dir.display()
        )),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("Is a directory"), "{}", out.stderr);
}

/// A full disk while writing records names where they were going: standard output, or the
/// output file.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_names_the_output() {
    let article = fixture("quotes-article.txt");
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    let out = Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .arg("extract")
        .arg(&article)
        .stdout(full())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: writing standard output: No space left on device"),
        "{stderr}"
    );
    // A full disk under `-o FILE` is tested with the output files (output_cli.rs).
}
