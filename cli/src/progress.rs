//! The progress line on stderr (only when it is a terminal): documents done, the total when it is
//! known, throughput and time left, redrawn several times a second.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use whosaid::io::documents::{Source, expand_inputs};

/// A progress display, or nothing when stderr is not a terminal.
pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// A display for a run over `inputs`. The total (text files count one, JSONL files one per
    /// non-blank line) is counted on a thread of its own, so the run does not wait for it; it stays
    /// unknown when standard input is read.
    pub fn new(inputs: &[PathBuf]) -> Self {
        if !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = ProgressBar::no_length();
        bar.set_style(spinner_style());
        bar.enable_steady_tick(Duration::from_millis(250));
        let counting = bar.clone();
        let inputs = inputs.to_vec();
        std::thread::spawn(move || {
            if let Some(total) = count_documents(&inputs) {
                counting.set_length(total);
                counting.set_style(bar_style());
            }
        });
        Progress(Some(bar))
    }

    /// One more document done.
    pub fn inc(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    /// Removes the line.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

fn spinner_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {human_pos} documents, {per_sec} [{elapsed}]").unwrap()
}

fn bar_style() -> ProgressStyle {
    ProgressStyle::with_template(
        "{spinner} {human_pos}/{human_len} documents, {per_sec}, {eta} left [{elapsed}] {wide_bar}",
    )
    .unwrap()
}

/// The number of documents in the inputs, or `None` when one of them is standard input or
/// another stream (a FIFO such as `<(…)`), which counting would consume.
fn count_documents(inputs: &[PathBuf]) -> Option<u64> {
    let mut total = 0;
    for source in expand_inputs(inputs).into_iter().flatten() {
        total += match source {
            Source::Stdin => return None,
            Source::Text(_) => 1,
            Source::Jsonl(p) if std::fs::metadata(&p).is_ok_and(|m| !m.is_file()) => return None,
            Source::Jsonl(p) => count_lines(&p).unwrap_or(0),
        };
    }
    Some(total)
}

/// Non-blank lines of a file, read in large blocks.
fn count_lines(path: &std::path::Path) -> std::io::Result<u64> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut buf = vec![0u8; 1 << 20];
    let (mut lines, mut blank) = (0u64, true);
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        for &b in &buf[..n] {
            if b == b'\n' {
                lines += !blank as u64;
                blank = true;
            } else if !b.is_ascii_whitespace() {
                blank = false;
            }
        }
    }
    Ok(lines + !blank as u64)
}
