//! `whosaid train-ner` and `whosaid train-pos`: train models from CoNLL files; `whosaid
//! train-claims`: the attribution model from gold attributions. Each epoch is reported on stderr.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use whosaid::io::documents::ReadOptions;
use whosaid::ner::gold::{TaggedSentence, gold_tags};
use whosaid::ner::training;
use whosaid::tagging::clusters::{ClusterOptions, WordClusters};
use whosaid::tagging::pos;
use whosaid::text::segment;

use super::eval::read_conll;
use crate::cli::{Arch, TrainClaimsArgs, TrainNerArgs, TrainPosArgs};
use crate::output::Output;

fn read_gold(path: &Path) -> Result<Vec<Vec<TaggedSentence>>> {
    let docs = read_conll(path)?;
    Ok(gold_tags(&docs, &path.display().to_string())?)
}

pub fn ner(args: TrainNerArgs) -> Result<()> {
    let train = read_gold(&args.train)?;
    let dev = read_gold(&args.dev)?;
    if args.arch == Arch::Transformer {
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

#[cfg(feature = "transformer")]
fn train_transformer(
    args: &TrainNerArgs,
    train: &[Vec<TaggedSentence>],
    dev: &[Vec<TaggedSentence>],
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

pub fn pos(args: TrainPosArgs) -> Result<()> {
    let read = |p: &Path| -> Result<Vec<pos::PosSentence>> {
        Ok(pos::conll_sentences(
            &read_conll(p)?,
            &p.display().to_string(),
        )?)
    };
    let (train, dev) = (read(&args.train)?, read(&args.dev)?);
    let model = pos::train(&train, &dev, args.epochs, args.seed, &mut |r| {
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
fn read_unlabeled(inputs: &[PathBuf]) -> Result<Vec<Vec<String>>> {
    let mut sentences = Vec::new();
    // Unlabelled text may come in files of any size.
    let options = ReadOptions {
        max_doc_bytes: None,
    };
    for doc in options.read_inputs(inputs) {
        let doc = doc.context("unlabelled text")?;
        let seg = segment::segment(&doc.text);
        for i in 0..seg.sentences.len() {
            let toks = seg
                .sentence_tokens(i)
                .iter()
                .map(|t| t.text(&doc.text).to_string());
            sentences.push(toks.collect());
        }
    }
    if !inputs.is_empty() {
        eprintln!("unlabelled text: {} sentences", sentences.len());
    }
    Ok(sentences)
}

#[cfg(not(feature = "transformer"))]
fn train_transformer(
    _: &TrainNerArgs,
    _: &[Vec<TaggedSentence>],
    _: &[Vec<TaggedSentence>],
) -> Result<()> {
    anyhow::bail!("this build leaves out the transformer (cargo feature \"transformer\")")
}

pub fn claims(args: TrainClaimsArgs) -> Result<()> {
    use whosaid::claims_model::training::{self, Progress};
    if args.arch == Arch::Transformer {
        return claims_transformer(&args);
    }
    let (docs, pipeline) = claims_data(&args)?;
    let checkpoint = args
        .checkpoint
        .clone()
        .unwrap_or_else(|| args.out.with_extension("ckpt"));
    let opts = training::TrainOptions {
        epochs: args.epochs.unwrap_or(15),
        patience: args.patience,
        seed: args.seed,
        heldout_every: args.heldout_every,
        min_count: args.min_count,
        threshold: args.threshold,
        checkpoint: Some(checkpoint.clone()),
        resume: args.resume,
        stack_folds: args.stack_folds,
        first_pass: args.first_pass.clone(),
        open_cues: args.open_cues,
    };
    let start = Instant::now();
    let model = training::train(&pipeline, &docs, &opts, &mut |p| match p {
        Progress::Prepared {
            train_docs,
            heldout_docs,
            paragraphs,
            tokens,
            features,
            seconds,
        } => eprintln!(
            "{train_docs} training documents ({paragraphs} paragraphs, {tokens} tokens, \
             {features} features), {heldout_docs} held out; prepared in {seconds:.0} s"
        ),
        Progress::Resumed { epoch } => {
            eprintln!("resuming from {} after epoch {epoch}", checkpoint.display())
        }
        Progress::Stage {
            fold,
            paragraphs,
            features,
        } => match fold {
            Some(k) => eprintln!(
                "first pass of fold {} for the stacked pass ({paragraphs} paragraphs)",
                k + 1
            ),
            None => eprintln!("stacked pass ({paragraphs} paragraphs, {features} features)"),
        },
        Progress::Epoch {
            epoch,
            heldout_f1,
            mistakes,
            seconds,
        } => eprintln!(
            "epoch {epoch:>2}: held-out content F1 {heldout_f1:.2} ({mistakes} paragraphs \
             wrong, {seconds:.1} s)"
        ),
    })?;
    if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    model.save(&args.out)?;
    // With a first pass kept from another model, the checkpoint may not be this run's.
    let (best, f1) = match training::checkpoint_best(&checkpoint) {
        Ok((_, best, f1)) if args.first_pass.is_none() => (best.to_string(), format!("{f1:.2}")),
        _ => ("kept".into(), "-".into()),
    };
    let stacked = model
        .stacked_features()
        .map_or(String::new(), |n| format!(", stacked pass {n} features"));
    eprintln!(
        "saved {} ({:.1} MB, {} features{stacked}, first pass epoch {best}, held-out F1 \
         {f1}, threshold {}, temperature {}) in {:.0} s",
        args.out.display(),
        std::fs::metadata(&args.out)?.len() as f64 / 1e6,
        model.num_features(),
        model.threshold,
        model.temperature(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The annotated training documents (a malformed line is reported and skipped) and the pipeline
/// whose default models' parts of speech, entities, quotes and cues the attribution models read,
/// as at run time.
fn claims_data(
    args: &TrainClaimsArgs,
) -> Result<(
    Vec<whosaid::claims_model::training::GoldDoc>,
    whosaid::Pipeline,
)> {
    let (docs, bad) = whosaid::claims_model::training::read_gold(&args.train)?;
    for e in &bad {
        eprintln!("whosaid: skipped {e}");
    }
    if docs.is_empty() {
        anyhow::bail!("{}: no documents", args.train.display());
    }
    let pipeline = whosaid::Pipeline::builder()
        .claims(whosaid::ClaimsMode::Rules)
        .build()
        .context("loading models")?;
    Ok((docs, pipeline))
}

#[cfg(not(feature = "transformer"))]
fn claims_transformer(_: &TrainClaimsArgs) -> Result<()> {
    anyhow::bail!("this build leaves out the transformer (cargo feature \"transformer\")")
}

#[cfg(feature = "transformer")]
fn claims_transformer(args: &TrainClaimsArgs) -> Result<()> {
    use whosaid::claims_model::transformer_training::{FineTuneOptions, Progress, fine_tune};
    let base = args
        .base
        .as_ref()
        .context("--base is required with --arch transformer")?;
    let (docs, pipeline) = claims_data(args)?;
    let opts = FineTuneOptions {
        epochs: args.epochs.unwrap_or(3),
        learning_rate: args.lr,
        batch_size: args.batch_size,
        seed: args.seed,
        context_pieces: args.context_pieces,
        heldout_every: args.heldout_every,
        only_useful: !args.all_sequences,
        checkpoint: args
            .checkpoint
            .clone()
            .unwrap_or_else(|| args.out.with_extension("ckpt")),
        resume: args.resume,
        checkpoint_seconds: args.checkpoint_minutes * 60,
        max_batches: args.max_batches,
        threshold: args.threshold,
        ..Default::default()
    };
    if let Some(from) = args.export_batches {
        use whosaid::claims_model::transformer_training::export_sequences;
        let to = opts.epochs;
        anyhow::ensure!(
            (1..=to).contains(&from),
            "--export-batches {from} must be between 1 and --epochs {to}"
        );
        let mut out = Output::open(Some(&args.out))?;
        match export_sequences(&pipeline, base, &docs, &opts, from..=to, out.writer()) {
            Ok(n) => {
                out.commit()?;
                eprintln!(
                    "{n} batches of epochs {from} to {to} written to {}",
                    args.out.display()
                );
                return Ok(());
            }
            Err(e) => {
                out.abandon();
                return Err(e).with_context(|| format!("writing {}", args.out.display()));
            }
        }
    }
    let start = Instant::now();
    let state = fine_tune(&pipeline, base, &docs, &args.out, &opts, &mut |p| match p {
        Progress::Prepared {
            train_docs,
            heldout_docs,
            paragraphs,
            sequences,
            pieces,
            batches,
            seconds,
        } => eprintln!(
            "{train_docs} training documents, {heldout_docs} held out; {} of {} paragraphs hold \
             a gold span, a quotation or a cue; {} of {} sequences kept ({pieces} pieces, \
             {batches} batches an epoch); prepared in {seconds:.0} s",
            paragraphs.1, paragraphs.0, sequences.1, sequences.0
        ),
        Progress::Resumed { epoch, batch } => eprintln!(
            "resuming from {} after epoch {epoch}, batch {batch}",
            opts.checkpoint.display()
        ),
        Progress::Step {
            epoch,
            batch,
            batches,
            loss,
            elapsed,
            done,
        } => {
            let eta = elapsed / done.max(1) as f64 * (batches - batch) as f64;
            eprintln!(
                "epoch {epoch} batch {batch}/{batches}: loss {loss:.4} ({elapsed:.0} s, \
                 {eta:.0} s to go)"
            )
        }
        Progress::Saved { epoch, batch } => {
            eprintln!("checkpoint saved in epoch {epoch} after batch {batch}")
        }
        Progress::Epoch {
            epoch,
            heldout_f1,
            train_seconds,
            score_seconds,
            path,
        } => eprintln!(
            "epoch {epoch}: held-out content F1 {heldout_f1:.2} (training {train_seconds:.0} s, \
             scoring {score_seconds:.0} s); saved {}",
            path.display()
        ),
    })?;
    match state.best() {
        Some((epoch, f1)) => eprintln!(
            "best epoch {epoch} (held-out content F1 {f1:.2}); model in {} ({:.0} s)",
            args.out.display(),
            start.elapsed().as_secs_f64()
        ),
        None => eprintln!("no epoch finished"),
    }
    Ok(())
}
