//! `whosaid extract -o FILE` and standard output when the output is hostile or fails: planted
//! links, two runs writing one file, devices and FIFOs, folders, signals, a failed final move,
//! a closed standard output, a full disk.
//!
//! Runs that must be caught in the middle read their document from standard input, which the
//! test holds open: the output file is opened before the input is read, so the test knows the run
//! is writing once the temporary file exists, and the run goes on only when the test closes its
//! input.

mod common;

use std::ffi::CString;
use std::io::{Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{fixture, run, temp_dir, whosaid};

fn article() -> String {
    std::fs::read_to_string(fixture("quotes-article.txt")).unwrap()
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// The names in `dir` that are not in `known`: temporary files left behind, or being written.
fn extra(dir: &Path, known: &[&str]) -> Vec<String> {
    names(dir)
        .into_iter()
        .filter(|n| !known.contains(&n.as_str()))
        .collect()
}

fn cstr(p: &Path) -> CString {
    CString::new(p.as_os_str().as_bytes()).unwrap()
}

/// `whosaid extract --format jsonl ARGS`, reading its document from a pipe the test holds.
/// SIGINT and SIGTERM have their default dispositions in the run even where the tests were started
/// with them ignored (in the background), which whosaid respects.
fn start_on_stdin(dir: &Path, args: &[&str]) -> Child {
    use std::os::unix::process::CommandExt;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_whosaid"));
    // Safety: only `signal`, which is async-signal-safe, between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGINT, libc::SIG_DFL);
            libc::signal(libc::SIGTERM, libc::SIG_DFL);
            Ok(())
        });
    }
    cmd.current_dir(dir)
        .args(["extract", "--format", "jsonl"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits until a name other than `known` appears in `dir` (the run's temporary file), or the run
/// ends. Returns the new names.
fn wait_for_temp(dir: &Path, known: &[&str], child: &mut Child) -> Vec<String> {
    let start = Instant::now();
    loop {
        let new = extra(dir, known);
        if !new.is_empty() {
            return new;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the run ended ({status}) before it opened its output");
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "no temporary file appeared"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Writes `text` to the run's input, closes it, and waits for the run to end.
fn finish(mut child: Child, text: &str) -> (Option<i32>, String, String) {
    let mut stdin = child.stdin.take().unwrap();
    let _ = stdin.write_all(text.as_bytes());
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The doc_ids of a JSONL output, every line of which must parse.
fn doc_ids(jsonl: &str) -> Vec<String> {
    jsonl
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap_or_else(|e| {
                panic!("not a JSONL record ({e}): {l:?}");
            });
            v["doc_id"].as_str().unwrap().to_string()
        })
        .collect()
}

/// A link planted where a run might put its temporary file (`out.jsonl.partial`, the name runs
/// once used) is not followed: the file it points to is untouched, and the output is a regular
/// file with the records.
#[test]
fn a_planted_link_is_not_followed() {
    let dir = temp_dir("planted-link");
    std::fs::write(dir.join("a.txt"), article()).unwrap();
    std::fs::write(dir.join("victim"), "precious").unwrap();
    std::os::unix::fs::symlink(dir.join("victim"), dir.join("out.jsonl.partial")).unwrap();
    let out = run(whosaid().current_dir(&dir).args([
        "extract",
        "--format",
        "jsonl",
        "-o",
        "out.jsonl",
        "a.txt",
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("victim")).unwrap(),
        "precious"
    );
    let meta = std::fs::symlink_metadata(dir.join("out.jsonl")).unwrap();
    assert!(meta.file_type().is_file(), "out.jsonl is {meta:?}");
    let ids = doc_ids(&std::fs::read_to_string(dir.join("out.jsonl")).unwrap());
    assert_eq!(ids.len(), 13);
    assert_eq!(
        extra(&dir, &["a.txt", "victim", "out.jsonl.partial", "out.jsonl"]),
        Vec::<String>::new()
    );
}

/// Two runs write the same file at once: each writes its own temporary file, both succeed, and
/// the file holds exactly the records of the one that finished last.
#[test]
fn two_runs_writing_one_file_do_not_mix() {
    let dir = temp_dir("two-runs");
    std::fs::write(dir.join("b.txt"), article()).unwrap();
    let first = {
        let mut child = start_on_stdin(&dir, &["-o", "out.jsonl"]);
        wait_for_temp(&dir, &["b.txt"], &mut child);
        child
    };
    // The second run starts and ends while the first is writing.
    let out = run(whosaid().current_dir(&dir).args([
        "extract",
        "--format",
        "jsonl",
        "-o",
        "out.jsonl",
        "b.txt",
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr);
    let second = doc_ids(&std::fs::read_to_string(dir.join("out.jsonl")).unwrap());
    assert_eq!(second, vec!["b.txt"; 13]);
    let (code, _, stderr) = finish(first, &article());
    assert_eq!(code, Some(0), "{stderr}");
    let last = doc_ids(&std::fs::read_to_string(dir.join("out.jsonl")).unwrap());
    assert_eq!(last.len(), 13, "{last:?}");
    assert!(last.iter().all(|id| id != "b.txt"), "{last:?}");
    assert_eq!(extra(&dir, &["b.txt", "out.jsonl"]), Vec::<String>::new());
}

/// A character device made for the test (as root, a private copy, so that a regression cannot
/// replace the system's), else the system's.
fn device(dir: &Path, name: &str, minor: u32) -> PathBuf {
    // Safety: plain system calls on paths the test owns.
    if unsafe { libc::geteuid() } == 0 {
        let path = dir.join(name);
        let made = unsafe {
            libc::mknod(
                cstr(&path).as_ptr(),
                libc::S_IFCHR | 0o666,
                libc::makedev(1, minor),
            )
        };
        if made == 0 {
            return path;
        }
    }
    Path::new("/dev").join(name)
}

/// `-o /dev/null` writes to the device and leaves it a device; `-o /dev/full` fails with an
/// error naming it and the full disk, exit code 1.
#[test]
fn devices_are_written_not_replaced() {
    let dir = temp_dir("devices");
    std::fs::write(dir.join("a.txt"), article()).unwrap();
    let null = device(&dir, "null", 3);
    let out = run(whosaid()
        .current_dir(&dir)
        .arg("extract")
        .arg("-o")
        .arg(&null)
        .arg("a.txt"));
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr);
    let meta = std::fs::symlink_metadata(&null).unwrap();
    assert!(meta.file_type().is_char_device(), "{meta:?}");

    let full = device(&dir, "full", 7);
    let out = run(whosaid()
        .current_dir(&dir)
        .arg("extract")
        .arg("-o")
        .arg(&full)
        .arg("a.txt"));
    assert_eq!(out.status.code(), Some(1), "{}", out.stderr);
    assert!(
        out.stderr
            .contains(&format!("writing {}: No space left", full.display())),
        "{}",
        out.stderr
    );
    let meta = std::fs::symlink_metadata(&full).unwrap();
    assert!(meta.file_type().is_char_device(), "{meta:?}");
    let mut known = vec!["a.txt", "null", "full"];
    known.retain(|n| dir.join(n).exists());
    assert_eq!(extra(&dir, &known), Vec::<String>::new());
}

/// `-o FIFO` writes into the FIFO, which stays one.
#[test]
fn a_fifo_is_written_not_replaced() {
    let dir = temp_dir("fifo");
    std::fs::write(dir.join("a.txt"), article()).unwrap();
    let fifo = dir.join("pipe");
    // Safety: a plain system call on a path the test owns.
    assert_eq!(unsafe { libc::mkfifo(cstr(&fifo).as_ptr(), 0o600) }, 0);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut s = String::new();
            std::fs::File::open(fifo)
                .unwrap()
                .read_to_string(&mut s)
                .unwrap();
            s
        })
    };
    let out = run(whosaid()
        .current_dir(&dir)
        .args(["extract", "--format", "jsonl", "-o", "pipe", "a.txt"]));
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr);
    let meta = std::fs::symlink_metadata(&fifo).unwrap();
    // Checked before joining: had the FIFO been replaced, the reader would wait for ever.
    assert!(meta.file_type().is_fifo(), "{meta:?}");
    assert_eq!(doc_ids(&reader.join().unwrap()).len(), 13);
    assert_eq!(extra(&dir, &["a.txt", "pipe"]), Vec::<String>::new());
}

/// `-o LINK` where LINK points to a regular file: the file is replaced, the link stays a link.
#[test]
fn a_link_to_a_file_has_the_file_replaced() {
    let dir = temp_dir("link-to-file");
    std::fs::write(dir.join("a.txt"), article()).unwrap();
    std::fs::create_dir(dir.join("real")).unwrap();
    std::fs::write(dir.join("real/out.jsonl"), "old").unwrap();
    std::os::unix::fs::symlink("real/out.jsonl", dir.join("link")).unwrap();
    let out = run(whosaid()
        .current_dir(&dir)
        .args(["extract", "--format", "jsonl", "-o", "link", "a.txt"]));
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr);
    let meta = std::fs::symlink_metadata(dir.join("link")).unwrap();
    assert!(meta.file_type().is_symlink(), "{meta:?}");
    let ids = doc_ids(&std::fs::read_to_string(dir.join("real/out.jsonl")).unwrap());
    assert_eq!(ids.len(), 13);
    assert_eq!(
        extra(&dir, &["a.txt", "real", "link"]),
        Vec::<String>::new()
    );
    assert_eq!(names(&dir.join("real")), vec!["out.jsonl"]);
}

/// `-o` onto a folder, `.`, or into a folder that does not exist fails at once (no document is
/// read: the missing input is not reported), exit code 1, and leaves nothing behind.
#[test]
fn a_folder_is_refused_before_any_work() {
    let dir = temp_dir("folder");
    std::fs::create_dir(dir.join("sub")).unwrap();
    for (target, says) in [
        ("sub", "cannot write sub: it is a folder"),
        (".", "cannot write .: it is a folder"),
        (
            "missing/out.csv",
            "cannot write missing/out.csv: folder missing",
        ),
    ] {
        let out =
            run(whosaid()
                .current_dir(&dir)
                .args(["extract", "-o", target, "no-such-input.txt"]));
        assert_eq!(out.status.code(), Some(1), "{target}: {}", out.stderr);
        assert!(out.stderr.contains(says), "{target}: {}", out.stderr);
        assert!(
            !out.stderr.contains("no-such-input"),
            "{target}: the inputs were read: {}",
            out.stderr
        );
        assert_eq!(names(&dir), vec!["sub"], "{target}");
        assert_eq!(names(&dir.join("sub")), Vec::<String>::new(), "{target}");
    }
}

/// SIGTERM and SIGINT in the middle of a run remove the temporary file, leave the target as it
/// was, and end the run with 128 + the signal (143, 130).
#[test]
fn a_signal_leaves_no_temporary_file() {
    for (sig, code) in [(libc::SIGTERM, 143), (libc::SIGINT, 130)] {
        let dir = temp_dir(&format!("signal-{sig}"));
        std::fs::write(dir.join("out.jsonl"), "old").unwrap();
        let mut child = start_on_stdin(&dir, &["-o", "out.jsonl"]);
        wait_for_temp(&dir, &["out.jsonl"], &mut child);
        // Safety: a signal to the child the test started.
        assert_eq!(unsafe { libc::kill(child.id() as libc::pid_t, sig) }, 0);
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(code), "signal {sig}: {:?}", out);
        assert_eq!(names(&dir), vec!["out.jsonl"], "signal {sig}");
        assert_eq!(
            std::fs::read_to_string(dir.join("out.jsonl")).unwrap(),
            "old"
        );
    }
}

/// When the final move fails (the target became a folder while the run wrote), the run exits
/// with 1 and a message naming the file, and removes its temporary file.
#[test]
fn a_failed_move_leaves_no_temporary_file() {
    let dir = temp_dir("failed-move");
    let mut child = start_on_stdin(&dir, &["-o", "out.jsonl"]);
    wait_for_temp(&dir, &[], &mut child);
    std::fs::create_dir(dir.join("out.jsonl")).unwrap();
    std::fs::write(dir.join("out.jsonl/keep"), "x").unwrap();
    let (code, _, stderr) = finish(child, &article());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("writing out.jsonl"), "{stderr}");
    assert_eq!(names(&dir), vec!["out.jsonl"]);
    assert_eq!(names(&dir.join("out.jsonl")), vec!["keep"]);
}

/// `whosaid extract … >&-`: records written to a closed standard output would be lost, so it is
/// an error (exit code 1); with `-o FILE` a closed standard output does not matter.
#[test]
fn a_closed_stdout_is_an_error() {
    let dir = temp_dir("closed-stdout");
    std::fs::write(dir.join("a.txt"), article()).unwrap();
    let bin = env!("CARGO_BIN_EXE_whosaid");
    let sh = |script: &str| {
        Command::new("sh")
            .current_dir(&dir)
            .args(["-c", script, bin])
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let out = sh(r#"exec "$0" extract a.txt >&-"#);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("standard output is closed"), "{stderr}");

    let out = sh(r#"exec "$0" extract --format jsonl -o out.jsonl a.txt >&-"#);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let ids = doc_ids(&std::fs::read_to_string(dir.join("out.jsonl")).unwrap());
    assert_eq!(ids.len(), 13);
}
