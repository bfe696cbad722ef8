//! Scoring attribution records against gold quotes (the gold JSONL format of the evaluation data).
//!
//! A gold quote g is found by a predicted quote p when |g ∩ p| / |g| exceeds a threshold (0.3, and
//! the stricter 0.8); pairs are matched greedily by overlap, each prediction used once. On found
//! quotes: the speaker mention is right when it overlaps the gold mention; the name is right when
//! it equals the gold `speaker_resolved` after dropping titles, case and punctuation (a record
//! with no resolved speaker offers its mention). End to end, a prediction is right when its quote is
//! found (0.3) and its name matches, or, where the gold has no resolved name, its mention overlaps.
//!
//! Name accuracy is also broken down by how the text names the speaker ([`MentionClass`]), with
//! the most frequent wrong (predicted, gold) name pairs, and every wrong name is kept
//! ([`NameError`]) for error analysis.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::breakdown::{self, Band, ExactCount, ExactRow, GroupRow, RecordOutcome};
use crate::error::Result;
use crate::io::documents::{Document, InputError, decode_lossy};
use crate::pipeline::Pipeline;
use crate::record::Attribution;

/// How [`evaluate`] reads the gold file.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Score only the documents in which some quote has a resolved speaker name
    /// (`speaker_resolved`); the others are left out, and counted in the report.
    pub only_resolved: bool,
    /// Score only the records whose confidence is at least this, as `extract --min-confidence`
    /// writes them.
    pub min_confidence: Option<f32>,
}

/// Reads a gold file (JSONL: `{"id", "text", "quotes": [...]}` per line), runs the pipeline on
/// its documents in parallel and scores the records, as `options` say. Bad lines are returned,
/// not scored.
pub fn evaluate(
    pipeline: &Pipeline,
    path: &std::path::Path,
    options: &Options,
) -> Result<(Report, Vec<InputError>)> {
    use rayon::prelude::*;
    let name = path.display().to_string();
    let (content, _) = decode_lossy(std::fs::read(path).map_err(|e| InputError {
        source_name: name.clone(),
        line: None,
        message: e.to_string(),
    })?);
    let mut gold = Vec::new();
    let mut skipped = Vec::new();
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<GoldDocument>(line) {
            Ok(d) => gold.push(d),
            Err(e) => skipped.push(InputError {
                source_name: name.clone(),
                line: Some(i + 1),
                message: e.to_string(),
            }),
        }
    }
    let mut left_out = 0;
    if options.only_resolved {
        let before = gold.len();
        gold.retain(|d| d.quotes.iter().any(|q| q.speaker_resolved.is_some()));
        left_out = before - gold.len();
    }
    let words: usize = gold.iter().map(|d| d.text.split_whitespace().count()).sum();
    let start = std::time::Instant::now();
    let predicted: Vec<Vec<Attribution>> = gold
        .par_iter()
        .map(|d| {
            let mut records = pipeline.extract(&Document::new(d.id.clone(), d.text.clone()))?;
            if let Some(min) = options.min_confidence {
                records.retain(|r| r.confidence >= min);
            }
            Ok(records)
        })
        .collect::<Result<_>>()?;
    let seconds = start.elapsed().as_secs_f64();
    let mut score = QuoteScore::default();
    for (d, p) in gold.iter().zip(&predicted) {
        score.add(&d.id, &d.quotes, p);
        score.add_exact(&d.text, &d.quotes, p);
    }
    let mut report = Report::new(&name, &score, gold.len(), words, seconds);
    report.left_out_unresolved = left_out;
    Ok((report, skipped))
}

/// One quote of the gold data; offsets are code points into the document text, end exclusive.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldQuote {
    /// Where the quote starts.
    pub start: usize,
    /// Where the quote ends.
    pub end: usize,
    /// The speaker mention as written, when one is annotated.
    #[serde(default)]
    pub speaker: Option<String>,
    /// Where the speaker mention starts, when one is annotated.
    pub speaker_start: Option<usize>,
    /// Where the speaker mention ends, when one is annotated.
    pub speaker_end: Option<usize>,
    /// The speaker's canonical name, when one is annotated.
    pub speaker_resolved: Option<String>,
    /// The speaker's type (PER, ORG, GROUP, DOC, WRITER, UNRESOLVABLE), when annotated.
    #[serde(default)]
    pub speaker_type: Option<String>,
    /// `direct`, `mixed` or `indirect`.
    pub kind: String,
}

/// One line of a gold file: a document and its quotes.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct GoldDocument {
    pub id: String,
    pub text: String,
    pub quotes: Vec<GoldQuote>,
}

/// Counts for one kind (or all kinds).
#[derive(Debug, Clone, Default, Serialize)]
pub struct KindScore {
    /// Gold quotes.
    pub gold: usize,
    /// Predicted records.
    pub predicted: usize,
    /// Gold quotes found at the overlap threshold 0.3.
    pub found_03: usize,
    /// Gold quotes found at the overlap threshold 0.8.
    pub found_08: usize,
    /// Found quotes (0.3) whose gold has a speaker mention.
    pub speaker_checked: usize,
    /// Of those, the ones whose predicted mention overlaps the gold mention.
    pub speaker_right: usize,
    /// Found quotes (0.3) whose gold has a resolved speaker name.
    pub name_checked: usize,
    /// Of those, the ones whose offered name equals the gold name once normalised.
    pub name_right: usize,
    /// Found quotes (0.3) right end to end: the name matches, or the mention where there is no
    /// gold name.
    pub e2e_right: usize,
}

