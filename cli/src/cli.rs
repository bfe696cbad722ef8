//! Command-line arguments: every flag defined once, with its documentation.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use whosaid::io::documents::ReadOptions;
use whosaid::{ClaimsMode, Format, NerModel};

#[derive(Parser, Debug)]
#[command(
    name = "whosaid",
    version,
    about = "Reads news text and says who said what.",
    long_about = "Reads news text and says who said what: tokenization, a named-entity model and \
                  a rule-based quote-to-speaker linker.\n\nExit status: 0 on success, 1 on a fatal \
                  error, 2 on a usage error, 3 when some inputs were skipped (each reported on stderr).\n\n\
                  Models: the shipped models are looked up in $WHOSAID_MODELS, then in a models/ \
                  folder beside the executable (or up to four folders above it), then in the source \
                  tree it was built from; --ner and --pos-model also take paths."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Find quotations and reported claims and who made them; write attribution records.
    Extract(ExtractArgs),
    /// Find named entities: in plain text (printed for inspection) or in a CoNLL file (written
    /// back with one more column, the predicted IOB2 tag, for any conlleval-style scorer).
    Tag(TagArgs),
    /// Train a named-entity model from CoNLL files: the fast linear model, or (--arch
    /// transformer) a BERT checkpoint fine-tuned with candle.
    #[command(name = "train-ner")]
    TrainNer(TrainNerArgs),
    /// Train the part-of-speech model from the POS column of CoNLL files.
    #[command(name = "train-pos")]
    TrainPos(TrainPosArgs),
    /// Train the attribution model (content, source and cue spans) from gold attributions in
    /// JSONL, with a checkpoint after every epoch.
    #[command(name = "train-claims")]
    TrainClaims(TrainClaimsArgs),
    /// Evaluate against gold data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Write one self-contained HTML page per document (the text with each quote in its
    /// speaker's colour, mentions and cues marked, the document's speakers, the details of each
    /// quote) and an index.html, to check the attributions in a browser.
    Review(ReviewArgs),
    /// A table of the speakers of all documents (by speaker_id): type, named or not, documents,
    /// records and the share of direct quotes; sorted by records.
    Speakers(CorpusArgs),
    /// The same or nearly the same quoted words attributed to different speakers in different
    /// documents, each pair with both documents and speakers.
    Conflicts(CorpusArgs),
}

#[derive(Args, Debug, Clone)]
pub struct NerArg {
    /// Named-entity model: `fast` (the shipped linear model), `transformer` (the shipped
    /// transformer), `combined` (the two mixed: the most accurate, at the transformer's speed),
    /// the path of a linear model file, or a Hugging Face BERT token-classification folder
    /// (config.json, tokenizer.json, model.safetensors). Shipped models are looked up in
    /// $WHOSAID_MODELS, then a models/ folder beside the executable, then the source tree.
    #[arg(long = "ner", value_name = "MODEL", default_value = "fast", value_parser = NerModel::parse)]
    pub ner: NerModel,
}

#[derive(Args, Debug, Clone)]
pub struct ClaimsArg {
    /// How claims are linked: `auto` (the shipped attribution model beside the rules when the
    /// models folder holds claims-fast.bin, else the rules alone), `rules` (the rules alone),
    /// `model` (the shipped model; an error when it is missing), `transformer` (the shipped
    /// transformer attribution model, claims-transformer/: more accurate, far slower), or the
    /// path of a model file or transformer folder.
    #[arg(long = "claims", value_name = "MODE", default_value = "auto", value_parser = ClaimsMode::parse)]
    pub claims: ClaimsMode,
    /// The attribution model's own claims scoring below this are left out (default: the
    /// threshold stored in the model).
    #[arg(long = "claims-threshold", value_name = "P")]
    pub threshold: Option<f32>,
}

#[derive(Args, Debug, Clone)]
pub struct PosArg {
    /// Part-of-speech model file (default: the shipped pos-fast.bin, looked up like the NER
    /// models).
    #[arg(long = "pos-model", value_name = "FILE")]
    pub pos_model: Option<PathBuf>,
}

/// Output formats.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatArg {
    /// RFC 4180 CSV with a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
    /// "X said: …" lines, each document's under a "# DOC_ID" line.
    Text,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Csv => Format::Csv,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Text => Format::Text,
        }
    }
}

