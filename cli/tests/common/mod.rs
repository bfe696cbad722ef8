//! Helpers for tests that run the `whosaid` binary.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub struct Output {
    pub status: std::process::ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

pub struct Cmd {
    cmd: Command,
    stdin: Option<Vec<u8>>,
}

impl Cmd {
    pub fn arg(&mut self, a: impl AsRef<std::ffi::OsStr>) -> &mut Self {
        self.cmd.arg(a);
        self
    }
    pub fn args<I, S>(&mut self, a: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.cmd.args(a);
        self
    }
    pub fn env(
        &mut self,
        k: impl AsRef<std::ffi::OsStr>,
        v: impl AsRef<std::ffi::OsStr>,
    ) -> &mut Self {
        self.cmd.env(k, v);
        self
    }
    pub fn current_dir(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.cmd.current_dir(dir);
        self
    }
    pub fn stdin_text(&mut self, s: &str) -> &mut Self {
        self.stdin = Some(s.as_bytes().to_vec());
        self
    }
}

pub fn whosaid() -> Cmd {
    Cmd {
        cmd: Command::new(env!("CARGO_BIN_EXE_whosaid")),
        stdin: None,
    }
}

pub fn run(c: &mut Cmd) -> Output {
    c.cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.cmd.spawn().expect("run whosaid");
    let input = c.stdin.take().unwrap_or_default();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    Output {
        status: out.status,
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A file of the project's test fixtures (in the repository's top-level `tests/fixtures`).
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(name)
}

/// A file of the shared training and evaluation data, or `None` (with a message) when the data is
/// not there, as in a user's fresh clone.
pub fn shared_data(rel: &str) -> Option<PathBuf> {
    let root = std::env::var_os("WHOSAID_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"));
    let path = root.join(rel);
    if path.exists() {
        Some(path)
    } else {
        eprintln!(
            "skipped: {} not found (set WHOSAID_DATA to the data folder)",
            path.display()
        );
        None
    }
}

pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("whosaid-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