fn f1(right: usize, predicted: usize, gold: usize) -> (f64, f64, f64) {
    let p = if predicted == 0 {
        0.0
    } else {
        100.0 * right as f64 / predicted as f64
    };
    let r = if gold == 0 {
        0.0
    } else {
        100.0 * right as f64 / gold as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

fn pct(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| 100.0 * a as f64 / b as f64)
}

/// One row of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Gold quotes.
    pub gold: usize,
    /// Predicted records.
    pub predicted: usize,
    /// Predicted records matched to a gold quote at overlap 0.3, in percent (0 to 100).
    pub precision_03: f64,
    /// Gold quotes found at overlap 0.3, in percent (0 to 100).
    pub recall_03: f64,
    /// Harmonic mean of `precision_03` and `recall_03`, in percent (0 to 100).
    pub f1_03: f64,
    /// Predicted records matched to a gold quote at overlap 0.8, in percent (0 to 100).
    pub precision_08: f64,
    /// Gold quotes found at overlap 0.8, in percent (0 to 100).
    pub recall_08: f64,
    /// Harmonic mean of `precision_08` and `recall_08`, in percent (0 to 100).
    pub f1_08: f64,
    /// Right speaker mentions among the checked found quotes, in percent; `None` when none was
    /// checked.
    pub speaker_accuracy: Option<f64>,
    /// Right speaker names among the checked found quotes, in percent; `None` when none was
    /// checked.
    pub name_accuracy: Option<f64>,
    /// Predicted records right end to end, in percent (0 to 100).
    pub e2e_precision: f64,
    /// Gold quotes found right end to end, in percent (0 to 100).
    pub e2e_recall: f64,
    /// Harmonic mean of `e2e_precision` and `e2e_recall`, in percent (0 to 100).
    pub e2e_f1: f64,
}

impl KindScore {
    /// The counts as a report row of percentages.
    pub fn row(&self) -> Row {
        let (p3, r3, f3) = f1(self.found_03, self.predicted, self.gold);
        let (p8, r8, f8) = f1(self.found_08, self.predicted, self.gold);
        let (pe, re, fe) = f1(self.e2e_right, self.predicted, self.gold);
        Row {
            gold: self.gold,
            predicted: self.predicted,
            precision_03: p3,
            recall_03: r3,
            f1_03: f3,
            precision_08: p8,
            recall_08: r8,
            f1_08: f8,
            speaker_accuracy: pct(self.speaker_right, self.speaker_checked),
            name_accuracy: pct(self.name_right, self.name_checked),
            e2e_precision: pe,
            e2e_recall: re,
            e2e_f1: fe,
        }
    }
}

/// Words that names compare without: titles and articles.
const DROP: &[&str] = &[
    "the",
    "a",
    "an",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
    "dame",
    "lord",
    "lady",
    "prof",
    "rev",
    "sen",
    "rep",
    "gov",
    "gen",
    "president",
    "spokesman",
    "spokeswoman",
    "spokesperson",
];

/// Names compare without titles, determiners, case and punctuation.
pub fn normalize_name(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !DROP.contains(&w.as_str()))
        .collect::<Vec<_>>()
        .join(" ")
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// Greedy one-to-one matching of gold and predicted spans by overlap ratio above `threshold`.
fn match_pairs(
    gold: &[(usize, usize)],
    pred: &[(usize, usize)],
    threshold: f64,
) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        let len = (g.1 - g.0).max(1) as f64;
        for (pi, p) in pred.iter().enumerate() {
            let r = overlap(*g, *p) as f64 / len;
            if r > threshold {
                pairs.push((r, gi, pi));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut gu, mut pu) = (vec![false; gold.len()], vec![false; pred.len()]);
    let mut out = Vec::new();
    for (_, g, p) in pairs {
        if !gu[g] && !pu[p] {
            gu[g] = true;
            pu[p] = true;
            out.push((g, p));
        }
    }
    out
}

/// The name a record offers: its speaker, or its mention when the speaker is unknown.
fn offered_name(r: &Attribution) -> String {
    if r.speaker.is_empty() {
        normalize_name(&r.speaker_mention)
    } else {
        normalize_name(&r.speaker)
    }
}

/// The name a record offers, as written, for reports: its speaker, or its mention when the
/// speaker is unknown, or `(empty)`.
fn offered_display(r: &Attribution) -> &str {
    if !r.speaker.is_empty() {
        &r.speaker
    } else if !r.speaker_mention.is_empty() {
        &r.speaker_mention
    } else {
        "(empty)"
    }
}

/// Pronouns of a gold mention: the lexicon's subject pronouns and the relative, object and
/// possessive forms that attribution corpora also mark as sources.
const MENTION_PRONOUNS: &[&str] = &[
    "he",
    "she",
    "they",
    "we",
    "i",
    "it",
    "you",
    "who",
    "whom",
    "whose",
    "which",
    "that",
    "him",
    "her",
    "them",
    "us",
    "me",
    "his",
    "its",
    "their",
    "our",
    "my",
    "your",
    "himself",
    "herself",
    "themselves",
    "itself",
    "ourselves",
    "myself",
    "yourself",
    "one",
];

