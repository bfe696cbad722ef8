//! The whole pipeline on generated documents: mutations of news text (the fixtures and the
//! sentences below) with quote marks of every style inserted, deleted and swapped, cues at the
//! edges of documents and paragraphs, truncation anywhere, odd Unicode, control characters and
//! every kind of line end, very long tokens, and empty documents.
//!
//! For each document, extraction must succeed (a panic in a stage comes back as
//! `Error::Internal`, a failure here), and every record must hold: its code-point offsets are in
//! range and slice the text to its quote, speaker mention and cue; its confidence is in 0..=1.
//!
//! The generator is deterministic: document `i` of seed `s` is always the same text, so a failure
//! is reproduced by its id (`fuzz-SEED-INDEX`, printed with the text). By default a CI run checks
//! 24,000 documents; `scripts/fuzz.sh COUNT SEED` runs as many as wanted through the same test
//! (environment variables `WHOSAID_FUZZ_COUNT`, `WHOSAID_FUZZ_SEED`, `WHOSAID_FUZZ_JOBS`).

use std::time::Instant;

use whosaid::{Attribution, Document, Outcome, Pipeline};

const DEFAULT_COUNT: usize = 24_000;
const DEFAULT_SEED: u64 = 0x5eed_2024;
/// Documents are cut to this length as they grow (news articles rarely exceed it).
const MAX_BYTES: usize = 8_000;

// ---------------------------------------------------------------------------------------------
// A small deterministic random number generator (splitmix64).

struct Rng(u64);

