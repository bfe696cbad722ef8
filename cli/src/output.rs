//! Where records go: standard output, or a file written in full beside its target and then moved
//! into place, so an existing file is never left half-written.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// An output being written.
pub struct Output {
    writer: BufWriter<Box<dyn Write + Send>>,
    /// (temporary file, target) when writing to a file.
    file: Option<(PathBuf, PathBuf)>,
}

impl Output {
    /// Standard output for `None` or `-`, else a temporary file beside `path`.
    pub fn open(path: Option<&Path>) -> Result<Self> {
        let Some(target) = path.filter(|p| p.as_os_str() != "-") else {
            return Ok(Output {
                writer: BufWriter::new(Box::new(io::stdout())),
                file: None,
            });
        };
        let mut name = target.file_name().unwrap_or_default().to_os_string();
        name.push(".partial");
        let tmp = target.with_file_name(name);
        let f = File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
        Ok(Output {
            writer: BufWriter::new(Box::new(f)),
            file: Some((tmp, target.to_path_buf())),
        })
    }

    /// The writer to hand to a record writer.
    pub fn writer(&mut self) -> &mut BufWriter<Box<dyn Write + Send>> {
        &mut self.writer
    }

    /// Flushes, and moves a file output into place.
    pub fn commit(mut self) -> Result<()> {
        let flushed = self.writer.flush();
        if let Some((tmp, target)) = self.file.take() {
            let done = flushed.map_err(anyhow::Error::from).and_then(|()| {
                std::fs::rename(&tmp, &target)
                    .with_context(|| format!("writing {}", target.display()))
            });
            if done.is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
            return done;
        }
        Ok(flushed?)
    }

    /// Gives up: a file output's temporary file is removed.
    pub fn abandon(mut self) {
        if let Some((tmp, _)) = self.file.take() {
            let _ = std::fs::remove_file(tmp);
        }
    }
}