/// First words that make a mention a description ("the senator", "his campaign").
const DESCRIPTION_STARTS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my",
    "your", "another", "some", "both",
];

/// How the gold mention names the speaker, for name accuracy broken down by the work the
/// resolver has to do. Decided in this order:
/// - `unnamed`: the gold name is a description, not a proper name: its last word starts with a
///   lower-case letter ("a senior aide", "Republican officials", "the Trump campaign",
///   "Charlotte-Mecklenburg police"; but "Ban Ki-moon", "The New York Post", "Republicans" are
///   named), whatever the mention;
/// - `other` when there is no gold mention;
/// - `pronoun`: the mention is one pronoun ("he", "She", "who", "we");
/// - `full name`: the mention holds two or more words of the gold name, or all of a one-word
///   name ("Donald Trump", "Sen. Claire McCaskill (D-Mo.)", "Forbes"), titles and articles aside;
/// - `surname/title`: it holds one word of a longer name ("Trump", "Mr. Obama", "Sir Keir",
///   "The Post" for The New York Post);
/// - `role/description`: no word of the name, and it starts with an article or possessive, or
///   is all lower case ("the senator", "The Transport Secretary", "the campaign");
/// - `other`: anything else (acronyms, misspellings, "FBI Director").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionClass {
    /// The mention holds two or more words of the name (or all of a one-word name).
    FullName,
    /// One word of a person's (or organisation's) name, with or without a title.
    Surname,
    /// A pronoun.
    Pronoun,
    /// A role or description noun phrase for a named speaker.
    Role,
    /// The gold name itself is a description: an unnamed source.
    Unnamed,
    /// None of the above, or no gold mention.
    Other,
}

impl MentionClass {
    /// Every class, in report order.
    pub const ALL: [MentionClass; 6] = [
        MentionClass::FullName,
        MentionClass::Surname,
        MentionClass::Pronoun,
        MentionClass::Role,
        MentionClass::Unnamed,
        MentionClass::Other,
    ];

    /// The label printed in the report.
    pub fn label(self) -> &'static str {
        match self {
            MentionClass::FullName => "full name",
            MentionClass::Surname => "surname/title",
            MentionClass::Pronoun => "pronoun",
            MentionClass::Role => "role/description",
            MentionClass::Unnamed => "unnamed",
            MentionClass::Other => "other",
        }
    }

    /// The class of a gold mention (`None` when not annotated) for the gold name `resolved`.
    pub fn of(mention: Option<&str>, resolved: &str) -> Self {
        if is_description(resolved) {
            return MentionClass::Unnamed;
        }
        let Some(mention) = mention.map(str::trim).filter(|m| !m.is_empty()) else {
            return MentionClass::Other;
        };
        if MENTION_PRONOUNS.contains(&mention.to_lowercase().as_str()) {
            return MentionClass::Pronoun;
        }
        let mention_words = name_words(mention);
        let name = name_words(resolved);
        let mut shared: Vec<&String> = mention_words.iter().filter(|w| name.contains(w)).collect();
        shared.dedup();
        if shared.len() >= 2 || (!shared.is_empty() && name.iter().all(|w| shared.contains(&w))) {
            return MentionClass::FullName;
        }
        if !shared.is_empty() {
            return MentionClass::Surname;
        }
        let first = mention
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_lowercase();
        if DESCRIPTION_STARTS.contains(&first.as_str()) || !mention.chars().any(char::is_uppercase)
        {
            return MentionClass::Role;
        }
        MentionClass::Other
    }
}

/// Whether a gold name is a description rather than a proper name: its last word starts with a
/// lower-case letter.
fn is_description(name: &str) -> bool {
    name.split_whitespace()
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .next_back()
        .is_none_or(char::is_lowercase)
}

/// The words of a name as compared for mention classes: lower case, letters and digits only
/// ("O'Neill" is "oneill"), a possessive 's dropped, titles and articles left out.
fn name_words(s: &str) -> Vec<String> {
    s.split_whitespace()
        .map(|w| {
            let w = w.trim_end_matches(|c: char| !c.is_alphanumeric());
            let w = w
                .strip_suffix("'s")
                .or_else(|| w.strip_suffix("’s"))
                .unwrap_or(w);
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty() && !DROP.contains(&w.as_str()))
        .collect()
}

/// A found quote whose name is wrong, for error analysis (`whosaid eval quotes --errors`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NameError {
    /// The document's id.
    pub doc_id: String,
    /// How the gold mention names the speaker.
    pub class: MentionClass,
    /// The gold quote's kind.
    pub kind: String,
    /// Where the gold quote starts (code points).
    pub quote_start: usize,
    /// Where the gold quote ends (code points, exclusive).
    pub quote_end: usize,
    /// The gold mention as written; empty when not annotated.
    pub gold_mention: String,
    /// The gold name (`speaker_resolved`).
    pub gold_name: String,
    /// The gold speaker type; empty when not annotated.
    pub gold_type: String,
    /// The predicted mention.
    pub predicted_mention: String,
    /// The predicted name (the record's `speaker`; empty when unresolved).
    pub predicted_name: String,
    /// The linking rule that made the prediction.
    pub rule: String,
}

