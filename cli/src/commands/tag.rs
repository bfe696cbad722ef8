//! `whosaid tag`: the entities of plain-text documents (TSV for inspection), or a CoNLL file back
//! with one more column, the predicted IOB2 tag.

use std::io::{self, BufWriter, Write};

use anyhow::{Context, Result};

use whosaid::ner::{EntityTagger, labels_from_entities, tag_conll, tag_text};
use whosaid::parallel;
use whosaid::text::offsets::CharOffsets;

use super::{inputs_or_stdin, warn_lossy};
use crate::cli::TagArgs;

pub fn run(args: TagArgs) -> Result<usize> {
    let tagger = args
        .ner
        .ner
        .load()
        .with_context(|| format!("loading NER model {}", args.ner.ner))?;
    let mut out = BufWriter::new(io::stdout().lock());
    if let Some(path) = &args.conll {
        conll_file(tagger.as_ref(), path, &mut out)?;
        return Ok(0);
    }
    let inputs = inputs_or_stdin(args.inputs);
    let documents = args.read.options().read_inputs(&inputs);
    let tagged = parallel::ordered_map(documents, parallel::pool(None)?, |r| {
        r.map(|doc| {
            let tagged = tag_text(tagger.as_ref(), &doc.text);
            (doc, tagged)
        })
    });
    let mut skipped = 0;
    let mut header_written = false;
    for item in tagged {
        let (doc, tagged) = match item {
            Ok(x) => x,
            Err(e) => {
                eprintln!("whosaid: skipped {e}");
                skipped += 1;
                continue;
            }
        };
        warn_lossy(&doc);
        let ents = match tagged {
            Ok((_, ents)) => ents,
            Err(e) => {
                eprintln!("whosaid: skipped {}: {e}", doc.location());
                skipped += 1;
                continue;
            }
        };
        let offsets = CharOffsets::new(&doc.text);
        for e in ents.iter().flatten() {
            if !header_written {
                writeln!(out, "doc_id\tstart\tend\ttype\tscore\ttext")?;
                header_written = true;
            }
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{:.3}\t{}",
                doc.id,
                offsets.char_at(e.start),
                offsets.char_at(e.end),
                e.kind,
                e.score,
                e.text(&doc.text).replace(['\n', '\t'], " ")
            )?;
        }
    }
    out.flush()?;
    Ok(skipped)
}

/// Writes a CoNLL file back with the predicted tag as one more column.
fn conll_file(
    tagger: &dyn EntityTagger,
    path: &std::path::Path,
    out: &mut impl Write,
) -> Result<()> {
    let docs = super::eval::read_conll(path)?;
    let tagged = tag_conll(tagger, &docs)?;
    for (doc, ents) in docs.iter().zip(&tagged) {
        if let Some(h) = &doc.header {
            writeln!(out, "{h} O\n")?;
        }
        for (s, e) in doc.sentences.iter().zip(ents) {
            for (line, label) in s.lines.iter().zip(labels_from_entities(e, s.lines.len())) {
                writeln!(out, "{} {label}", line.raw)?;
            }
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(())
}
