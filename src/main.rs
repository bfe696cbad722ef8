//! The `whosaid` command: parses arguments, loads models, feeds documents to the library and writes
//! what it returns.

mod cli;

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Parser;

use cli::{
    Cli, Command, EvalCommand, EvalNerArgs, EvalQuotesArgs, ExtractArgs, TagArgs, TrainNerArgs,
    TrainPosArgs,
};
use whosaid::conll;
use whosaid::documents::{self, Document};
use whosaid::eval::ner::NerScore;
use whosaid::ner::clusters::{ClusterOptions, WordClusters};
use whosaid::ner::{EntityTagger, Label, labels_from_entities, training};
use whosaid::offsets::CharOffsets;
use whosaid::segment::{self, Token};

/// Exit status when the run finished but skipped some inputs.
const EXIT_SKIPPED: u8 = 3;

fn main() -> ExitCode {
    keep_freed_memory();
    let cli = Cli::parse();
    if !matches!(cli.command, Command::TrainNer(_)) {
        keep_candle_on_rayon();
    }
    let result = match cli.command {
        Command::Extract(a) => extract(a),
        Command::Tag(a) => tag(a),
        Command::TrainNer(a) => train_ner(a).map(|()| 0),
        Command::TrainPos(a) => train_pos(a).map(|()| 0),
        Command::Eval(EvalCommand::Ner(a)) => eval_ner(a).map(|()| 0),
        Command::Eval(EvalCommand::Quotes(a)) => eval_quotes(a),
    };
    match result {
        Ok(skipped) if skipped > 0 => {
            eprintln!("whosaid: {skipped} input(s) skipped; see the messages above");
            ExitCode::from(EXIT_SKIPPED)
        }
        Ok(_) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("whosaid: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The transformer allocates and frees the same large tensors at every step. glibc's defaults
/// give blocks over 128 KB back to the kernel at once (and trim the heap's top), so each step
/// faulted them in afresh: a third of fine-tuning time went to the kernel. Keeping freed memory
/// for reuse makes training about a third faster; resident memory stays near its peak.
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // Safety: mallopt only tunes the allocator; called before any allocation-heavy work.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, libc::c_int::MAX);
        libc::mallopt(libc::M_TOP_PAD, 512 << 20);
    }
}

/// whosaid tags documents in parallel on rayon's threads, where candle's matrix products also
/// run. candle would start a second pool of its own for element-wise operations, and the two
/// pools fight over the cores (the transformer tagger ran about 40% slower); so candle's own pool
/// is kept to the calling thread unless `CANDLE_NUM_THREADS` says otherwise. Training, one large
/// batch at a time, keeps candle's pool.
fn keep_candle_on_rayon() {
    if std::env::var_os("CANDLE_NUM_THREADS").is_none() {
        // Safety: called at the start of main, before any other thread exists.
        unsafe { std::env::set_var("CANDLE_NUM_THREADS", "1") };
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn load_tagger(spec: &str) -> Result<Box<dyn EntityTagger>> {
    whosaid::models::load_tagger(spec).with_context(|| format!("loading NER model {spec:?}"))
}

/// Tags a segmented document: the entities of each sentence.
fn tag_text(
    tagger: &dyn EntityTagger,
    text: &str,
) -> (segment::Segmentation, Vec<Vec<whosaid::ner::Entity>>) {
    let seg = segment::segment(text);
    let sentences: Vec<&[Token]> = (0..seg.sentences.len())
        .map(|i| seg.sentence_tokens(i))
        .collect();
    let ents = tagger.tag_document(text, &sentences);
    (seg, ents)
}

/// Tags documents already turned into text and sentences (CoNLL input), in parallel on all the
/// cores the process may use (benchmarks of one core pin it with taskset); results in input
/// order.
fn tag_prepared(
    tagger: &dyn EntityTagger,
    docs: &[(String, Vec<Vec<Token>>)],
) -> Vec<Vec<Vec<whosaid::ner::Entity>>> {
    use rayon::prelude::*;
    docs.par_iter()
        .map(|(text, sentences)| {
            let refs: Vec<&[Token]> = sentences.iter().map(Vec::as_slice).collect();
            tagger.tag_document(text, &refs)
        })
        .collect()
}

/// The sources of the command-line inputs; those that do not exist are reported and counted.
fn sources(inputs: &[std::path::PathBuf], skipped: &mut usize) -> Vec<documents::Source> {
    let mut out = Vec::new();
    for source in documents::expand_inputs(inputs) {
        match source {
            Ok(s) => out.push(s),
            Err(e) => {
                eprintln!("whosaid: skipped {e}");
                *skipped += 1;
            }
        }
    }
    out
}

/// Documents handed to the worker threads at a time; records are written in input order after
/// each batch.
const BATCH: usize = 256;

/// `whosaid extract`: returns how many inputs were skipped.
fn extract(args: ExtractArgs) -> Result<usize> {
    use rayon::prelude::*;
    use std::io::IsTerminal;
    let pipeline = whosaid::models::load_pipeline(&args.ner.ner).context("loading models")?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()?;
    let inputs = if args.inputs.is_empty() {
        vec!["-".into()]
    } else {
        args.inputs
    };

    // Output goes to a temporary file beside the target, moved into place at the end, so an
    // existing file is never left half-written.
    let target = args.output.clone();
    let tmp = target.as_ref().map(|t| {
        let mut name = t.file_name().unwrap_or_default().to_os_string();
        name.push(".partial");
        t.with_file_name(name)
    });
    let sink: Box<dyn Write> = match &tmp {
        Some(p) => Box::new(BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let mut writer = whosaid::output::RecordWriter::new(args.format, sink)?;
    let progress = io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {pos} documents, {per_sec} [{elapsed}]",
            )
            .unwrap(),
        );
        bar
    });

    let mut skipped = 0usize;
    let (mut docs_done, mut records) = (0usize, 0usize);
    let mut batch: Vec<Document> = Vec::with_capacity(BATCH);
    let mut flush = |batch: &mut Vec<Document>,
                     writer: &mut whosaid::output::RecordWriter<Box<dyn Write>>|
     -> Result<()> {
        let out: Vec<Vec<whosaid::record::Attribution>> =
            pool.install(|| batch.par_iter().map(|d| pipeline.extract(d)).collect());
        for r in &out {
            writer.write(r)?;
            records += r.len();
        }
        docs_done += batch.len();
        if let Some(bar) = &progress {
            bar.set_position(docs_done as u64);
        }
        batch.clear();
        Ok(())
    };
    let run = (|| -> Result<()> {
        for source in sources(&inputs, &mut skipped) {
            let mut failure = None;
            documents::read_source(&source, &mut |r| match r {
                Ok(doc) => {
                    batch.push(doc);
                    if batch.len() >= BATCH && failure.is_none() {
                        failure = flush(&mut batch, &mut writer).err();
                    }
                }
                Err(e) => {
                    eprintln!("whosaid: skipped {e}");
                    skipped += 1;
                }
            });
            if let Some(e) = failure {
                return Err(e);
            }
        }
        flush(&mut batch, &mut writer)?;
        writer.flush()?;
        Ok(())
    })();
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    let sink = writer.into_inner();
    if let Err(e) = run.and(sink.map(drop).map_err(anyhow::Error::from)) {
        if let Some(t) = &tmp {
            let _ = std::fs::remove_file(t);
        }
        return Err(e);
    }
    if let (Some(tmp), Some(target)) = (&tmp, &target) {
        std::fs::rename(tmp, target).with_context(|| format!("writing {}", target.display()))?;
    }
    eprintln!("whosaid: {docs_done} documents, {records} records, {skipped} skipped");
    Ok(skipped)
}

/// `whosaid tag`: returns how many inputs were skipped.
fn tag(args: TagArgs) -> Result<usize> {
    use rayon::prelude::*;
    let tagger = load_tagger(&args.ner.ner)?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if let Some(path) = args.conll {
        let docs = conll::read(&path)?;
        let prepared: Vec<_> = docs.iter().map(|d| d.to_text()).collect();
        let tagged = tag_prepared(tagger.as_ref(), &prepared);
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
        return Ok(0);
    }
    let inputs = if args.inputs.is_empty() {
        vec!["-".into()]
    } else {
        args.inputs
    };
    let mut skipped = 0;
    let mut header_written = false;
    // Documents are tagged in parallel, a batch at a time, and written in input order.
    let mut flush = |batch: &mut Vec<Document>, out: &mut dyn Write| -> io::Result<()> {
        let tagged: Vec<_> = batch
            .par_iter()
            .map(|doc| tag_text(tagger.as_ref(), &doc.text).1)
            .collect();
        for (doc, ents) in batch.iter().zip(&tagged) {
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
        batch.clear();
        Ok(())
    };
    let mut batch = Vec::with_capacity(BATCH);
    let mut io_result = Ok(());
    for source in sources(&inputs, &mut skipped) {
        documents::read_source(&source, &mut |r| match r {
            Ok(doc) if io_result.is_ok() => {
                batch.push(doc);
                if batch.len() >= BATCH {
                    io_result = flush(&mut batch, &mut out);
                }
            }
            Ok(_) => {}
            Err(e) => {
                eprintln!("whosaid: skipped {e}");
                skipped += 1;
            }
        });
        io_result
            .as_ref()
            .map_err(|e| io::Error::new(e.kind(), e.to_string()))?;
    }
    flush(&mut batch, &mut out)?;
    out.flush()?;
    Ok(skipped)
}

fn read_gold(path: &std::path::Path) -> Result<Vec<Vec<conll::TaggedSentence>>> {
    let docs = conll::read(path)?;
    Ok(conll::gold_tags(&docs, &path.display().to_string())?)
}

fn train_ner(args: TrainNerArgs) -> Result<()> {
    let train = read_gold(&args.train)?;
    let dev = read_gold(&args.dev)?;
    if args.arch == cli::Arch::Transformer {
        return train_transformer(&args, &train, &dev);
    }
    let opts = training::TrainOptions {
        epochs: args.epochs.unwrap_or(20),
        patience: args.patience,
        seed: args.seed,
        folds: args.folds,
        min_count: args.min_count,
        two_stage: !args.single_stage,
        clusters: !args.no_clusters,
    };
    let unlabeled = read_unlabeled(&args.unlabeled)?;
    let embedding_clusters = match &args.embeddings {
        Some(dir) => {
            let c = WordClusters::from_embeddings(dir, &ClusterOptions::default())?;
            eprintln!("embedding clusters: {} words", c.ids.len());
            c
        }
        None => WordClusters::default(),
    };
    eprintln!(
        "training on {} sentences ({} documents), dev {} sentences",
        train.iter().map(Vec::len).sum::<usize>(),
        train.len(),
        dev.iter().map(Vec::len).sum::<usize>()
    );
    let start = Instant::now();
    let model = training::train(
        &train,
        &dev,
        &unlabeled,
        embedding_clusters,
        &opts,
        &mut |r| match r.dev_score {
            Some(f1) => eprintln!(
                "{} epoch {:>2}: dev F1 {f1:.2} ({} sentences wrong)",
                r.stage, r.epoch, r.mistakes
            ),
            None => eprintln!(
                "{} epoch {:>2}: {} sentences wrong",
                r.stage, r.epoch, r.mistakes
            ),
        },
    );
    if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    model.save(&args.out)?;
    let size = std::fs::metadata(&args.out)?.len();
    eprintln!(
        "saved {} ({:.1} MB, {} clustered words, {} + {} features) in {:.0} s",
        args.out.display(),
        size as f64 / 1e6,
        model.words.clusters.ids.len(),
        model.stage1.num_features(),
        model.stage2.as_ref().map_or(0, |m| m.num_features()),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

fn train_transformer(
    args: &TrainNerArgs,
    train: &[Vec<conll::TaggedSentence>],
    dev: &[Vec<conll::TaggedSentence>],
) -> Result<()> {
    use whosaid::ner::transformer::training::{FineTuneOptions, Progress, fine_tune};
    let base = args
        .base
        .as_ref()
        .context("--base is required with --arch transformer")?;
    let opts = FineTuneOptions {
        epochs: args.epochs.unwrap_or(6),
        learning_rate: args.lr,
        batch_size: args.batch_size,
        context_pieces: args.context_pieces,
        seed: args.seed,
        half: !args.full_precision,
        max_batches: args.max_batches,
        ..Default::default()
    };
    eprintln!(
        "fine-tuning {} on {} sentences, {} epochs",
        base.display(),
        train.iter().map(Vec::len).sum::<usize>(),
        opts.epochs
    );
    let f1 = fine_tune(base, train, dev, &args.out, &opts, &mut |p| match p {
        Progress::Step {
            epoch,
            batch,
            batches,
            loss,
            elapsed,
        } => {
            let eta = elapsed / batch as f64 * (batches - batch) as f64;
            eprintln!(
                "epoch {epoch} batch {batch}/{batches}: loss {loss:.4} ({elapsed:.0} s, {eta:.0} s to go)"
            )
        }
        Progress::Epoch {
            epoch,
            dev_f1,
            seconds,
            path,
        } => {
            eprintln!(
                "epoch {epoch}: dev F1 {dev_f1:.2} ({seconds:.0} s), saved {}",
                path.display()
            )
        }
    })?;
    eprintln!("best dev F1 {f1:.2}; model in {}", args.out.display());
    Ok(())
}

fn train_pos(args: TrainPosArgs) -> Result<()> {
    let read = |p: &std::path::Path| -> Result<Vec<whosaid::pos::PosSentence>> {
        Ok(whosaid::pos::conll_sentences(
            &conll::read(p)?,
            &p.display().to_string(),
        )?)
    };
    let (train, dev) = (read(&args.train)?, read(&args.dev)?);
    let model = whosaid::pos::train(&train, &dev, args.epochs, args.seed, &mut |r| {
        eprintln!(
            "{} epoch {:>2}: dev accuracy {:.2}",
            r.stage,
            r.epoch,
            r.dev_score.unwrap_or(0.0)
        )
    });
    model.save(&args.out)?;
    eprintln!(
        "saved {} ({} tags, {} features)",
        args.out.display(),
        model.tags.len(),
        model.model.num_features()
    );
    Ok(())
}

/// Sentences of unlabelled text, as token strings.
fn read_unlabeled(inputs: &[std::path::PathBuf]) -> Result<Vec<Vec<String>>> {
    let mut sentences = Vec::new();
    for source in documents::expand_inputs(inputs) {
        let source = source?;
        let mut failed = None;
        documents::read_source(&source, &mut |r| match r {
            Ok(doc) => {
                let seg = segment::segment(&doc.text);
                for i in 0..seg.sentences.len() {
                    let toks = seg
                        .sentence_tokens(i)
                        .iter()
                        .map(|t| t.text(&doc.text).to_string());
                    sentences.push(toks.collect());
                }
            }
            Err(e) => failed = Some(e),
        });
        if let Some(e) = failed {
            anyhow::bail!("unlabelled text: {e}");
        }
    }
    if !inputs.is_empty() {
        eprintln!("unlabelled text: {} sentences", sentences.len());
    }
    Ok(sentences)
}

fn eval_ner(args: EvalNerArgs) -> Result<()> {
    let tagger = load_tagger(&args.ner.ner)?;
    let docs = conll::read(&args.gold)?;
    let gold = conll::gold_tags(&docs, &args.gold.display().to_string())?;
    let prepared: Vec<(String, Vec<Vec<Token>>)> = docs.iter().map(|d| d.to_text()).collect();
    let start = Instant::now();
    let predicted = tag_prepared(tagger.as_ref(), &prepared);
    let seconds = start.elapsed().as_secs_f64();
    let mut score = NerScore::default();
    for (gdoc, pdoc) in gold.iter().zip(&predicted) {
        for (g, p) in gdoc.iter().zip(pdoc) {
            let gl: Vec<Label> = g
                .tags
                .iter()
                .map(|t| Label::parse(t).unwrap_or(Label::O))
                .collect();
            score.add(&gl, &labels_from_entities(p, g.tokens.len()));
        }
    }
    let report = whosaid::eval::ner::Report::new(&score, seconds, &tagger.name());
    let mut out = io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        write!(out, "{report}")?;
    }
    Ok(())
}

/// `whosaid eval quotes`: returns how many gold lines were skipped.
fn eval_quotes(args: EvalQuotesArgs) -> Result<usize> {
    use whosaid::eval::quotes::{GoldDocument, QuoteScore, Report};
    let pipeline = whosaid::models::load_pipeline(&args.ner.ner).context("loading models")?;
    let name = args.gold.display().to_string();
    let content = std::fs::read(&args.gold).with_context(|| format!("reading {name}"))?;
    let content = whosaid::input::decode_lossy(content, &name);
    let mut gold = Vec::new();
    let mut skipped = 0;
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<GoldDocument>(line) {
            Ok(d) => gold.push(d),
            Err(e) => {
                eprintln!("whosaid: skipped {name}:{}: {e}", i + 1);
                skipped += 1;
            }
        }
    }
    let mut relabelled = 0;
    if !args.raw_kinds {
        for d in &mut gold {
            for q in &mut d.quotes {
                relabelled += whosaid::eval::quotes::correct_kind(q, &d.text) as usize;
            }
        }
    }
    let mut score = QuoteScore::default();
    let words: usize = gold.iter().map(|d| d.text.split_whitespace().count()).sum();
    let start = Instant::now();
    use rayon::prelude::*;
    let predicted: Vec<_> = gold
        .par_iter()
        .map(|d| {
            pipeline.extract(&Document {
                id: d.id.clone(),
                text: d.text.clone(),
            })
        })
        .collect();
    let seconds = start.elapsed().as_secs_f64();
    for (d, p) in gold.iter().zip(&predicted) {
        score.add(&d.quotes, p);
    }
    let mut report = Report::new(&name, &score, gold.len(), words, seconds);
    report.relabelled = relabelled;
    let mut out = io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        write!(out, "{report}")?;
    }
    Ok(skipped)
}