impl NameError {
    /// The column names of [`write_name_errors`]'s TSV.
    pub const TSV_HEADER: [&'static str; 11] = [
        "doc_id",
        "class",
        "kind",
        "quote_start",
        "quote_end",
        "gold_mention",
        "gold_name",
        "gold_type",
        "predicted_mention",
        "predicted_name",
        "rule",
    ];
}

/// Writes name errors as JSONL (one object a line) or, with `tsv`, as a header line and one
/// tab-separated row each (tabs and line breaks inside a field become spaces).
pub fn write_name_errors<W: std::io::Write>(
    errors: &[NameError],
    mut out: W,
    tsv: bool,
) -> std::io::Result<()> {
    if tsv {
        writeln!(out, "{}", NameError::TSV_HEADER.join("\t"))?;
    }
    for e in errors {
        if tsv {
            let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                clean(&e.doc_id),
                e.class.label(),
                e.kind,
                e.quote_start,
                e.quote_end,
                clean(&e.gold_mention),
                clean(&e.gold_name),
                clean(&e.gold_type),
                clean(&e.predicted_mention),
                clean(&e.predicted_name),
                e.rule
            )?;
        } else {
            serde_json::to_writer(&mut out, e)?;
            writeln!(out)?;
        }
    }
    Ok(())
}

/// Name accuracy by mention class, over all kinds.
#[derive(Debug, Clone, Default)]
pub struct NameScore {
    /// Per class: (found quotes with a gold name, right names).
    pub by_class: BTreeMap<MentionClass, (usize, usize)>,
    /// How often each (offered name, gold name) pair was wrong; the offered name as written, or
    /// `(empty)`.
    pub wrong_pairs: BTreeMap<(String, String), usize>,
    /// Every found quote with a wrong name, by document in input order, then by position.
    pub errors: Vec<NameError>,
}

/// Scores so far, overall and per kind.
#[derive(Debug, Clone, Default)]
pub struct QuoteScore {
    /// Counts by kind: `all`, `direct`, `mixed` and `indirect`.
    pub by_kind: BTreeMap<String, KindScore>,
    /// Name accuracy by mention class, wrong pairs and wrong names (all kinds).
    pub names: NameScore,
    /// Exact-match content spans.
    pub exact_content: ExactCount,
    /// Exact-match source (speaker mention) spans.
    pub exact_source: ExactCount,
    /// Every record's rule, cue type, confidence and outcome, in input order.
    pub records: Vec<RecordOutcome>,
}

impl QuoteScore {
    /// Adds the predictions for one document, `doc_id`.
    pub fn add(&mut self, doc_id: &str, gold: &[GoldQuote], pred: &[Attribution]) {
        let first_error = self.names.errors.len();
        for kind in ["all", "direct", "mixed", "indirect"] {
            let g: Vec<&GoldQuote> = gold
                .iter()
                .filter(|q| kind == "all" || q.kind == kind)
                .collect();
            let p: Vec<&Attribution> = pred
                .iter()
                .filter(|r| kind == "all" || r.kind.as_str() == kind)
                .collect();
            let gs: Vec<(usize, usize)> = g.iter().map(|q| (q.start, q.end)).collect();
            let ps: Vec<(usize, usize)> = p.iter().map(|r| (r.quote_start, r.quote_end)).collect();
            let s = self.by_kind.entry(kind.to_string()).or_default();
            s.gold += g.len();
            s.predicted += p.len();
            s.found_08 += match_pairs(&gs, &ps, 0.8).len();
            let found = match_pairs(&gs, &ps, 0.3);
            s.found_03 += found.len();
            let mut outcomes: Vec<Option<bool>> = vec![None; p.len()];
            for (gi, pi) in found {
                let (gq, pr) = (g[gi], p[pi]);
                let span_right = match (
                    gq.speaker_start,
                    gq.speaker_end,
                    pr.speaker_start,
                    pr.speaker_end,
                ) {
                    (Some(a), Some(b), Some(c), Some(d)) => Some(overlap((a, b), (c, d)) > 0),
                    (Some(_), Some(_), _, _) => Some(false),
                    _ => None,
                };
                outcomes[pi] = Some(span_right.unwrap_or(true));
                if let Some(ok) = span_right {
                    s.speaker_checked += 1;
                    s.speaker_right += ok as usize;
                }
                let name_right = gq
                    .speaker_resolved
                    .as_ref()
                    .map(|n| normalize_name(n) == offered_name(pr));
                if let Some(ok) = name_right {
                    s.name_checked += 1;
                    s.name_right += ok as usize;
                    if kind == "all" {
                        self.names.add(doc_id, gq, pr, ok);
                    }
                }
                s.e2e_right += name_right.or(span_right).unwrap_or(false) as usize;
            }
            if kind == "all" {
                self.records
                    .extend(p.iter().zip(outcomes).map(|(r, o)| RecordOutcome {
                        rule: r.rule.as_str().to_string(),
                        cue_type: r.cue_type.as_str().to_string(),
                        confidence: r.confidence,
                        matched: o.is_some(),
                        right: o.unwrap_or(false),
                    }));
            }
        }
        self.names.errors[first_error..].sort_by_key(|e| (e.quote_start, e.quote_end));
    }
}