#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// Text files, folders (searched recursively for .txt and .jsonl), JSONL files with "id" and
    /// "text" per line, or `-` for standard input (the default).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Write the records to this file (written in full, then moved into place) instead of
    /// stdout; `-` is stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format: csv (with a header row), jsonl, or text ("X said: …" lines under a
    /// "# DOC_ID" line per document).
    #[arg(long, value_enum, default_value_t = FormatArg::Csv)]
    pub format: FormatArg,
    #[command(flatten)]
    pub ner: NerArg,
    #[command(flatten)]
    pub pos: PosArg,
    #[command(flatten)]
    pub claims: ClaimsArg,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Worker threads (default: all cores; at most 4 per core). Output order and content do not
    /// depend on it.
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Write only the records whose confidence is at least X (0..1; confidences are calibrated
    /// probabilities where models/calibration.tsv is found).
    #[arg(long, value_name = "X")]
    pub min_confidence: Option<f32>,
}

#[derive(Args, Debug)]
pub struct ReviewArgs {
    /// Text files, folders (searched recursively for .txt and .jsonl), JSONL files with "id" and
    /// "text" per line, or `-` for standard input (the default).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// The folder to write the pages and index.html to (created when missing).
    #[arg(short = 'o', long = "output", value_name = "DIR", required = true)]
    pub output: PathBuf,
    #[command(flatten)]
    pub ner: NerArg,
    #[command(flatten)]
    pub pos: PosArg,
    #[command(flatten)]
    pub claims: ClaimsArg,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Worker threads (default: all cores; at most 4 per core). The pages do not depend on it.
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
}

/// Table formats of the corpus commands.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableFormat {
    /// RFC 4180 CSV with a header row.
    Csv,
    /// Aligned columns, for reading.
    Text,
}

#[derive(Args, Debug)]
pub struct CorpusArgs {
    /// Text files, folders (searched recursively for .txt and .jsonl), JSONL files with "id" and
    /// "text" per line, or `-` for standard input (the default).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Write the table to this file (written in full, then moved into place) instead of stdout;
    /// `-` is stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// csv or text (aligned columns). Default: text on a terminal, else csv.
    #[arg(long, value_enum)]
    pub format: Option<TableFormat>,
    #[command(flatten)]
    pub ner: NerArg,
    #[command(flatten)]
    pub pos: PosArg,
    #[command(flatten)]
    pub claims: ClaimsArg,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Worker threads (default: all cores; at most 4 per core). The output does not depend on it.
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
}

#[derive(Args, Debug, Clone)]
pub struct ReadArgs {
    /// Skip (with a message, exit status 3) any document larger than this: a text file, text on
    /// standard input, or a JSONL line. Bytes, or with a suffix k, M or G (powers of 1000); 0 for
    /// no limit.
    #[arg(long, value_name = "BYTES", default_value = "20M", value_parser = parse_size)]
    pub max_doc_bytes: u64,
}

impl ReadArgs {
    /// The library's reading options.
    pub fn options(&self) -> ReadOptions {
        ReadOptions {
            max_doc_bytes: (self.max_doc_bytes > 0).then_some(self.max_doc_bytes),
        }
    }
}

/// A size in bytes: digits, optionally followed by k, M or G (powers of 1000) and an optional B.
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let t = t.strip_suffix(['B', 'b']).unwrap_or(t);
    let (digits, scale) = match t.char_indices().last() {
        Some((i, 'k' | 'K')) => (&t[..i], 1_000),
        Some((i, 'm' | 'M')) => (&t[..i], 1_000_000),
        Some((i, 'g' | 'G')) => (&t[..i], 1_000_000_000),
        _ => (t, 1),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .ok_or_else(|| format!("{s:?} is not a size in bytes (such as 500000, 500k, 20M or 1G)"))
}

