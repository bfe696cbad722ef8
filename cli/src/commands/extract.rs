//! `whosaid extract`: attribution records for every document of the inputs.

use anyhow::Result;
use whosaid::RecordWriter;
use whosaid::io::documents::path_name;

use super::{inputs_or_stdin, warn_lossy};
use crate::cli::ExtractArgs;
use crate::output::{Output, count};
use crate::progress::Progress;

pub fn run(args: ExtractArgs) -> Result<usize> {
    let pipeline = super::pipeline(&args.ner, &args.pos, &args.claims)?;
    let inputs = inputs_or_stdin(args.inputs);
    let mut output = Output::open(args.output.as_deref())?;
    let progress = Progress::new(&inputs);
    let documents = args.read.options().read_inputs(&inputs).inspect(|r| {
        if let Ok(doc) = r {
            warn_lossy(doc)
        }
    });
    let outcomes = pipeline.extract_all(documents, super::jobs(args.jobs))?;

    let (mut docs, mut records, mut skipped) = (0usize, 0usize, 0usize);
    let written = (|| -> Result<()> {
        let mut writer = RecordWriter::new(args.format.into(), output.writer())?;
        for outcome in outcomes {
            match super::records_or_report(outcome) {
                Some(mut r) => {
                    if let Some(min) = args.min_confidence {
                        r.retain(|x| x.confidence >= min);
                    }
                    writer.write(&r)?;
                    docs += 1;
                    records += r.len();
                }
                None => skipped += 1,
            }
            progress.inc();
        }
        writer.into_inner()?;
        Ok(())
    })();
    progress.finish();
    // A failed write (a full disk) names where the records were going.
    let name = match &args.output {
        Some(p) if p.as_os_str() != "-" => path_name(p),
        _ => "standard output".into(),
    };
    let naming = |e: anyhow::Error| {
        if format!("{e:#}").contains(&name) {
            e
        } else {
            e.context(format!("writing {name}"))
        }
    };
    match written {
        Ok(()) => output.commit().map_err(naming)?,
        Err(e) => {
            output.abandon();
            return Err(naming(e));
        }
    }
    eprintln!(
        "whosaid: {}, {}, {skipped} skipped",
        count(docs, "document"),
        count(records, "record")
    );
    Ok(skipped)
}