impl QuoteScore {
    /// Adds the exact-match span counts of one document, whose text is `text`.
    pub fn add_exact(&mut self, text: &str, gold: &[GoldQuote], pred: &[Attribution]) {
        let chars: Vec<char> = text.chars().collect();
        self.exact_content.add(
            &chars,
            gold.iter().map(|q| (q.start, q.end)),
            pred.iter().map(|r| (r.quote_start, r.quote_end)),
        );
        self.exact_source.add(
            &chars,
            gold.iter()
                .filter_map(|q| Some((q.speaker_start?, q.speaker_end?))),
            pred.iter()
                .filter_map(|r| Some((r.speaker_start?, r.speaker_end?))),
        );
    }
}

impl NameScore {
    fn add(&mut self, doc_id: &str, gold: &GoldQuote, pred: &Attribution, right: bool) {
        let Some(name) = &gold.speaker_resolved else {
            return;
        };
        let class = MentionClass::of(gold.speaker.as_deref(), name);
        let counts = self.by_class.entry(class).or_default();
        counts.0 += 1;
        counts.1 += right as usize;
        if right {
            return;
        }
        *self
            .wrong_pairs
            .entry((offered_display(pred).to_string(), name.clone()))
            .or_default() += 1;
        self.errors.push(NameError {
            doc_id: doc_id.to_string(),
            class,
            kind: gold.kind.clone(),
            quote_start: gold.start,
            quote_end: gold.end,
            gold_mention: gold.speaker.clone().unwrap_or_default(),
            gold_name: name.clone(),
            gold_type: gold.speaker_type.clone().unwrap_or_default(),
            predicted_mention: pred.speaker_mention.clone(),
            predicted_name: pred.speaker.clone(),
            rule: pred.rule.as_str().to_string(),
        });
    }
}

/// How many wrong (predicted, gold) name pairs the report lists.
pub const TOP_WRONG: usize = 15;

/// Name accuracy for one mention class.
#[derive(Debug, Clone, Serialize)]
pub struct ClassRow {
    /// The class.
    pub class: MentionClass,
    /// Found quotes (0.3) of this class with a gold name.
    pub count: usize,
    /// Of those, the ones whose name is right.
    pub right: usize,
    /// `right` in percent of `count`; `None` when `count` is 0.
    pub accuracy: Option<f64>,
}

/// A wrong name and how often it was given.
#[derive(Debug, Clone, Serialize)]
pub struct WrongPair {
    /// The name offered, as written; `(empty)` when the record had no speaker nor mention.
    pub predicted: String,
    /// The gold name.
    pub gold: String,
    /// How many found quotes had this pair.
    pub count: usize,
}

/// Name accuracy broken down by mention class, and the most frequent wrong names (all kinds).
#[derive(Debug, Clone, Serialize)]
pub struct NameReport {
    /// One row per class, in [`MentionClass::ALL`] order.
    pub classes: Vec<ClassRow>,
    /// Found quotes with a wrong name.
    pub wrong: usize,
    /// The [`TOP_WRONG`] most frequent wrong (predicted, gold) pairs, most frequent first.
    pub top_wrong: Vec<WrongPair>,
}

impl NameReport {
    fn new(score: &NameScore) -> Self {
        let classes = MentionClass::ALL
            .iter()
            .map(|&class| {
                let (count, right) = score.by_class.get(&class).copied().unwrap_or_default();
                ClassRow {
                    class,
                    count,
                    right,
                    accuracy: pct(right, count),
                }
            })
            .collect();
        let mut pairs: Vec<(&(String, String), &usize)> = score.wrong_pairs.iter().collect();
        pairs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        NameReport {
            classes,
            wrong: score.errors.len(),
            top_wrong: pairs
                .into_iter()
                .take(TOP_WRONG)
                .map(|((predicted, gold), &count)| WrongPair {
                    predicted: predicted.clone(),
                    gold: gold.clone(),
                    count,
                })
                .collect(),
        }
    }
}

/// The report printed by `whosaid eval quotes`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The gold file's name.
    pub gold_file: String,
    /// Documents scored.
    pub documents: usize,
    /// Words (separated by white space) in their texts.
    pub words: usize,
    /// Seconds spent running the pipeline.
    pub seconds: f64,
    /// Pipeline speed, words per second.
    pub words_per_second: f64,
    /// Documents left out because none of their quotes has a resolved name (only when asked).
    pub left_out_unresolved: usize,
    /// Scores by kind: `all`, `direct`, `mixed` and `indirect`.
    pub rows: BTreeMap<String, Row>,
    /// Name accuracy by mention class and the most frequent wrong names, over all kinds.
    pub names: NameReport,
    /// Exact-match content spans (trimmed; see [`breakdown`]).
    pub exact_content: ExactRow,
    /// Exact-match source spans (trimmed; see [`breakdown`]).
    pub exact_source: ExactRow,
    /// Records by rule, largest first.
    pub by_rule: Vec<GroupRow>,
    /// Records by cue type, largest first.
    pub by_cue_type: Vec<GroupRow>,
    /// Records by confidence band, with the share right.
    pub reliability: Vec<Band>,
    /// Every record's rule, cue type, confidence and outcome (not part of the JSON report).
    #[serde(skip)]
    pub records: Vec<RecordOutcome>,
    /// Every found quote with a wrong name, by document in input order, then by position (not
    /// part of the JSON report).
    #[serde(skip)]
    pub name_errors: Vec<NameError>,
}

