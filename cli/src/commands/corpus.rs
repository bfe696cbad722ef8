//! `whosaid speakers` and `whosaid conflicts`: tables over the records of all documents. The
//! library counts and compares (`whosaid::corpus`); this runs the pipeline, reports skipped
//! inputs and writes the table.

use std::io::{IsTerminal, Write};

use anyhow::{Context, Result};
use whosaid::Attribution;
use whosaid::corpus::conflicts::{self, ConflictFinder};
use whosaid::corpus::speakers::{self, SpeakerTable};
use whosaid::io::documents::path_name;

use super::{inputs_or_stdin, warn_lossy};
use crate::cli::{CorpusArgs, TableFormat};
use crate::output::{Output, count};
use crate::progress::Progress;

pub fn speakers(args: CorpusArgs) -> Result<usize> {
    let mut table = SpeakerTable::new();
    let (output, skipped) = each_document(&args, |records| table.add_document(records))?;
    let rows = table.rows();
    write(&args, output, |w, format| match format {
        TableFormat::Csv => speakers::write_csv(w, &rows),
        TableFormat::Text => speakers::write_text(w, &rows),
    })?;
    eprintln!(
        "whosaid: {}, {}, {} without a speaker, {skipped} skipped",
        count(table.documents(), "document"),
        count(rows.len(), "speaker"),
        count(table.unresolved(), "record")
    );
    Ok(skipped)
}

pub fn conflicts(args: CorpusArgs) -> Result<usize> {
    let mut finder = ConflictFinder::new();
    let mut documents = 0usize;
    let (output, skipped) = each_document(&args, |records| {
        documents += 1;
        finder.add_document(records)
    })?;
    let quotes = finder.quotes();
    let found = finder.finish();
    write(&args, output, |w, format| match format {
        TableFormat::Csv => conflicts::write_csv(w, &found),
        TableFormat::Text => conflicts::write_text(w, &found),
    })?;
    eprintln!(
        "whosaid: {}, {} compared, {}, {skipped} skipped",
        count(documents, "document"),
        count(quotes, "quote"),
        count(found.len(), "conflicting pair")
    );
    Ok(skipped)
}

/// Opens the output (refusing a bad one before any work), then runs the pipeline over the inputs
/// and hands each document's records to `f`, in input order. Returns the output and how many
/// inputs were skipped.
fn each_document(args: &CorpusArgs, mut f: impl FnMut(&[Attribution])) -> Result<(Output, usize)> {
    let output = Output::open(args.output.as_deref())?;
    let pipeline = super::pipeline(&args.ner, &args.pos, &args.claims)?;
    let inputs = inputs_or_stdin(args.inputs.clone());
    let progress = Progress::new(&inputs);
    let documents = args.read.options().read_inputs(&inputs).inspect(|r| {
        if let Ok(doc) = r {
            warn_lossy(doc)
        }
    });
    let mut skipped = 0;
    for outcome in pipeline.extract_all(documents, super::jobs(args.jobs))? {
        match super::records_or_report(outcome) {
            Some(records) => f(&records),
            None => skipped += 1,
        }
        progress.inc();
    }
    progress.finish();
    Ok((output, skipped))
}

/// Writes the table in the format asked for (default: text on a terminal, else CSV) and moves
/// the output into place.
fn write(
    args: &CorpusArgs,
    mut output: Output,
    table: impl FnOnce(&mut dyn Write, TableFormat) -> std::io::Result<()>,
) -> Result<()> {
    let to_stdout = args.output.as_ref().is_none_or(|p| p.as_os_str() == "-");
    let format = args
        .format
        .unwrap_or(if to_stdout && std::io::stdout().is_terminal() {
            TableFormat::Text
        } else {
            TableFormat::Csv
        });
    let name = if to_stdout {
        "standard output".to_string()
    } else {
        path_name(args.output.as_ref().unwrap())
    };
    let written = table(output.writer(), format).and_then(|()| output.writer().flush());
    match written {
        Ok(()) => output.commit().with_context(|| format!("writing {name}")),
        Err(e) => {
            output.abandon();
            Err(e).with_context(|| format!("writing {name}"))
        }
    }
}
