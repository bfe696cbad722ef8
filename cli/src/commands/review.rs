//! `whosaid review`: one HTML page per document and an index.html, in a folder. The pages are
//! rendered by the library (`whosaid::review`) on the worker threads, next to the extraction.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};
use whosaid::review::{self, IndexEntry};

use super::{inputs_or_stdin, warn_lossy};
use crate::cli::ReviewArgs;
use crate::output::count;
use crate::progress::Progress;

/// The name of the index page.
const INDEX: &str = "index.html";

enum Done {
    Page(IndexEntry),
    Failed(String),
}

pub fn run(args: ReviewArgs) -> Result<usize> {
    let dir = args.output.as_path();
    if dir.exists() && !dir.is_dir() {
        bail!("{} is not a folder", dir.display());
    }
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let pipeline = super::pipeline(&args.ner, &args.pos, &args.claims)?;
    let inputs = inputs_or_stdin(args.inputs);
    let progress = Progress::new(&inputs);
    let documents = args.read.options().read_inputs(&inputs).inspect(|r| {
        if let Ok(doc) = r {
            warn_lossy(doc)
        }
    });
    let pool = whosaid::parallel::pool(super::jobs(args.jobs))?;
    let pipeline = &pipeline;
    let done =
        whosaid::parallel::ordered_map(documents.enumerate(), pool, |(n, item)| -> Result<Done> {
            let doc = match item {
                Ok(doc) => doc,
                Err(e) => return Ok(Done::Failed(e.to_string())),
            };
            match pipeline.extract(&doc) {
                Ok(records) => {
                    let file = review::page_file_name(n, &doc.id);
                    let page =
                        review::render_page(&doc.id, &doc.text, &records, &file, Some(INDEX));
                    write_file(&dir.join(&file), page.html.as_bytes())?;
                    Ok(Done::Page(page.entry))
                }
                Err(error) => {
                    let location = doc.location();
                    let id = if doc.id == location {
                        String::new()
                    } else {
                        format!(" (id {})", doc.id)
                    };
                    Ok(Done::Failed(format!("{location}{id}: {error}")))
                }
            }
        });

    let (mut entries, mut skipped) = (Vec::new(), 0usize);
    for d in done {
        match d? {
            Done::Page(entry) => entries.push(entry),
            Done::Failed(message) => {
                eprintln!("whosaid: skipped {message}");
                skipped += 1;
            }
        }
        progress.inc();
    }
    progress.finish();
    write_file(&dir.join(INDEX), review::render_index(&entries).as_bytes())?;
    let records: usize = entries.iter().map(|e| e.records).sum();
    eprintln!(
        "whosaid: {}, {}, {skipped} skipped; open {}",
        count(entries.len(), "document"),
        count(records, "record"),
        dir.join(INDEX).display()
    );
    Ok(skipped)
}

/// Writes a file whole: to a temporary name beside it, then moved into place.
fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = path.with_file_name(format!(".{name}.{}.partial", std::process::id()));
    let result = fs::write(&tmp, bytes).and_then(|()| fs::rename(&tmp, path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.with_context(|| format!("cannot write {}", path.display()))
}