impl Report {
    /// A report of the scores of `documents` documents holding `words` words, run in `seconds`;
    /// `left_out_unresolved` starts at 0.
    pub fn new(
        file: &str,
        score: &QuoteScore,
        documents: usize,
        words: usize,
        seconds: f64,
    ) -> Self {
        Report {
            gold_file: file.to_string(),
            documents,
            words,
            seconds,
            words_per_second: words as f64 / seconds.max(1e-9),
            left_out_unresolved: 0,
            rows: score
                .by_kind
                .iter()
                .map(|(k, v)| (k.clone(), v.row()))
                .collect(),
            names: NameReport::new(&score.names),
            exact_content: score.exact_content.prf(),
            exact_source: score.exact_source.prf(),
            by_rule: breakdown::groups(&score.records, |r| &r.rule),
            by_cue_type: breakdown::groups(&score.records, |r| &r.cue_type),
            reliability: breakdown::reliability(&score.records),
            records: score.records.clone(),
            name_errors: score.names.errors.clone(),
        }
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.left_out_unresolved > 0 {
            writeln!(
                f,
                "{} ({} documents with resolved names; {} without left out)",
                self.gold_file, self.documents, self.left_out_unresolved
            )?;
        } else {
            writeln!(f, "{} ({} documents)", self.gold_file, self.documents)?;
        }
        writeln!(
            f,
            "{:<9}{:>6}{:>6} | {:>6}{:>6}{:>6} | {:>6}{:>6}{:>6} | {:>8}{:>7} | {:>7}",
            "kind",
            "gold",
            "pred",
            "P@.3",
            "R@.3",
            "F1@.3",
            "P@.8",
            "R@.8",
            "F1@.8",
            "speaker",
            "name",
            "e2e F1"
        )?;
        let opt = |x: Option<f64>| x.map(|v| format!("{v:.1}")).unwrap_or_else(|| "-".into());
        for k in ["all", "direct", "mixed", "indirect"] {
            let Some(r) = self.rows.get(k) else { continue };
            writeln!(
                f,
                "{:<9}{:>6}{:>6} | {:>6.1}{:>6.1}{:>6.1} | {:>6.1}{:>6.1}{:>6.1} | {:>8}{:>7} | {:>7.1}",
                k,
                r.gold,
                r.predicted,
                r.precision_03,
                r.recall_03,
                r.f1_03,
                r.precision_08,
                r.recall_08,
                r.f1_08,
                opt(r.speaker_accuracy),
                opt(r.name_accuracy),
                r.e2e_f1
            )?;
        }
        writeln!(
            f,
            "\nname accuracy by gold mention (found quotes with a gold name, all kinds):"
        )?;
        writeln!(
            f,
            "{:<18}{:>7}{:>7}{:>7}",
            "mention", "count", "right", "acc"
        )?;
        let (mut count, mut right) = (0, 0);
        for c in &self.names.classes {
            writeln!(
                f,
                "{:<18}{:>7}{:>7}{:>7}",
                c.class.label(),
                c.count,
                c.right,
                opt(c.accuracy)
            )?;
            count += c.count;
            right += c.right;
        }
        writeln!(
            f,
            "{:<18}{:>7}{:>7}{:>7}",
            "all",
            count,
            right,
            opt(pct(right, count))
        )?;
        if !self.names.top_wrong.is_empty() {
            writeln!(
                f,
                "\nmost frequent wrong names ({} wrong in all; predicted -> gold):",
                self.names.wrong
            )?;
            for p in &self.names.top_wrong {
                writeln!(f, "{:>6}  {} -> {}", p.count, p.predicted, p.gold)?;
            }
        }
        writeln!(
            f,
            "\nexact-match spans (trimmed of quote marks, spaces and edge punctuation):"
        )?;
        writeln!(
            f,
            "{:<9}{:>6}{:>6}{:>6} | {:>6}{:>6}{:>6}",
            "span", "gold", "pred", "right", "P", "R", "F1"
        )?;
        for (name, r) in [
            ("content", &self.exact_content),
            ("source", &self.exact_source),
        ] {
            writeln!(
                f,
                "{:<9}{:>6}{:>6}{:>6} | {:>6.1}{:>6.1}{:>6.1}",
                name, r.gold, r.predicted, r.right, r.precision, r.recall, r.f1
            )?;
        }
        for (title, rows) in [("rule", &self.by_rule), ("cue type", &self.by_cue_type)] {
            writeln!(
                f,
                "\nrecords by {title} (right: matched at 0.3 with the right speaker mention):"
            )?;
            writeln!(
                f,
                "{:<32}{:>8}{:>7}{:>7}{:>7}",
                title, "records", "P@.3", "right", "conf"
            )?;
            for r in rows.iter() {
                writeln!(
                    f,
                    "{:<32}{:>8}{:>7.1}{:>7.1}{:>7.3}",
                    r.name, r.records, r.precision_03, r.right, r.mean_confidence
                )?;
            }
        }
        writeln!(
            f,
            "\nreliability (records by confidence band; share right should be near the mean):"
        )?;
        writeln!(
            f,
            "{:<11}{:>8}{:>7}{:>7}",
            "band", "records", "conf", "right"
        )?;
        for b in &self.reliability {
            writeln!(
                f,
                "{:<11}{:>8}{:>7.3}{:>7.3}",
                format!("{:.1}-{:.1}", b.from, b.to),
                b.records,
                b.mean_confidence,
                b.share_right
            )?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "speed: {} words in {:.2} s, {:.0} words/s (whole pipeline)",
            self.words, self.seconds, self.words_per_second
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise() {
        assert_eq!(normalize_name("Mr. Trump"), "trump");
        assert_eq!(
            normalize_name("The US State Department"),
            "us state department"
        );
        assert_eq!(
            normalize_name("Heidi Alexander"),
            normalize_name("heidi  alexander.")
        );
    }

    #[test]
    fn mention_classes() {
        use MentionClass::*;
        let cases = [
            (Some("Donald Trump"), "Donald Trump", FullName),
            (
                Some("Sen. Claire McCaskill (D-Mo.)"),
                "Claire McCaskill",
                FullName,
            ),
            (Some("Forbes"), "Forbes", FullName),
            (Some("O’Neill"), "James O'Neill", Surname),
            (Some("Mr. Trump"), "Donald Trump", Surname),
            (Some("Trump's"), "Donald Trump", Surname),
            (Some("Sir Keir"), "Keir Starmer", Surname),
            (Some("The Post"), "The New York Post", Surname),
            (Some("he"), "Donald Trump", Pronoun),
            (Some("She"), "Heidi Alexander", Pronoun),
            (Some("who"), "Keir Starmer", Pronoun),
            (Some("the senator"), "Ted Cruz", Role),
            (Some("The Transport Secretary"), "Heidi Alexander", Role),
            (Some("officials"), "State Department", Role),
            (Some("a senior aide"), "a senior aide", Unnamed),
            (Some("they"), "Republican officials", Unnamed),
            (Some("The Trump campaign"), "Trump campaign", Unnamed),
            (Some("he"), "Ban Ki-moon", Pronoun),
            (Some("FBI Director"), "James Comey", Other),
            (None, "James Comey", Other),
            (Some("  "), "James Comey", Other),
        ];
        for (mention, name, class) in cases {
            assert_eq!(
                MentionClass::of(mention, name),
                class,
                "{mention:?} for {name:?}"
            );
        }
    }

    fn gold(start: usize, mention: Option<&str>, name: Option<&str>) -> GoldQuote {
        GoldQuote {
            start,
            end: start + 10,
            speaker: mention.map(String::from),
            speaker_start: mention.map(|_| start + 20),
            speaker_end: mention.map(|m| start + 20 + m.len()),
            speaker_resolved: name.map(String::from),
            speaker_type: name.map(|_| "PER".to_string()),
            kind: "direct".into(),
        }
    }

    fn pred(start: usize, mention: &str, speaker: &str) -> Attribution {
        Attribution {
            doc_id: "d".into(),
            speaker: speaker.into(),
            speaker_type: crate::record::SpeakerType::Per,
            speaker_mention: mention.into(),
            quote: String::new(),
            kind: crate::record::Kind::Direct,
            cue: "said".into(),
            confidence: 0.9,
            rule: crate::RULES[0].id,
            quote_start: start,
            quote_end: start + 10,
            speaker_start: (!mention.is_empty()).then_some(start + 20),
            speaker_end: (!mention.is_empty()).then_some(start + 20 + mention.len()),
            cue_start: None,
            cue_end: None,
            speaker_named: !speaker.is_empty(),
            cue_type: crate::record::CueType::Speech,
            speaker_id: String::new(),
        }
    }

    /// Two documents: names right and wrong in several classes, one quote not found, one gold
    /// quote without a resolved name.
    fn scored() -> Report {
        let mut score = QuoteScore::default();
        let g1 = [
            gold(0, Some("Donald Trump"), Some("Donald Trump")),
            gold(100, Some("he"), Some("Donald Trump")),
            gold(200, Some("Mr. Trump"), Some("Donald Trump")),
            gold(300, Some("the senator"), Some("Ted Cruz")),
            gold(400, Some("a senior aide"), Some("a senior aide")),
            gold(500, Some("she"), None),
            gold(600, Some("Cruz"), Some("Ted Cruz")),
        ];
        let p1 = [
            pred(0, "Donald Trump", "Donald Trump"),
            pred(100, "he", "Donald Trump"),
            pred(200, "Mr. Trump", "Trump"),
            pred(300, "the senator", ""),
            pred(400, "a senior aide", ""),
            pred(500, "she", "Ann Lee"),
            // 600: not found.
        ];
        let g2 = [
            gold(0, Some("he"), Some("Ted Cruz")),
            gold(100, Some("Trump"), Some("Donald Trump")),
            gold(200, Some("The campaign"), Some("Ted Cruz")),
        ];
        let p2 = [
            pred(200, "", ""),
            pred(100, "Trump", "Trump"),
            pred(0, "he", "Donald Trump"),
        ];
        score.add("d1", &g1, &p1);
        score.add("d2", &g2, &p2);
        Report::new("gold.jsonl", &score, 2, 100, 1.0)
    }

    #[test]
    fn names_by_mention_class() {
        let r = scored();
        let row = |c: MentionClass| {
            let row = r.names.classes.iter().find(|x| x.class == c).unwrap();
            (row.count, row.right)
        };
        assert_eq!(row(MentionClass::FullName), (1, 1));
        assert_eq!(row(MentionClass::Pronoun), (2, 1));
        assert_eq!(row(MentionClass::Surname), (2, 0));
        assert_eq!(row(MentionClass::Role), (2, 0));
        assert_eq!(row(MentionClass::Unnamed), (1, 1));
        assert_eq!(row(MentionClass::Other), (0, 0));
        assert_eq!(r.names.classes.len(), MentionClass::ALL.len());
        assert_eq!(r.rows["all"].name_accuracy, Some(300.0 / 8.0));
        assert_eq!(r.names.wrong, 5);
        let pairs: Vec<(&str, &str, usize)> = r
            .names
            .top_wrong
            .iter()
            .map(|p| (p.predicted.as_str(), p.gold.as_str(), p.count))
            .collect();
        assert_eq!(
            pairs,
            [
                ("Trump", "Donald Trump", 2),
                ("(empty)", "Ted Cruz", 1),
                ("Donald Trump", "Ted Cruz", 1),
                ("the senator", "Ted Cruz", 1),
            ]
        );
        let text = r.to_string();
        assert!(
            text.contains("surname/title           2      0    0.0"),
            "{text}"
        );
        assert!(
            text.contains("all                     8      3   37.5"),
            "{text}"
        );
        assert!(text.contains("     2  Trump -> Donald Trump\n"), "{text}");
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["names"]["classes"][0]["class"], "full_name");
        assert_eq!(json["names"]["top_wrong"][0]["count"], 2);
        assert!(json.get("name_errors").is_none());
    }

    #[test]
    fn wrong_names_are_listed_for_error_analysis() {
        let r = scored();
        let found: Vec<(&str, usize, MentionClass, &str, &str)> = r
            .name_errors
            .iter()
            .map(|e| {
                let p = e.predicted_name.as_str();
                (
                    e.doc_id.as_str(),
                    e.quote_start,
                    e.class,
                    e.gold_name.as_str(),
                    p,
                )
            })
            .collect();
        use MentionClass::*;
        assert_eq!(
            found,
            [
                ("d1", 200, Surname, "Donald Trump", "Trump"),
                ("d1", 300, Role, "Ted Cruz", ""),
                ("d2", 0, Pronoun, "Ted Cruz", "Donald Trump"),
                ("d2", 100, Surname, "Donald Trump", "Trump"),
                ("d2", 200, Role, "Ted Cruz", ""),
            ]
        );
        let e = &r.name_errors[2];
        assert_eq!(
            (e.gold_mention.as_str(), e.predicted_mention.as_str()),
            ("he", "he")
        );
        assert_eq!((e.gold_type.as_str(), e.kind.as_str()), ("PER", "direct"));
        assert_eq!(e.rule, crate::RULES[0].id.as_str());

        let mut tsv = Vec::new();
        write_name_errors(&r.name_errors, &mut tsv, true).unwrap();
        let tsv = String::from_utf8(tsv).unwrap();
        let lines: Vec<&str> = tsv.lines().collect();
        assert_eq!(lines.len(), 6);
        assert_eq!(lines[0], NameError::TSV_HEADER.join("\t"));
        let rule = crate::RULES[0].id.as_str();
        assert_eq!(
            lines[3],
            format!("d2\tpronoun\tdirect\t0\t10\the\tTed Cruz\tPER\the\tDonald Trump\t{rule}")
        );
        let mut jsonl = Vec::new();
        write_name_errors(&r.name_errors, &mut jsonl, false).unwrap();
        let jsonl = String::from_utf8(jsonl).unwrap();
        assert_eq!(jsonl.lines().count(), 5);
        let v: serde_json::Value = serde_json::from_str(jsonl.lines().nth(2).unwrap()).unwrap();
        assert_eq!(v["class"], "pronoun");
        assert_eq!(v["gold_name"], "Ted Cruz");
        assert_eq!(v["predicted_name"], "Donald Trump");
    }

    #[test]
    fn tsv_fields_stay_on_one_line() {
        let mut e = scored().name_errors.remove(0);
        e.gold_mention = "Mr.\tTrump\nsaid".into();
        let mut out = Vec::new();
        write_name_errors(&[e], &mut out, true).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out.lines().count(), 2);
        assert_eq!(out.lines().nth(1).unwrap().split('\t').count(), 11);
        assert!(out.contains("\tMr. Trump said\t"));
    }

    #[test]
    fn matching_is_one_to_one() {
        let gold = [(0, 10), (20, 30)];
        let pred = [(0, 30)];
        assert_eq!(match_pairs(&gold, &pred, 0.3).len(), 1);
        assert_eq!(match_pairs(&[(0, 10)], &[(7, 20)], 0.3).len(), 0);
        assert_eq!(match_pairs(&[(0, 10)], &[(6, 20)], 0.3).len(), 1);
        assert_eq!(match_pairs(&[(0, 10)], &[(1, 10)], 0.8).len(), 1);
    }
}