#[derive(Args, Debug)]
pub struct TagArgs {
    /// Text files, folders (searched for .txt and .jsonl), JSONL files with "id" and "text" per
    /// line, or `-` for standard input (the default).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Tag a CoNLL file (token in the first column) instead of plain text.
    #[arg(long, value_name = "FILE", conflicts_with = "inputs")]
    pub conll: Option<PathBuf>,
    #[command(flatten)]
    pub ner: NerArg,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arch {
    /// The linear-chain perceptron (a model file).
    Fast,
    /// Fine-tune a BERT checkpoint (a model folder); needs --base.
    Transformer,
}

#[derive(Args, Debug)]
pub struct TrainNerArgs {
    /// Which model to train.
    #[arg(long, value_enum, default_value_t = Arch::Fast)]
    pub arch: Arch,
    /// Transformer: the BERT folder to start from (config.json, tokenizer.json, model.safetensors).
    #[arg(long, value_name = "DIR", required_if_eq("arch", "transformer"))]
    pub base: Option<PathBuf>,
    /// Transformer: peak learning rate.
    #[arg(long, default_value_t = 1e-4)]
    pub lr: f64,
    /// Transformer: sequences per batch (each up to --context-pieces word pieces).
    #[arg(long, default_value_t = 4)]
    pub batch_size: usize,
    /// Transformer: word pieces of consecutive sentences read together, in training and later
    /// in tagging (recorded in the model's config.json); 0 trains on single sentences.
    #[arg(long, default_value_t = 254, value_name = "N")]
    pub context_pieces: usize,
    /// Transformer: save the final checkpoint in single precision instead of half.
    #[arg(long)]
    pub full_precision: bool,
    /// Transformer: stop each epoch after this many batches (quick trials).
    #[arg(long, value_name = "N")]
    pub max_batches: Option<usize>,
    /// Training data, CoNLL format (token first, IOB tag last).
    #[arg(long, value_name = "FILE")]
    pub train: PathBuf,
    /// Development data, CoNLL format; the epoch with the best F1 on it is kept.
    #[arg(long, value_name = "FILE")]
    pub dev: PathBuf,
    /// Where to write the model.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// Most training epochs per stage (fast; default 20) or epochs (transformer; default 6).
    #[arg(long)]
    pub epochs: Option<usize>,
    /// Stop a stage after this many epochs without a better dev F1.
    #[arg(long, default_value_t = 4)]
    pub patience: usize,
    /// Random seed (shuffling); the same seed gives the same model.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Folds for jackknifed entity lists and first-stage labels.
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
    /// Drop features seen fewer times than this in training.
    #[arg(long, default_value_t = 1)]
    pub min_count: u32,
    /// Train only the sentence-level stage (no document-level second stage).
    #[arg(long)]
    pub single_stage: bool,
    /// Unlabelled text for word clusters: text files, folders or JSONL files with a "text" field.
    /// The training text is always used as well.
    #[arg(long, value_name = "PATH", num_args = 1..)]
    pub unlabeled: Vec<PathBuf>,
    /// A BERT model folder (vocab.txt, model.safetensors) whose word embeddings are clustered
    /// into word-class features.
    #[arg(long, value_name = "DIR")]
    pub embeddings: Option<PathBuf>,
    /// Do not learn word clusters from text.
    #[arg(long)]
    pub no_clusters: bool,
}

#[derive(Args, Debug)]
pub struct TrainPosArgs {
    /// Training data, CoNLL format (token first, POS tag second).
    #[arg(long, value_name = "FILE")]
    pub train: PathBuf,
    /// Development data; the epoch with the best accuracy on it is kept.
    #[arg(long, value_name = "FILE")]
    pub dev: PathBuf,
    /// Where to write the model.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// Most training epochs.
    #[arg(long, default_value_t = 12)]
    pub epochs: usize,
    /// Random seed (shuffling); the same seed gives the same model.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

#[derive(Args, Debug)]
pub struct TrainClaimsArgs {
    /// Which model to train: the linear-chain perceptron (a model file), or a BERT token
    /// classifier fine-tuned with candle (a model folder); the transformer needs --base.
    #[arg(long, value_enum, default_value_t = Arch::Fast)]
    pub arch: Arch,
    /// Transformer: the BERT folder to start from, normally the shipped NER transformer
    /// (models/ner-transformer): its encoder is kept, its classifier replaced.
    #[arg(long, value_name = "DIR", required_if_eq("arch", "transformer"))]
    pub base: Option<PathBuf>,
    /// Transformer: peak learning rate.
    #[arg(long, default_value_t = 1e-4)]
    pub lr: f64,
    /// Transformer: sequences per batch (each up to --context-pieces word pieces).
    #[arg(long, default_value_t = 8)]
    pub batch_size: usize,
    /// Transformer: word pieces of consecutive paragraphs read together, in training and later
    /// in tagging (recorded in the model's config.json).
    #[arg(long, default_value_t = 254, value_name = "N")]
    pub context_pieces: usize,
    /// Transformer: save the checkpoint within an epoch every this many minutes.
    #[arg(long, default_value_t = 10, value_name = "MIN")]
    pub checkpoint_minutes: u64,
    /// Transformer: train on every sequence, also those without a gold span, a quotation or a
    /// cue of the lexicon.
    #[arg(long)]
    pub all_sequences: bool,
    /// Transformer: stop each epoch after this many batches (quick trials).
    #[arg(long, value_name = "N")]
    pub max_batches: Option<usize>,
    /// Transformer: instead of training, write the training batches of epochs FROM to --epochs
    /// (word pieces, token types and first-piece labels, one JSON line a batch, in the order
    /// training runs them) to --out, for a trainer on another machine such as
    /// scripts/train_claims_gpu.py.
    #[arg(long, value_name = "FROM", requires = "epochs")]
    pub export_batches: Option<usize>,
    /// Gold attributions, JSONL: {"id", "text", "quotes": [...]} per line, each quote with
    /// start, end, speaker_start, speaker_end and cue. Every --heldout-every-th document is held
    /// out to choose the epoch.
    #[arg(long, value_name = "FILE")]
    pub train: PathBuf,
    /// Where to write the model (a file; a folder for the transformer).
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// Checkpoint, written after every epoch (default: OUT with the extension .ckpt); for the
    /// transformer a folder, also written every --checkpoint-minutes within an epoch, with each
    /// epoch's model in epochN/.
    #[arg(long, value_name = "PATH")]
    pub checkpoint: Option<PathBuf>,
    /// Go on from the checkpoint when there is one (same data and options).
    #[arg(long)]
    pub resume: bool,
    /// Most epochs (default 15; transformer: epochs, default 3).
    #[arg(long)]
    pub epochs: Option<usize>,
    /// Stop after this many epochs without a better held-out score.
    #[arg(long, default_value_t = 3)]
    pub patience: usize,
    /// Random seed (shuffling); the same seed gives the same model.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Hold out every N-th document of the training file to choose the epoch.
    #[arg(long, default_value_t = 10)]
    pub heldout_every: usize,
    /// Drop features seen fewer times than this in training.
    #[arg(long, default_value_t = 2)]
    pub min_count: u32,
    /// Fast architecture: train a second, stacked pass on the first pass's predictions, which on
    /// the training documents come from this many folds (0: one pass)
    #[arg(long, default_value_t = 0, value_name = "K")]
    pub stack_folds: usize,
    /// With --stack-folds: keep the first pass of this model file instead of training one
    #[arg(long, value_name = "FILE", requires = "stack_folds")]
    pub first_pass: Option<PathBuf>,
    /// Fast architecture: let the linker take the model's cues outside the cue lexicon (stored
    /// in the model; worth it with a stacked pass)
    #[arg(long)]
    pub open_cues: bool,
    /// The span score below which the linker leaves the model's own claims out (stored in the
    /// model).
    #[arg(long, default_value_t = 0.5)]
    pub threshold: f32,
}

#[derive(Subcommand, Debug)]
pub enum EvalCommand {
    /// Exact-span precision, recall and F1 per entity type (conlleval's definition), and speed.
    Ner(EvalNerArgs),
    /// Quote precision, recall and F1 at overlap 0.3 and 0.8, speaker-mention and name accuracy,
    /// end-to-end attribution F1, overall and per kind, and speed; then name accuracy by how the
    /// gold mention names the speaker, and the most frequent wrong names.
    Quotes(EvalQuotesArgs),
}

#[derive(Args, Debug)]
pub struct EvalQuotesArgs {
    /// Gold attributions, JSONL: {"id", "text", "quotes": [...]} per line.
    #[arg(long, value_name = "FILE")]
    pub gold: PathBuf,
    /// No effect, kept so that older scripts run: gold kinds are always taken as given (the
    /// PolNeAR files now count doubled apostrophes, ''…'', as quotation marks themselves).
    #[arg(long, hide = true)]
    pub raw_kinds: bool,
    /// Score raw (uncalibrated) confidences: leave out the calibration table.
    #[arg(long)]
    pub raw_confidence: bool,
    /// Fit the confidence calibration on this gold file (scored with raw confidences) and write
    /// the table to FILE (models/calibration.tsv is the one shipped; see scripts/calibrate.sh).
    #[arg(long, value_name = "FILE")]
    pub fit_calibration: Option<PathBuf>,
    /// Score only the documents in which some gold quote has a resolved speaker name
    /// (`speaker_resolved`), such as the 90 annotated articles of the PolNeAR train file.
    #[arg(long)]
    pub only_resolved: bool,
    /// Score only the records whose confidence is at least X, as `extract --min-confidence X`
    /// writes them (recall counts all gold quotes).
    #[arg(long, value_name = "X")]
    pub min_confidence: Option<f32>,
    /// Write every found quote whose name is wrong to FILE, for error analysis: TSV with a
    /// header when FILE ends in .tsv, else JSONL.
    #[arg(long, value_name = "FILE")]
    pub errors: Option<PathBuf>,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub ner: NerArg,
    #[command(flatten)]
    pub pos: PosArg,
    #[command(flatten)]
    pub claims: ClaimsArg,
}

#[derive(Args, Debug)]
pub struct EvalNerArgs {
    /// Gold data, CoNLL format (token first, IOB tag last).
    #[arg(long, value_name = "FILE")]
    pub gold: PathBuf,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub ner: NerArg,
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("123"), Ok(123));
        assert_eq!(parse_size("20M"), Ok(20_000_000));
        assert_eq!(parse_size("500kB"), Ok(500_000));
        assert_eq!(parse_size("1G"), Ok(1_000_000_000));
        assert_eq!(parse_size("0"), Ok(0));
        assert!(parse_size("ten").is_err());
        assert!(parse_size("-1").is_err());
        assert!(parse_size("99999999999G").is_err());
    }
}