impl Rng {
    fn new(seed: u64, index: u64) -> Self {
        let mut r = Rng(seed ^ index.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// lo..=hi.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True one time in `n`.
    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

// ---------------------------------------------------------------------------------------------
// Material.

/// Every quote mark the pipeline might meet, single characters and pairs of characters.
const QUOTE_MARKS: &[&str] = &[
    "“", "”", "‘", "’", "\"", "'", "«", "»", "„", "‚", "‹", "›", "「", "」", "『", "』", "''",
    "``", "‟", "‛", "〝", "〞", "＂", "′", "″",
];

/// Opening and closing marks, as styles pair them.
const QUOTE_PAIRS: &[(&str, &str)] = &[
    ("“", "”"),
    ("‘", "’"),
    ("\"", "\""),
    ("'", "'"),
    ("«", "»"),
    ("« ", " »"),
    ("»", "«"),
    ("„", "“"),
    ("„", "”"),
    ("‚", "‘"),
    ("‹", "›"),
    ("「", "」"),
    ("『", "』"),
    ("''", "''"),
    ("``", "''"),
    ("”", "“"),
];

/// Cues and pieces of cues, whole and cut short.
const CUES: &[&str] = &[
    "he said",
    "she said.",
    "said:",
    "said",
    " said",
    "said,",
    "according to",
    "According to",
    "according to the minister,",
    "told reporters",
    "told reporters that",
    "he added,",
    "she added",
    "says",
    "said on",
    "said on Tuesday",
    "warned that",
    "insisted",
    "claimed",
    "a spokesman said",
    "the ministry said in a statement",
    "He said",
    "They said:",
    "said that",
    "—",
    " – ",
    ":",
    ",",
];

/// Cues that end a document, with no full stop after them.
const END_CUES: &[&str] = &[" said:", " he said", ", according to", " said", ":", "“"];

const PARAGRAPH_BREAKS: &[&str] = &["\n\n", "\n", "\r\n\r\n", "\n\n\n", "\u{2029}"];

const NAMES: &[&str] = &[
    "Anna Berger",
    "Thomas Krall",
    "Ms Berger",
    "Mr. O'Neill",
    "Dr. Li Wei",
    "Jean-Luc Martin",
    "José Álvarez",
    "Zoë Ångström",
    "Ngũgĩ wa Thiong'o",
    "the minister",
    "The company",
    "A spokeswoman for the European Commission",
    "He",
    "she",
    "They",
    "Reuters",
    "the Ministry of Finance",
    "Müller",
    "İsmail Şahin",
    "李伟",
    "محمد",
];

const CONTENT: &[&str] = &[
    "We will rebuild the bridge",
    "The plan is a fantasy",
    "prices would rise by 3%",
    "nobody expected this",
    "It's over",
    "we have made our choices and we will stand by them",
    "the vote would be close",
    "I don't know what \"fair\" means here",
    "this is 'unacceptable'",
    "Yes",
    "...",
    "the U.S. and the E.U. agreed",
    "costs rose to $1.2bn (€1.1bn) in 2023",
    "see https://example.com/a?b=c",
    "",
];

/// Sentences written for this test, in the shapes news text quotes people.
const SENTENCES: &[&str] = &[
    "“We will rebuild the bridge,” Mayor Ana Silva said on Tuesday.",
    "Finance Minister Anna Berger said the budget would be balanced by 2027.",
    "“It is over,” said Tom Hale. “We lost.”",
    "Karl Brandt told reporters: “The vote will be close.”",
    "According to the ministry, exports fell by 4% last year.",
    "The opposition leader, Thomas Krall, said the plan was “a fantasy”.",
    "“Nobody,” she said, “expected this.”",
    "„Wir schaffen das“, sagte Merkel.",
    "« Nous allons gagner », a déclaré le ministre.",
    "「私たちは勝つ」と彼は言った。",
    "He added: \"We're not done yet\"",
    "'This is unacceptable,' the spokesman said.",
    "``It works,'' said the engineer.",
    "Maria Lopez warned that fares could rise, according to a statement.",
    "“The first paragraph of a long quote\n\n“goes on in the next one,” said Ms Berger.",
    "The company said in a statement that it “deeply regrets” the error.",
    "“Why?” asked Mr. O'Neill. ‘Because,’ he said, ‘it’s late.’",
    "A spokeswoman for the European Commission declined to comment.",
    "Prices rose, he said",
    "said:",
    "“Unclosed quote at the end",
    "Closing mark with no opening” said Dr. Li Wei.",
    "Q: Did you know? A: “No,” Berger said.",
    "— “We are ready,” said Lena Vogt —",
];

/// Characters that break assumptions: combining marks, direction marks, zero-width characters,
/// emoji (with joiners, skin tones, flags), control characters, NUL, odd line ends, non-characters.
const ODD: &[&str] = &[
    "\u{301}",
    "\u{308}\u{301}",
    "\u{20DD}",
    "\u{202E}",
    "\u{202D}",
    "\u{200F}",
    "\u{200E}",
    "\u{2067}",
    "\u{200B}",
    "\u{200C}",
    "\u{200D}",
    "\u{2060}",
    "\u{FEFF}",
    "\u{AD}",
    "\u{2028}",
    "\u{2029}",
    "\u{85}",
    "\0",
    "\u{1}",
    "\u{7}",
    "\u{8}",
    "\u{1b}[0m",
    "\u{7f}",
    "\u{9f}",
    "\t",
    "\u{b}",
    "\u{c}",
    "\r",
    "\r\n",
    "\n",
    "\n\n",
    "\u{a0}",
    "\u{2009}",
    "\u{3000}",
    "😀",
    "👩\u{200D}👩\u{200D}👧",
    "👍🏽",
    "🇫🇷",
    "שלום",
    "مرحبا",
    "中文",
    "İ",
    "ß",
    "ﬁ",
    "ǅ",
    "ΣΑΣ",
    "\u{FFFD}",
    "\u{FFFF}",
    "\u{10FFFF}",
    "\u{E000}",
    "\u{1D400}",
    "…",
    ".",
    "?!",
    "Mr.",
    "U.S.",
];

/// What a very long token is made of.
const LONG_UNITS: &[&str] = &[
    "a", "A", ".", "“", "”", "\"", "'", "-", " ", "\n", "😀", "\u{301}", "ab", "é", "said ", ", ",
];

struct Corpus {
    fixtures: Vec<String>,
}

impl Corpus {
    fn load() -> Self {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let fixtures = ["article.txt", "quotes-article.txt"]
            .iter()
            .map(|f| std::fs::read_to_string(dir.join(f)).expect("fixture"))
            .collect();
        Corpus { fixtures }
    }
}

// ---------------------------------------------------------------------------------------------
// The generator.

/// A character boundary at or before byte `i`.
fn boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A random character boundary of `s`.
fn any_boundary(rng: &mut Rng, s: &str) -> usize {
    boundary(s, rng.below(s.len() + 1))
}

/// The byte offsets of paragraph edges: the start, the end, and around every blank line.
fn paragraph_edges(s: &str) -> Vec<usize> {
    let mut edges = vec![0, s.len()];
    for (i, _) in s.match_indices("\n\n") {
        edges.push(i);
        edges.push(i + 2);
    }
    edges
}

fn sentence(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 | 1 => rng.pick(SENTENCES).to_string(),
        2 => {
            let (open, close) = rng.pick(QUOTE_PAIRS);
            format!(
                "{open}{},{close} {} {}.",
                rng.pick(CONTENT),
                rng.pick(NAMES),
                rng.pick(CUES)
            )
        }
        3 => format!(
            "{} {} {}.",
            rng.pick(NAMES),
            rng.pick(CUES),
            rng.pick(CONTENT)
        ),
        4 => {
            let (open, close) = rng.pick(QUOTE_PAIRS);
            format!(
                "{} {} {open}{}{close}",
                rng.pick(NAMES),
                rng.pick(CUES),
                rng.pick(CONTENT)
            )
        }
        _ => {
            // Word soup from every list.
            let n = rng.range(1, 12);
            let mut s = String::new();
            for _ in 0..n {
                let piece = match rng.below(5) {
                    0 => *rng.pick(QUOTE_MARKS),
                    1 => *rng.pick(CUES),
                    2 => *rng.pick(NAMES),
                    3 => *rng.pick(CONTENT),
                    _ => *rng.pick(ODD),
                };
                s.push_str(piece);
                if !rng.one_in(4) {
                    s.push(' ');
                }
            }
            s
        }
    }
}

/// The text to mutate.
fn base(rng: &mut Rng, corpus: &Corpus) -> String {
    match rng.below(20) {
        0 => String::new(),
        1 => (0..rng.range(1, 8))
            .map(|_| *rng.pick(&[" ", "\n", "\r\n", "\t", "\u{2028}", "\u{a0}"]))
            .collect(),
        2..=6 => {
            let f = rng.pick(&corpus.fixtures);
            let a = any_boundary(rng, f);
            let b = any_boundary(rng, f);
            if rng.one_in(3) {
                f.clone()
            } else {
                f[a.min(b)..a.max(b)].to_string()
            }
        }
        _ => {
            let paragraphs = rng.range(1, 5);
            let mut text = String::new();
            for p in 0..paragraphs {
                if p > 0 {
                    let brk = *rng.pick(PARAGRAPH_BREAKS);
                    text.push_str(brk);
                }
                for s in 0..rng.range(1, 4) {
                    if s > 0 {
                        text.push(' ');
                    }
                    text.push_str(&sentence(rng));
                }
            }
            text
        }
    }
}

fn insert_at(rng: &mut Rng, text: &mut String, piece: &str) {
    let at = any_boundary(rng, text);
    text.insert_str(at, piece);
}

/// One random change to `text`.
fn mutate(rng: &mut Rng, corpus: &Corpus, text: &mut String) {
    match rng.below(15) {
        // A quote mark inserted anywhere.
        0 | 1 => {
            let q = *rng.pick(QUOTE_MARKS);
            insert_at(rng, text, q);
        }
        // Quote marks of one style deleted, all or the first.
        2 => {
            let q = *rng.pick(QUOTE_MARKS);
            *text = if rng.one_in(2) {
                text.replace(q, "")
            } else {
                text.replacen(q, "", 1)
            };
        }
        // One style of quote marks swapped for another.
        3 => {
            let (from, to) = (*rng.pick(QUOTE_MARKS), *rng.pick(QUOTE_MARKS));
            *text = text.replace(from, to);
        }
        // A cue at a paragraph edge (the very start and end included).
        4 | 5 => {
            let edges = paragraph_edges(text);
            let at = *rng.pick(&edges);
            let cue = *rng.pick(CUES);
            let piece = match rng.below(3) {
                0 => cue.to_string(),
                1 => format!("{cue} "),
                _ => format!(" {cue}"),
            };
            text.insert_str(at, &piece);
        }
        // A cue at the very end with no full stop.
        6 => {
            let cue = *rng.pick(END_CUES);
            text.push_str(cue);
        }
        // Cut at any character boundary.
        7 => {
            let at = any_boundary(rng, text);
            if rng.one_in(3) {
                text.replace_range(..at, "");
            } else {
                text.truncate(at);
            }
        }
        // Odd characters inserted.
        8 | 9 => {
            for _ in 0..rng.range(1, 5) {
                let odd = *rng.pick(ODD);
                insert_at(rng, text, odd);
            }
        }
        // Every line end of one kind.
        10 => {
            let end = *rng.pick(&[
                "\r\n", "\r", "\u{2028}", "\u{2029}", "\u{85}", "\n\n\n", " ",
            ]);
            *text = text.replace('\n', end);
        }
        // A very long token.
        11 => {
            let unit = *rng.pick(LONG_UNITS);
            let n = if rng.one_in(10) {
                rng.range(1_000, 3_000)
            } else {
                rng.range(20, 400)
            };
            let long = unit.repeat(n);
            insert_at(rng, text, &long);
        }
        // A slice of the text repeated, or a slice of a fixture spliced in.
        12 => {
            let source = if rng.one_in(2) {
                text.clone()
            } else {
                rng.pick(&corpus.fixtures).clone()
            };
            let a = any_boundary(rng, &source);
            let b = any_boundary(rng, &source);
            let piece = source[a.min(b)..a.max(b)].to_string();
            insert_at(rng, text, &piece);
        }
        // Case changed.
        13 => {
            *text = if rng.one_in(2) {
                text.to_uppercase()
            } else {
                text.to_lowercase()
            };
        }
        // Spaces removed, or doubled.
        _ => {
            *text = if rng.one_in(2) {
                text.replace(' ', "")
            } else {
                text.replace(' ', "  ")
            };
        }
    }
}

/// Document `index` of `seed`.
fn generate(corpus: &Corpus, seed: u64, index: u64) -> String {
    let mut rng = Rng::new(seed, index);
    let mut text = base(&mut rng, corpus);
    for _ in 0..rng.range(0, 6) {
        mutate(&mut rng, corpus, &mut text);
        if text.len() > MAX_BYTES {
            let at = boundary(&text, MAX_BYTES);
            text.truncate(at);
        }
    }
    text
}

// ---------------------------------------------------------------------------------------------
// The checks.

/// What is wrong with a document's records, if anything.
fn check(doc: &Document, records: &[Attribution]) -> Result<(), String> {
    let chars: Vec<char> = doc.text.chars().collect();
    let slice = |start: usize, end: usize| -> Result<String, String> {
        if start <= end && end <= chars.len() {
            Ok(chars[start..end].iter().collect())
        } else {
            Err(format!(
                "offsets {start}..{end} out of range (text has {} code points)",
                chars.len()
            ))
        }
    };
    let span = |what: &str, start: Option<usize>, end: Option<usize>, text: &str| match (start, end)
    {
        (Some(s), Some(e)) => {
            let got = slice(s, e).map_err(|m| format!("{what}: {m}"))?;
            if got == text {
                Ok(())
            } else {
                Err(format!(
                    "{what} {s}..{e} slices {got:?}, record says {text:?}"
                ))
            }
        }
        (None, None) if text.is_empty() => Ok(()),
        _ => Err(format!(
            "{what}: offsets {start:?}..{end:?} with text {text:?}"
        )),
    };
    for (i, r) in records.iter().enumerate() {
        let fail = |m: String| format!("record {i}: {m}: {r:?}");
        if r.doc_id != doc.id {
            return Err(fail(format!("doc_id {:?}", r.doc_id)));
        }
        span("quote", Some(r.quote_start), Some(r.quote_end), &r.quote).map_err(fail)?;
        span(
            "speaker",
            r.speaker_start,
            r.speaker_end,
            &r.speaker_mention,
        )
        .map_err(fail)?;
        span("cue", r.cue_start, r.cue_end, &r.cue).map_err(fail)?;
        if !(r.confidence.is_finite() && (0.0..=1.0).contains(&r.confidence)) {
            return Err(fail(format!("confidence {}", r.confidence)));
        }
    }
    Ok(())
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    match std::env::var(name) {
        Ok(v) => v
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v:?} is not a number")),
        Err(_) => default,
    }
}

#[test]
fn the_pipeline_survives_generated_documents() {
    let count: usize = env_or("WHOSAID_FUZZ_COUNT", DEFAULT_COUNT);
    let seed: u64 = env_or("WHOSAID_FUZZ_SEED", DEFAULT_SEED);
    let jobs: usize = env_or("WHOSAID_FUZZ_JOBS", 0);
    let jobs = (jobs > 0).then_some(jobs);
    let corpus = Corpus::load();
    let pipeline = Pipeline::builder()
        .build()
        .expect("the shipped models load");
    let started = Instant::now();
    let (mut records, mut failures) = (0usize, Vec::new());
    const CHUNK: usize = 4096;
    for first in (0..count).step_by(CHUNK) {
        let docs: Vec<Document> = (first..count.min(first + CHUNK))
            .map(|i| {
                Document::new(
                    format!("fuzz-{seed}-{i}"),
                    generate(&corpus, seed, i as u64),
                )
            })
            .collect();
        let outcomes = pipeline
            .extract_all(docs.iter().cloned().map(Ok), jobs)
            .unwrap();
        for (doc, outcome) in docs.iter().zip(outcomes) {
            let wrong = match outcome {
                Outcome::Records {
                    doc_id, records: r, ..
                } => {
                    records += r.len();
                    if doc_id != doc.id {
                        Err(format!("outcome for {doc_id}"))
                    } else {
                        check(doc, &r)
                    }
                }
                // An internal error is a panic in a stage.
                Outcome::Failed { error, .. } => Err(format!("extraction failed: {error}")),
                Outcome::Unreadable(e) => Err(format!("unreadable: {e}")),
            };
            if let Err(why) = wrong {
                failures.push(format!("{}: {why}\n  text: {:?}", doc.id, doc.text));
            }
        }
        if count > DEFAULT_COUNT {
            eprintln!(
                "fuzz: {} of {count} documents, {} failures, {:.0} s",
                count.min(first + CHUNK),
                failures.len(),
                started.elapsed().as_secs_f64()
            );
        }
    }
    println!(
        "fuzz: {count} documents (seed {seed:#x}), {records} records, {} failures, {:.1} s",
        failures.len(),
        started.elapsed().as_secs_f64()
    );
    for f in failures.iter().take(20) {
        println!("{f}");
    }
    assert!(
        failures.is_empty(),
        "{} of {count} generated documents failed (first ones above)",
        failures.len()
    );
}

/// The generator covers what it promises: empty documents, every quote mark, long tokens, odd
/// characters, and the same text for the same seed and index.
#[test]
fn the_generator_is_deterministic_and_varied() {
    let corpus = Corpus::load();
    let docs: Vec<String> = (0..3000).map(|i| generate(&corpus, 7, i)).collect();
    assert_eq!(docs[123], generate(&corpus, 7, 123));
    assert_ne!(docs[123], generate(&corpus, 8, 123));
    assert!(docs.iter().any(|d| d.is_empty()));
    assert!(docs.iter().any(|d| d.len() > 4_000));
    for q in QUOTE_MARKS {
        assert!(docs.iter().any(|d| d.contains(q)), "no {q:?}");
    }
    for odd in [
        "\0",
        "\r",
        "\u{2028}",
        "\u{202E}",
        "\u{301}",
        "👩\u{200D}👩\u{200D}👧",
    ] {
        assert!(docs.iter().any(|d| d.contains(odd)), "no {odd:?}");
    }
    assert!(docs.iter().any(|d| d.ends_with("said:")));
}

/// The checks catch what they look for: offsets off by one or out of range, a speaker offset
/// without its mention, a confidence above 1.
#[test]
fn the_checks_catch_bad_records() {
    let pipeline = Pipeline::builder().build().unwrap();
    let doc = Document::new(
        "d",
        "“We will rebuild the bridge,” Mayor Ana Silva said on Tuesday.",
    );
    let good = pipeline.extract(&doc).unwrap();
    assert!(!good.is_empty());
    check(&doc, &good).unwrap();
    let spoilt: [fn(&mut Attribution); 5] = [
        |r| r.quote_end += 1,
        |r| r.quote_start = r.quote_end + 1,
        |r| r.speaker_end = Some(10_000),
        |r| r.cue_start = None,
        |r| r.confidence = 1.5,
    ];
    for spoil in spoilt {
        let mut bad = good.clone();
        spoil(&mut bad[0]);
        assert!(check(&doc, &bad).is_err(), "{:?}", bad[0]);
    }
}
