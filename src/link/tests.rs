//! The examples of the rule catalogue, run as tests: each text goes through the real segmenter,
//! quote finder, cue finder and linker, with a small deterministic part-of-speech tagger and
//! entity recogniser standing in for the models, and must give a link by its rule with the
//! example's quote, speaker mention and cue.

use super::rules::{Example, RULES, RuleId};
use super::{Link, link};
use crate::analysis::Analysis;
use crate::claims_model::{OpenCues, Part, Span, Tagged};
use crate::cues;
use crate::ner::{Entity, EntityType};
use crate::text::quotes;
use crate::text::segment::{self, Token};

// ---------------------------------------------------------------------------------------------
// A stand-in part-of-speech tagger: word lists, word shapes and a few rules of context.

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "these", "those", "some", "every", "each", "no", "all", "both",
    "another", "any",
];
const PRONOUNS: &[&str] = &[
    "he", "she", "they", "we", "i", "it", "you", "him", "them", "us", "me",
];
const POSSESSIVES: &[&str] = &["his", "her", "its", "their", "our", "my", "your"];
const PREPOSITIONS: &[&str] = &[
    "that", "of", "in", "on", "at", "for", "with", "by", "from", "about", "into", "over", "after",
    "before", "during", "against", "as", "since", "because", "if", "than", "under", "without",
    "despite", "across", "while", "although", "though", "whether", "until", "through",
];
const CONJUNCTIONS: &[&str] = &["and", "but", "or", "nor"];
const MODALS: &[&str] = &[
    "will", "would", "can", "could", "may", "might", "must", "should", "shall",
];
/// Forms of be, have and do.
const AUXILIARIES: &[(&str, &str)] = &[
    ("is", "VBZ"),
    ("are", "VBP"),
    ("am", "VBP"),
    ("was", "VBD"),
    ("were", "VBD"),
    ("be", "VB"),
    ("been", "VBN"),
    ("being", "VBG"),
    ("has", "VBZ"),
    ("have", "VBP"),
    ("had", "VBD"),
    ("does", "VBZ"),
    ("do", "VBP"),
    ("did", "VBD"),
];
const WH_WORDS: &[(&str, &str)] = &[
    ("who", "WP"),
    ("whom", "WP"),
    ("whose", "WP$"),
    ("which", "WDT"),
    ("where", "WRB"),
    ("when", "WRB"),
    ("how", "WRB"),
    ("why", "WRB"),
];
const ADVERBS: &[&str] = &[
    "not", "n't", "never", "also", "very", "too", "far", "much", "soon", "again", "still",
    "already", "now", "then", "later", "just", "even", "only", "back", "here", "there", "away",
    "almost", "once", "ahead", "yet",
];
const ADJECTIVES: &[&str] = &[
    "strange", "low", "false", "ready", "new", "good", "bad", "high", "clear", "former", "local",
    "late", "next", "last", "safe", "free", "better", "worse", "public", "private", "final",
    "many", "few", "several", "useful", "tired",
];
const NUMBERS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "hundred",
    "thousand", "million", "billion",
];
/// Common nouns that may open a sentence, so are not names there.
const NOUNS: &[&str] = &[
    "nobody",
    "everyone",
    "everybody",
    "someone",
    "residents",
    "officials",
    "prices",
    "costs",
    "police",
    "voters",
    "workers",
    "yesterday",
    "today",
];
/// Verbs other than reporting verbs (those come from the cue lexicon), with their tags.
const VERBS: &[(&str, &str)] = &[
    ("rose", "VBD"),
    ("fell", "VBD"),
    ("grew", "VBD"),
    ("saw", "VBD"),
    ("shot", "VBD"),
    ("went", "VBD"),
    ("came", "VBD"),
    ("made", "VBD"),
    ("took", "VBD"),
    ("gave", "VBD"),
    ("won", "VBD"),
    ("lost", "VBD"),
    ("met", "VBD"),
    ("hurt", "VBN"),
    ("go", "VB"),
    ("run", "VB"),
    ("rebuild", "VB"),
    ("close", "VB"),
    ("open", "VB"),
    ("cost", "VB"),
    ("get", "VB"),
    ("make", "VB"),
    ("take", "VB"),
    ("save", "VB"),
    ("deserve", "VBP"),
    ("regret", "VBP"),
];
/// Past participles of irregular reporting verbs.
const PARTICIPLES: &[&str] = &["written", "shown", "known", "sworn", "spoken"];
/// Irregular past tenses of reporting verbs.
const PAST: &[&str] = &[
    "said",
    "told",
    "wrote",
    "thought",
    "felt",
    "heard",
    "found",
    "knew",
    "understood",
    "swore",
    "spoke",
    "forecast",
];

fn is_word(w: &str) -> bool {
    w.chars().any(char::is_alphanumeric)
}

fn lookup(list: &[(&str, &'static str)], w: &str) -> Option<&'static str> {
    list.iter().find(|(k, _)| *k == w).map(|&(_, t)| t)
}

fn punct_tag(w: &str, opened: &mut bool) -> &'static str {
    match w {
        "," => ",",
        "." | "?" | "!" => ".",
        "(" | "[" | "{" => "(",
        ")" | "]" | "}" => ")",
        "“" | "‘" | "«" | "„" => "``",
        "”" | "’" | "»" => "''",
        "\"" | "'" => {
            *opened = !*opened;
            if *opened { "``" } else { "''" }
        }
        _ => ":",
    }
}

/// The tag of a lower-case word from the word lists and its shape, before context.
fn word_tag(w: &str) -> &'static str {
    if DETERMINERS.contains(&w) {
        return "DT";
    }
    if PRONOUNS.contains(&w) {
        return "PRP";
    }
    if POSSESSIVES.contains(&w) {
        return "PRP$";
    }
    if w == "to" {
        return "TO";
    }
    if w == "according" {
        return "VBG";
    }
    if PREPOSITIONS.contains(&w) {
        return "IN";
    }
    if CONJUNCTIONS.contains(&w) {
        return "CC";
    }
    if MODALS.contains(&w) {
        return "MD";
    }
    if let Some(t) = lookup(AUXILIARIES, w).or_else(|| lookup(WH_WORDS, w)) {
        return t;
    }
    if ADVERBS.contains(&w) {
        return "RB";
    }
    if ADJECTIVES.contains(&w) {
        return "JJ";
    }
    if NUMBERS.contains(&w) || w.starts_with(|c: char| c.is_ascii_digit()) {
        return "CD";
    }
    if NOUNS.contains(&w) {
        return if w.ends_with('s') { "NNS" } else { "NN" };
    }
    if let Some(t) = lookup(VERBS, w) {
        return t;
    }
    if let Some(v) = cues::verb(w) {
        return if PAST.contains(&w) || w.ends_with("ed") {
            "VBD"
        } else if PARTICIPLES.contains(&w) {
            "VBN"
        } else if w.ends_with("ing") {
            "VBG"
        } else if w == v.lemma {
            "VBP"
        } else {
            "VBZ"
        };
    }
    if w.len() > 4 && w.ends_with("ly") {
        return "RB";
    }
    if w.len() > 4 && w.ends_with("ed") {
        return "VBD";
    }
    if w.len() > 4 && w.ends_with("ing") {
        return "VBG";
    }
    if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
        return "NNS";
    }
    "NN"
}

/// Whether a lower-case word is in one of the tagger's lists (so is not a name when capitalised
/// at the start of a sentence).
fn known(w: &str) -> bool {
    DETERMINERS.contains(&w)
        || PRONOUNS.contains(&w)
        || POSSESSIVES.contains(&w)
        || w == "to"
        || w == "according"
        || PREPOSITIONS.contains(&w)
        || CONJUNCTIONS.contains(&w)
        || MODALS.contains(&w)
        || lookup(AUXILIARIES, w).is_some()
        || lookup(WH_WORDS, w).is_some()
        || ADVERBS.contains(&w)
        || ADJECTIVES.contains(&w)
        || NUMBERS.contains(&w)
        || NOUNS.contains(&w)
        || lookup(VERBS, w).is_some()
        || cues::verb(w).is_some()
}

fn is_verb_tag(t: &str) -> bool {
    t.starts_with("VB")
}

/// Penn Treebank tags for the words of one sentence.
fn tag_words(words: &[&str]) -> Vec<&'static str> {
    let mut tags: Vec<&'static str> = Vec::with_capacity(words.len());
    let mut opened = false;
    for (i, &word) in words.iter().enumerate() {
        if !is_word(word) {
            tags.push(punct_tag(word, &mut opened));
            continue;
        }
        let lower = word.to_lowercase();
        let capital = word.starts_with(char::is_uppercase);
        // The first word of the sentence, or of a quotation.
        let initial = i == 0 || tags[i - 1] == "``";
        let tag = if lower == "i" {
            "PRP"
        } else if capital && !(initial && known(&lower)) {
            "NNP"
        } else {
            word_tag(&lower)
        };
        tags.push(tag);
    }
    // Context: the previous word, and the previous word that is not an adverb.
    for i in 1..tags.len() {
        let prev = tags[i - 1];
        let before_adverbs = (0..i).rev().find(|&k| tags[k] != "RB").map(|k| tags[k]);
        let lower = words[i].to_lowercase();
        let prev_lower = words[i - 1].to_lowercase();
        // "the report", "a comment", "their new plans", "the rally": a verb or -ly form after a
        // determiner, possibly with adjectives between, is a noun.
        let after_determiner = (0..i)
            .rev()
            .find(|&k| tags[k] != "JJ")
            .is_some_and(|k| matches!(tags[k], "DT" | "PRP$" | "POS"));
        let noun_shape = is_verb_tag(tags[i]) || tags[i] == "RB" && lower.ends_with("ly");
        if noun_shape && after_determiner {
            tags[i] = if lower.ends_with('s') && !lower.ends_with("ss") {
                "NNS"
            } else {
                "NN"
            };
            continue;
        }
        // "a plan called “Fair Roads”": a past form between a noun and a quotation is a
        // participle.
        if tags[i] == "VBD"
            && tags[i - 1].starts_with("NN")
            && words.get(i + 1).is_some_and(|w| matches!(*w, "“" | "\""))
        {
            tags[i] = "VBN";
            continue;
        }
        // "was said", "has told", "would be balanced": participles after be and have.
        if tags[i] == "VBD" {
            let aux = (0..i)
                .rev()
                .find(|&k| tags[k] != "RB")
                .map(|k| words[k].to_lowercase());
            if aux.is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "is" | "are"
                        | "was"
                        | "were"
                        | "be"
                        | "been"
                        | "being"
                        | "has"
                        | "have"
                        | "had"
                )
            }) {
                tags[i] = "VBN";
            }
            continue;
        }
        // "will close", "to say": the base form after a modal or "to".
        if before_adverbs == Some("MD") && matches!(tags[i], "NN" | "VBP") {
            tags[i] = "VB";
            continue;
        }
        if prev == "TO" && tags[i] == "VBP" {
            tags[i] = "VB";
            continue;
        }
        // "There is": existential "there" before a form of be.
        if prev_lower == "there" && matches!(lower.as_str(), "is" | "are" | "was" | "were") {
            tags[i - 1] = "EX";
            continue;
        }
        // "it costs": an -s form after a subject pronoun is a verb.
        if tags[i] == "NNS" && matches!(prev_lower.as_str(), "he" | "she" | "it") {
            tags[i] = "VBZ";
        }
    }
    tags
}

// ---------------------------------------------------------------------------------------------
// A stand-in entity recogniser: each run of proper nouns is a person, or an organisation when it
// ends in an organisation word. Days and months are not entities.

const ORG_WORDS: &[&str] = &[
    "Council",
    "Ministry",
    "Party",
    "Inc.",
    "Corp.",
    "Ltd",
    "Union",
    "Bank",
    "Committee",
    "Association",
    "Company",
    "Agency",
];
const NOT_NAMES: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn entities(text: &str, tokens: &[Token], tags: &[&str]) -> Vec<Entity> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let name = |k: usize| tags[k] == "NNP" && !NOT_NAMES.contains(&tokens[k].text(text));
        if !name(i) {
            i += 1;
            continue;
        }
        let start = i;
        while i < tokens.len() && name(i) {
            i += 1;
        }
        let kind = if ORG_WORDS.contains(&tokens[i - 1].text(text)) {
            EntityType::Org
        } else {
            EntityType::Per
        };
        out.push(Entity {
            kind,
            tokens: start..i,
            start: tokens[start].start as usize,
            end: tokens[i - 1].end as usize,
            score: 1.0,
        });
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Running the linker on a text.

/// The analysis of a text with the stand-in tagger and recogniser.
fn analyse(text: &str) -> Analysis<'_, 'static> {
    let seg = segment::segment(text);
    let mut pos = Vec::with_capacity(seg.tokens.len());
    let mut ents = Vec::with_capacity(seg.sentences.len());
    for s in 0..seg.sentences.len() {
        let tokens = seg.sentence_tokens(s);
        let words: Vec<&str> = tokens.iter().map(|t| t.text(text)).collect();
        let tags = tag_words(&words);
        ents.push(entities(text, tokens, &tags));
        pos.extend(tags);
    }
    let quotes = quotes::find(text, &seg.paragraphs);
    Analysis::new(text, seg, pos, ents, quotes)
}

fn run(text: &str) -> (Analysis<'_, 'static>, Vec<Link>) {
    let a = analyse(text);
    let cues = cues::find(&a);
    let links = link(&a, &cues);
    (a, links)
}

/// The text of a token range, "" for none.
fn words<'t>(a: &Analysis<'t, '_>, r: &Option<std::ops::Range<usize>>) -> &'t str {
    r.as_ref().map_or("", |r| &a.text[a.span(r)])
}

fn describe(a: &Analysis, l: &Link) -> String {
    format!(
        "{} quote={:?} speaker={:?} cue={:?}",
        l.rule,
        &a.text[l.content.clone()],
        words(a, &l.speaker),
        words(a, &l.cue)
    )
}

/// Asserts that the rules link nothing in `text`, naming what they linked.
fn assert_no_links(text: &str) {
    let (a, links) = run(text);
    assert!(
        links.is_empty(),
        "{text}: {:?}",
        links.iter().map(|l| describe(&a, l)).collect::<Vec<_>>()
    );
}

/// Whether a link is the one an example describes.
fn matches(a: &Analysis, l: &Link, rule: RuleId, ex: &Example) -> bool {
    l.rule == rule
        && a.text[l.content.clone()] == *ex.quote
        && words(a, &l.speaker) == ex.speaker
        && words(a, &l.cue) == ex.cue
}

/// The pipeline with the shipped attribution model, for the examples of the model's rules: its
/// links depend on the real part-of-speech and entity models, not on the stand-ins.
fn model_pipeline() -> &'static crate::pipeline::Pipeline {
    static P: std::sync::OnceLock<crate::pipeline::Pipeline> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        crate::pipeline::Pipeline::builder()
            .claims(crate::claims_model::ClaimsMode::Model)
            .build()
            .expect("the shipped models, the attribution model among them, load")
    })
}

/// A text through the real pipeline's analysis, the rules and the attribution model.
fn run_model(text: &str) -> (Analysis<'_, 'static>, Vec<Link>) {
    let p = model_pipeline();
    let a = p.analyse(text).expect("analysis");
    let cues = cues::find(&a);
    let links =
        super::link_with_model(&a, &cues, p.claims_model().expect("a model")).expect("linking");
    (a, links)
}

/// The failures of one rule's examples, each with the links found and the tags read.
fn failures(rule: RuleId) -> Vec<String> {
    let mut out = Vec::new();
    for ex in rule.info().examples {
        let (a, links) = if rule.is_model() {
            run_model(ex.text)
        } else {
            run(ex.text)
        };
        if links.iter().any(|l| matches(&a, l, rule, ex)) {
            continue;
        }
        let mut msg = format!(
            "{rule}: {:?}\n  expected quote={:?} speaker={:?} cue={:?}\n  found:",
            ex.text, ex.quote, ex.speaker, ex.cue
        );
        if links.is_empty() {
            msg.push_str(" nothing");
        }
        for l in &links {
            msg.push_str(&format!("\n    {}", describe(&a, l)));
        }
        let tagged: Vec<String> = (0..a.len())
            .map(|i| format!("{}/{}", a.word(i), a.pos[i]))
            .collect();
        msg.push_str(&format!("\n  tags: {}", tagged.join(" ")));
        out.push(msg);
    }
    out
}

fn check(rule: RuleId) {
    let f = failures(rule);
    assert!(f.is_empty(), "\n{}\n", f.join("\n\n"));
}

#[test]
fn every_rule_example_links_by_its_rule() {
    let f: Vec<String> = RULES.iter().flat_map(|r| failures(r.id)).collect();
    assert!(
        f.is_empty(),
        "{} failing examples:\n{}\n",
        f.len(),
        f.join("\n\n")
    );
}

macro_rules! rule_test {
    ($($name:ident => $id:ident,)+) => {
        $(
            #[test]
            fn $name() {
                check(RuleId::$id);
            }
        )+

        #[test]
        fn every_rule_has_its_own_test() {
            let tested = [$(RuleId::$id),+];
            for r in RULES {
                assert!(tested.contains(&r.id), "{} has no test", r.id);
            }
        }
    };
}

rule_test! {
    quote_speaker_said => QuoteSpeakerSaid,
    quote_speaker_said_apposition => QuoteSpeakerSaidApposition,
    quote_said_speaker => QuoteSaidSpeaker,
    speaker_said_quote => SpeakerSaidQuote,
    speaker_said_quote_apposition => SpeakerSaidQuoteApposition,
    telling_quote => TellingQuote,
    participle_quote => ParticipleQuote,
    said_quote => SaidQuote,
    speaker_colon_quote => SpeakerColonQuote,
    speaker_verb_colon_quote => SpeakerVerbColonQuote,
    according_to_quote => AccordingToQuote,
    speaker_said_then_quote => SpeakerSaidThenQuote,
    continuation => Continuation,
    speaker_said_clause => SpeakerSaidClause,
    speaker_said_clause_apposition => SpeakerSaidClauseApposition,
    clause_speaker_said => ClauseSpeakerSaid,
    clause_speaker_said_apposition => ClauseSpeakerSaidApposition,
    clause_said_speaker => ClauseSaidSpeaker,
    parenthetical => Parenthetical,
    relative_said_clause => RelativeSaidClause,
    participle_clause => ParticipleClause,
    clause_according_to => ClauseAccordingTo,
    according_to_clause => AccordingToClause,
    statement_read => StatementRead,
    quote_according_to => QuoteAccordingTo,
    quote_dash_speaker => QuoteDashSpeaker,
    quoted_as_saying_quote => QuotedAsSayingQuote,
    label_colon_quote => LabelColonQuote,
    floating_quote => FloatingQuote,
    quoted_as_saying_clause => QuotedAsSayingClause,
    noun_cue => NounCue,
    model_direct => ModelDirect,
    model_mixed => ModelMixed,
    model_indirect => ModelIndirect,
}

#[test]
fn the_model_adds_nothing_where_the_rules_linked_and_scores_their_links() {
    // A claim the rules link: the model adds no second record over the same words, and the
    // rules' link carries the model's score.
    let (a, links) = run_model("The minister said that the budget would be balanced.");
    assert_eq!(
        links.len(),
        1,
        "{:?}",
        links.iter().map(|l| describe(&a, l)).collect::<Vec<_>>()
    );
    assert_eq!(links[0].rule, RuleId::SpeakerSaidClause);
    let score = links[0].model_score.expect("scored by the model");
    assert!(score > 0.5, "{score}");
    // Without the model no link has a score.
    let (_, links) = run("The minister said that the budget would be balanced.");
    assert!(links.iter().all(|l| l.model_score.is_none()));
}

#[test]
fn the_model_makes_no_claim_of_hearsay_or_a_plain_report() {
    for text in [
        "The bridge is said to be unsafe.",
        "The council met on Tuesday and the roads were closed for repairs.",
        "Your gift helps us to tell the story of every town in the state.",
    ] {
        let (a, links) = run_model(text);
        assert!(
            links.is_empty(),
            "{text}: {:?}",
            links.iter().map(|l| describe(&a, l)).collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_quotation_inside_a_reported_clause_is_the_clause_s() {
    // The quoted words are the minister's claim's, not a record of their own, whether the
    // quotation reads as said by the claim's speaker or by a subject inside the claim.
    for (text, quote) in [
        (
            "The minister said it would respond “in kind” to any attack on its ships.",
            "it would respond “in kind” to any attack on its ships",
        ),
        (
            "The minister said that the navy would reply “in kind” to any attack.",
            "that the navy would reply “in kind” to any attack",
        ),
    ] {
        let (a, links) = run(text);
        let found: Vec<String> = links.iter().map(|l| describe(&a, l)).collect();
        assert_eq!(links.len(), 1, "{text}: {found:?}");
        assert_eq!(links[0].rule, RuleId::SpeakerSaidClause, "{found:?}");
        assert_eq!(&a.text[links[0].content.clone()], quote, "{found:?}");
        assert_eq!(words(&a, &links[0].speaker), "The minister", "{found:?}");
    }
    // A quotation after the claim with a cue of its own stays a record.
    let (a, links) =
        run("The mayor said that the city had changed. “It is a new town,” she added.");
    let found: Vec<String> = links.iter().map(|l| describe(&a, l)).collect();
    assert!(
        links
            .iter()
            .any(|l| &a.text[l.content.clone()] == "It is a new town,"),
        "{found:?}"
    );
}

#[test]
fn an_ing_form_after_an_article_is_no_cue() {
    // "The ruling made by the judge was …": a noun, whatever its tag, and no source before it.
    let a = analyse("The ruling made by the judge was final. The warning came too late.");
    let cues = cues::find(&a);
    for i in 0..a.len() {
        assert!(cues.verb(i).is_none(), "{} read as a cue", a.word(i));
    }
}

#[test]
fn a_document_noun_read_as_an_adverb_heads_the_subject() {
    // The tagger may read "ad" after a noun or a name as an adverb; it heads the subject.
    for (text, mention) in [
        (
            "A new campaign ad says the budget was late.",
            "A new campaign ad",
        ),
        (
            "A Lena Ortiz ad said the budget was late.",
            "A Lena Ortiz ad",
        ),
    ] {
        let (a, links) = run_model(text);
        assert!(
            links.iter().any(|l| words(&a, &l.speaker) == mention),
            "{text}: {:?}",
            links.iter().map(|l| describe(&a, l)).collect::<Vec<_>>()
        );
    }
}

/// Whether the model's content `content` with the cue `cue` (first occurrences of the words in
/// `text`) is no claim by the words around it.
fn model_no_claim(text: &str, cue: &str, content: &str) -> bool {
    use super::Linker;
    use super::index::Index;
    let a = analyse(text);
    let cues = cues::find(&a);
    let mut l = Linker {
        a: &a,
        cues: &cues,
        ix: Index::default(),
    };
    l.ix = Index::build(&l);
    let tokens = |phrase: &str| {
        let start = text.find(phrase).expect("the phrase is in the text");
        a.token_at_or_after(start)..a.token_at_or_after(start + phrase.len())
    };
    l.no_claim(&tokens(content), &tokens(cue))
}

#[test]
fn model_contents_that_are_no_claim() {
    for (text, cue, content) in [
        // One word cut from its phrase.
        (
            "Of the judges who will hear the case, six are new.",
            "hear",
            "the",
        ),
        (
            "Is it the same? According to the paper, basically.",
            "According to",
            "basically",
        ),
        // The writer's question about the one named.
        (
            "And then Tom Ruiz: What, exactly, has he done?",
            ":",
            "What, exactly, has he done",
        ),
        // The listener before the clause.
        (
            "Lee complained to the host that the plan was unfair.",
            "complained",
            "the host",
        ),
        // A time alone.
        (
            "Six months ago, the senator said, nobody knew him.",
            "said",
            "Six months ago",
        ),
    ] {
        assert!(model_no_claim(text, cue, content), "{text}: {content:?}");
    }
    for (text, cue, content) in [
        ("Lee has articulated these before.", "articulated", "these"),
        ("Ted Cruz apparently thinks so.", "thinks", "so"),
        ("The senator criticized the deal.", "criticized", "the deal"),
        (
            "The Clintons chose not to respond to his attacks.",
            "respond",
            "his attacks",
        ),
        ("Lee: The plan will fail.", ":", "The plan will fail"),
        (
            "He had misgivings about the forces two years ago.",
            "had misgivings about",
            "the forces two years ago",
        ),
    ] {
        assert!(!model_no_claim(text, cue, content), "{text}: {content:?}");
    }
}

#[test]
fn tagger_reads_the_words_the_rules_look_at() {
    let tags = |s: &str| {
        let seg = segment::segment(s);
        let words: Vec<&str> = seg.tokens.iter().map(|t| t.text(s)).collect();
        tag_words(&words).join(" ")
    };
    assert_eq!(
        tags("According to the report, it was said that prices rose."),
        "VBG TO DT NN , PRP VBD VBN IN NNS VBD ."
    );
    assert_eq!(
        tags("“The plan will work,” Maria Lopez said."),
        "`` DT NN MD VB , '' NNP NNP VBD ."
    );
    assert_eq!(tags("It costs too much."), "PRP VBZ RB RB .");
}

/// Texts that once made the linker read past the end of a sentence or document.
#[test]
fn edge_texts_do_not_panic() {
    for text in [
        "Prices rose, he said",
        "according to",
        "He said on",
        "d,said",
        "",
        "said",
        "“",
        "He said: “",
        "According to",
        "“Yes,” said",
    ] {
        let _ = run(text);
    }
}

/// The linker's tables answer what scanning the sentence answers, on every token of the
/// catalogue's texts: one by one, run together as one paragraph, and as one long sentence.
#[test]
fn index_answers_what_scans_answer() {
    use super::Linker;
    use super::index::Index;

    let texts: Vec<&str> = RULES
        .iter()
        .flat_map(|r| r.examples.iter().map(|e| e.text))
        .collect();
    let paragraph = texts.join(" ");
    let sentence = paragraph.replace(". ", ", ");
    let mut all: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
    all.extend([paragraph, sentence]);
    let mut checked = 0;
    for text in &all {
        let a = analyse(text);
        let cues = cues::find(&a);
        let mut l = Linker {
            a: &a,
            cues: &cues,
            ix: Index::default(),
        };
        l.ix = Index::build(&l);
        let finite = |k: usize| matches!(a.pos[k], "VBD" | "VBZ" | "VBP" | "MD");
        for i in 0..a.len() {
            let (start, end) = (a.sent_start(i), a.sent_end(i));
            let lead = (start..i)
                .filter(|&k| !a.is_punct(k) && !matches!(a.w(k), "and" | "but" | "so"))
                .count();
            assert_eq!(l.lead_in(&(i..i + 1)), lead, "lead-in at {i} of {text}");
            let cue = (start..end).any(|k| !a.quoted(k) && l.cue_verb(k).is_some());
            assert_eq!(l.sentence_has_cue(i..i + 1), cue);
            let clause_end = (i..end).find(|&k| l.breaks_clause(k, end)).unwrap_or(end);
            assert_eq!(
                l.clause_end(i, end),
                clause_end,
                "clause end at {i} of {text}"
            );
            let subject = (start..i).rev().find_map(|k| l.verb_subject(k));
            assert_eq!(
                l.clause_subject(i),
                subject,
                "clause subject at {i} of {text}"
            );
            let finite_subject = (start..i)
                .rev()
                .find_map(|k| l.finite_verb_subject(k).map(|np| (k, np)));
            assert_eq!(l.finite_verb_with_subject(i), finite_subject);
            assert_eq!(l.ix.has_quoted(start..i), (start..i).any(|k| a.quoted(k)));
            assert_eq!(l.ix.has_verb(i..end), (i..end).any(|k| a.is_verb(k)));
            assert_eq!(l.ix.has_finite(start..i), (start..i).any(finite));
            let close =
                (i + 1..a.len()).find(|&k| a.mark_of(k).is_some() && a.quote_at(k - 1).is_some());
            assert_eq!(l.ix.closing_mark(i + 1), close);
            checked += 1;
        }
        // The claims kept per sentence: no claim's cue inside another's content, no "according
        // to" claim holding a cue.
        let used = vec![false; a.len()];
        for s in 0..a.seg.sentences.len() {
            let claims = l.link_claims(s, &used);
            let inside = |inner: &Link, outer: &Link| {
                let cue = a.span(inner.cue.as_ref().unwrap());
                outer.content.start <= cue.start && cue.end <= outer.content.end
            };
            let according = |l: &Link| l.rule.is_according_to();
            let kept: Vec<Link> = claims
                .iter()
                .filter(|l| {
                    !(claims.iter().any(|o| inside(l, o) && !according(o))
                        || according(l) && claims.iter().any(|i| inside(i, l)))
                })
                .cloned()
                .collect();
            assert_eq!(l.outermost(claims), kept, "sentence {s} of {text}");
        }
    }
    assert!(checked > 1000, "{checked} tokens checked");
}

/// Texts that hold no attribution, though a cue verb or a quote mark is in them: play-by-play,
/// events and times as subjects, a demand for a thing, a connective before a parenthetical cue.
#[test]
fn non_attributions_give_no_link() {
    for (text, not_quote) in [
        ("San Jose answered 17 seconds later.", "17 seconds later"),
        (
            "Tuesday's attack showed that the city remains vulnerable.",
            "the city remains vulnerable",
        ),
        (
            "The year 2016 said a lot about the voters.",
            "a lot about the voters",
        ),
        (
            "The workers demanded help from the council, which had stayed silent.",
            "help from the council, which had stayed silent",
        ),
        ("However, he said, the plan would go ahead.", "However"),
        // A clause opener alone or with a pronoun is a clause cut short.
        ("The mayor often notes that he", "that he"),
        ("The mayor would not say whether.", "whether"),
        // The title of a programme where something was said is not what was said.
        (
            "“We will win,” Ann Lee said on “Meet the Press.” “They will lose.”",
            "Meet the Press.",
        ),
        (
            "Ann Lee said on NBC's “Meet the Press” that the party would win.",
            "Meet the Press",
        ),
        (
            "Ann Lee said on Sunday's broadcast of “Meet the Press” that the party would win.",
            "Sunday's broadcast of “Meet the Press",
        ),
    ] {
        let (a, links) = run(text);
        for l in &links {
            assert_ne!(
                &a.text[l.content.clone()],
                not_quote,
                "{text}: {}",
                describe(&a, l)
            );
        }
    }
}

/// The content and source phrase of the one link whose cue is `cue`.
fn claim_of(text: &str, cue: &str) -> (String, String) {
    let (a, links) = run(text);
    let l = links
        .iter()
        .find(|l| words(&a, &l.cue) == cue)
        .unwrap_or_else(|| {
            panic!(
                "{text}: no link by {cue:?} in {:?}",
                links.iter().map(|l| describe(&a, l)).collect::<Vec<_>>()
            )
        });
    let source = l.source.clone().or(l.speaker.clone());
    (
        a.text[l.content.clone()].to_string(),
        words(&a, &source).to_string(),
    )
}

#[test]
fn a_reported_clause_keeps_its_complementizer() {
    let (content, _) = claim_of(
        "The mayor said on Monday that the bridge would reopen.",
        "said",
    );
    assert_eq!(content, "that the bridge would reopen");
    // Without "that" the clause starts at its subject.
    let (content, _) = claim_of("The mayor said the bridge would reopen.", "said");
    assert_eq!(content, "the bridge would reopen");
}

#[test]
fn a_time_after_the_cue_is_not_part_of_the_claim() {
    for (text, cue, claim) in [
        (
            "The mayor promised Monday that the bridge would reopen.",
            "promised",
            "that the bridge would reopen",
        ),
        (
            "The mayor said Tuesday morning the bridge would reopen.",
            "said",
            "the bridge would reopen",
        ),
        (
            "The mayor said last week the bridge would reopen.",
            "said",
            "the bridge would reopen",
        ),
        (
            "The council announced this month that the bridge would reopen.",
            "announced",
            "that the bridge would reopen",
        ),
    ] {
        let (content, _) = claim_of(text, cue);
        assert_eq!(content, claim, "{text}");
    }
    // A time that is the claim's subject stays.
    let (content, _) = claim_of("The mayor said last year was the hardest.", "said");
    assert_eq!(content, "last year was the hardest");
}

#[test]
fn a_claim_in_an_adverbial_clause_ends_at_the_main_clause() {
    for (text, claim) in [
        (
            "When the mayor said the bridge was safe, the council reopened it.",
            "the bridge was safe",
        ),
        (
            "While one company says the market will grow, its rival expects a fall.",
            "the market will grow",
        ),
        (
            "After the mayor said that the roads were clear, the buses ran again.",
            "that the roads were clear",
        ),
    ] {
        let (a, links) = run(text);
        let contents: Vec<&str> = links.iter().map(|l| &a.text[l.content.clone()]).collect();
        assert!(contents.contains(&claim), "{text}: {contents:?}");
    }
    // The reported clause's own adverbial comma does not end it.
    let (content, _) = claim_of(
        "After the mayor said that despite the rain, the bridge would reopen, the crowd was happy.",
        "said",
    );
    assert_eq!(content, "that despite the rain, the bridge would reopen");
}

#[test]
fn an_adverbial_clause_after_a_parenthetical_cue_is_not_claimed() {
    for (text, claim, aside) in [
        (
            "The plan is sound, the mayor said, as the crowd cheered.",
            "The plan is sound",
            "crowd",
        ),
        (
            "Rents will rise by a tenth, the agency said, given the shortage of homes.",
            "Rents will rise by a tenth",
            "shortage",
        ),
    ] {
        let (a, links) = run(text);
        let contents: Vec<&str> = links.iter().map(|l| &a.text[l.content.clone()]).collect();
        assert!(contents.contains(&claim), "{text}: {contents:?}");
        assert!(
            !contents.iter().any(|c| c.contains(aside)),
            "{text}: {contents:?}"
        );
    }
}

#[test]
fn a_thing_kept_is_no_claim_but_a_clause_maintained_is() {
    assert_no_links("The center maintains a program for young leaders.");
    let (content, _) = claim_of("The mayor maintains he did nothing wrong.", "maintains");
    assert_eq!(content, "he did nothing wrong");
}

#[test]
fn a_naming_participle_has_no_speaker_after_it() {
    assert_no_links("The fund, called Green Start, will lend money to farmers.");
}

#[test]
fn a_subheading_in_marks_does_not_continue_a_quotation() {
    for heading in ["'Trouble in the Valley.'", "\"Related:\""] {
        let text = format!(
            "“The river is rising,” the mayor said. “We are ready.”\n\n{heading}\n\nThe town has three bridges."
        );
        let (a, links) = run(&text);
        let contents: Vec<&str> = links.iter().map(|l| &a.text[l.content.clone()]).collect();
        assert!(contents.contains(&"We are ready."), "{text}: {contents:?}");
        assert!(
            !contents
                .iter()
                .any(|c| c.contains("Trouble") || c.contains("Related")),
            "{text}: {contents:?}"
        );
    }
}

#[test]
fn a_second_complement_after_but_that_goes_on_with_the_claim() {
    let (content, _) = claim_of(
        "The mayor said that the bridge was safe, but that the road would stay closed.",
        "said",
    );
    assert_eq!(
        content,
        "that the bridge was safe, but that the road would stay closed"
    );
    // "that" as a pronoun opens another clause, the writer's.
    let (content, _) = claim_of(
        "The mayor said that the bridge was safe, but that was wrong.",
        "said",
    );
    assert_eq!(content, "that the bridge was safe");
}

#[test]
fn a_reported_clause_stops_before_the_writers_aside() {
    // A relative clause after a comma.
    let (content, _) = claim_of(
        "The mayor said the bridge would reopen in May, which surprised the engineers.",
        "said",
    );
    assert_eq!(content, "the bridge would reopen in May");
    // Another clause with its own subject after ", and".
    let (content, _) = claim_of(
        "The mayor said the bridge would reopen in May, and the council is planning a party.",
        "said",
    );
    assert_eq!(content, "the bridge would reopen in May");
    // But not a second predicate of the same subject.
    let (content, _) = claim_of(
        "The mayor said the bridge would reopen in May, and would carry buses.",
        "said",
    );
    assert_eq!(
        content,
        "the bridge would reopen in May, and would carry buses"
    );
}

#[test]
fn a_second_cue_of_the_same_subject_opens_another_claim() {
    let (content, _) = claim_of(
        "The mayor said the bridge was safe and told reporters the repairs were over.",
        "said",
    );
    assert_eq!(content, "the bridge was safe");
    let (content, _) = claim_of(
        "The mayor said the bridge was safe but warned that repairs would take a year.",
        "said",
    );
    assert_eq!(content, "the bridge was safe");
}

#[test]
fn a_claim_goes_on_to_the_end_of_a_quotation_that_spans_sentences() {
    let (a, links) = run("The mayor said that “the bridge is safe. We checked it twice.”");
    assert_eq!(
        links.len(),
        1,
        "{:?}",
        links.iter().map(|l| describe(&a, l)).collect::<Vec<_>>()
    );
    assert_eq!(
        &a.text[links[0].content.clone()],
        "that “the bridge is safe. We checked it twice.”"
    );
    // So does the second part of a parenthetical attribution.
    let (a, links) = run("The bridge, the mayor said, was “safe. We checked it twice.”");
    assert!(
        links
            .iter()
            .any(|l| &a.text[l.content.clone()] == "was “safe. We checked it twice.”"),
        "{:?}",
        links.iter().map(|l| describe(&a, l)).collect::<Vec<_>>()
    );
    // A quotation that closes in the claim's sentence changes nothing.
    let (content, _) = claim_of(
        "The mayor said the bridge was “safe.” Engineers disagreed.",
        "said",
    );
    assert_eq!(content, "the bridge was “safe.”");
}

#[test]
fn a_claim_keeps_the_sign_of_its_last_number() {
    let (content, _) = claim_of("The mayor said unemployment fell to 5%.", "said");
    assert_eq!(content, "unemployment fell to 5%");
    let (content, _) = claim_of("The mayor said the repairs cost 5 %.", "said");
    assert_eq!(content, "the repairs cost 5 %");
}

#[test]
fn a_sentence_opening_but_stays_with_the_claim_before_its_cue() {
    let (content, _) = claim_of("But the bridge will stay shut, the mayor said.", "said");
    assert_eq!(content, "But the bridge will stay shut");
    let (content, _) = claim_of(
        "But the bridge will stay shut, according to the mayor.",
        "according to",
    );
    assert_eq!(content, "But the bridge will stay shut");
    // A "but" after a comma is not the claim's.
    let (content, _) = claim_of(
        "The mayor said the bridge was safe, but the council said it was not.",
        "said",
    );
    assert_eq!(content, "the bridge was safe");
}

#[test]
fn the_source_phrase_holds_the_appositive() {
    // Before the cue: the appositive or relative clause between the mention and the cue.
    for (text, source) in [
        (
            "Tom Reed, the leader of the union, said the strike would go ahead.",
            "Tom Reed, the leader of the union",
        ),
        (
            "Tom Reed, who leads the union, said the strike would go ahead.",
            "Tom Reed, who leads the union",
        ),
        // An appositive with commas of its own closes at the comma before the cue.
        (
            "Ann Lee, a nurse, mother and union member, said the ward was full.",
            "Ann Lee, a nurse, mother and union member",
        ),
        // So may "including" or a past participle.
        (
            "Several nurses, including Ann Lee, said the ward was full.",
            "Several nurses, including Ann Lee",
        ),
        (
            "The nurses, led by Ann Lee, said the ward was full.",
            "The nurses, led by Ann Lee",
        ),
        // A role participle or a time adverb may open it.
        (
            "Tom Reed, acting director of the union, said the strike would go ahead.",
            "Tom Reed, acting director of the union",
        ),
    ] {
        assert_eq!(claim_of(text, "said").1, source, "{text}");
    }
    // After the cue, to the end of the sentence or a participle.
    for (text, source) in [
        (
            "“The strike will go ahead,” said Tom Reed, the leader of the union.",
            "Tom Reed, the leader of the union",
        ),
        (
            "“The strike will go ahead,” said Tom Reed, the leader of the union, adding that talks had failed.",
            "Tom Reed, the leader of the union",
        ),
        (
            "“The strike will go ahead,” said Tom Reed, then the leader of the union.",
            "Tom Reed, then the leader of the union",
        ),
    ] {
        assert_eq!(claim_of(text, "said").1, source, "{text}");
    }
    // A party and state in brackets after the name.
    let (_, source) = claim_of(
        "“The strike will go ahead,” said Tom Reed (D-Oregon), the leader of the union.",
        "said",
    );
    assert_eq!(source, "Tom Reed (D-Oregon), the leader of the union");
    // A mention with nothing after it is the whole source.
    let (_, source) = claim_of("“The strike will go ahead,” said Tom Reed.", "said");
    assert_eq!(source, "Tom Reed");
}

#[test]
fn the_source_phrase_after_its_cue_holds_its_post_modifier() {
    for (text, source) in [
        // A prepositional phrase or an adjective with its complement.
        (
            "“Prices will rise,” said Ann Holt of the retail federation.",
            "Ann Holt of the retail federation",
        ),
        (
            "“Prices will rise,” said a trader familiar with the deal.",
            "a trader familiar with the deal",
        ),
        // A time is the cue's.
        (
            "“Prices will rise,” said Ann Holt of the retail federation on Monday.",
            "Ann Holt of the retail federation",
        ),
        // So are an occasion and a time of the cue, unless a participle holds them.
        (
            "“Prices will rise,” said Ann Holt of the retail federation in a telephone interview.",
            "Ann Holt of the retail federation",
        ),
        (
            "“Prices will rise,” said Ann Holt during the second debate.",
            "Ann Holt",
        ),
        ("“Prices will rise,” said Ann Holt last week.", "Ann Holt"),
        // A relative clause that reports is an attribution of its own.
        (
            "“Prices will rise,” said Ann Holt, who added that wages would not.",
            "Ann Holt",
        ),
        // One that describes stays.
        (
            "“Prices will rise,” said Ann Holt, who runs the federation.",
            "Ann Holt, who runs the federation",
        ),
    ] {
        assert_eq!(claim_of(text, "said").1, source, "{text}");
    }
    let (_, source) = claim_of(
        "Prices will rise, according to a survey by the central bank.",
        "according to",
    );
    assert_eq!(source, "a survey by the central bank");
    // A time inside a relative clause is the clause's.
    let (_, source) = claim_of(
        "“Prices will rise,” said Ann Holt, who left the federation last week.",
        "said",
    );
    assert_eq!(source, "Ann Holt, who left the federation last week");
    // Before the cue, likewise: "S, who told …, said" is not all source.
    let (_, source) = claim_of(
        "Tom Reed, a baker who told us he was tired, said the strike would go ahead.",
        "said",
    );
    assert_eq!(source, "Tom Reed, a baker");
}

#[test]
fn the_source_phrase_holds_the_whole_noun_phrase() {
    for (text, cue, source) in [
        // The noun phrase the mention ends: a partitive, a preposition, a coordination.
        (
            "Most of the nurses said the wards were full.",
            "said",
            "Most of the nurses",
        ),
        (
            "The mayor and her deputies said the bridge was safe.",
            "said",
            "The mayor and her deputies",
        ),
        (
            "A study by the central bank found that rents had doubled.",
            "found",
            "A study by the central bank",
        ),
        (
            "Staff for the committee on ethics said the files were lost.",
            "said",
            "Staff for the committee on ethics",
        ),
        (
            "Aides to the governor said the bridge was safe.",
            "said",
            "Aides to the governor",
        ),
        // A participle and a preposition of place after a plural noun before the cue: the
        // noun is the subject, the place is not part of the source.
        (
            "On Monday, farmers marching through the capital chanted that prices were too low.",
            "chanted",
            "farmers",
        ),
        (
            "Workers standing outside the mill said that the owners had lied.",
            "said",
            "Workers",
        ),
        // A noun of manner or kind before a name heads a relative clause; it is not a title.
        (
            "The crowd rose the moment Sanders said the race was not over.",
            "said",
            "Sanders",
        ),
        // A possessor takes its mark.
        (
            "The governor rejected Smith's claim that the tax would fall on the poor.",
            "claim",
            "Smith's",
        ),
        // After a pronoun the mark is a verb's, not a possessor's.
        (
            "Tom Reed stayed home. He's saying the strike will go ahead.",
            "saying",
            "He",
        ),
        // The person on a recording, not the recording.
        (
            "The ad shows footage of Ann Lee saying that the plant would stay open.",
            "saying",
            "Ann Lee",
        ),
        // "who said": the relative pronoun is the source as written.
        (
            "Officials met residents who said the water tasted strange.",
            "said",
            "who",
        ),
    ] {
        assert_eq!(claim_of(text, cue).1, source, "{text}");
    }
    // The resolver still reads the mention.
    let (a, links) = run("Officials met residents who said the water tasted strange.");
    assert_eq!(words(&a, &links[0].speaker), "residents");
}

/// A linker over the stand-in analysis of `text`, for the helpers that take token ranges.
fn with_linker<R>(text: &str, f: impl FnOnce(&Analysis, &super::Linker) -> R) -> R {
    let a = analyse(text);
    let cues = cues::find(&a);
    let mut l = super::Linker {
        a: &a,
        cues: &cues,
        ix: super::index::Index::default(),
    };
    l.ix = super::index::Index::build(&l);
    f(&a, &l)
}

/// The token range of the first occurrence of the words `w` (split at spaces) in `a`.
fn tokens_of(a: &Analysis, w: &str) -> std::ops::Range<usize> {
    let words: Vec<&str> = w.split(' ').collect();
    (0..a.len())
        .find(|&i| (0..words.len()).all(|k| i + k < a.len() && a.word(i + k) == words[k]))
        .map(|i| i..i + words.len())
        .unwrap_or_else(|| panic!("{w:?} not in the text"))
}

#[test]
fn a_model_claim_stands_where_a_claim_can_stand() {
    // (text, content, cue, source, fits)
    for (text, content, cue, source, fits) in [
        // Before a participle: the writer's account of what its subject did.
        (
            "The council dropped the tax, citing the cost.",
            "the tax",
            "citing",
            "The council",
            false,
        ),
        // A clause of an earlier sentence.
        (
            "The roads were closed. The mayor said that traffic was light.",
            "The roads were closed",
            "said",
            "The mayor",
            false,
        ),
        // The listener of a verb of saying to someone, or after "said to".
        (
            "The mayor told the reporters.",
            "the reporters",
            "told",
            "The mayor",
            false,
        ),
        (
            "The mayor said to the crowd.",
            "the crowd",
            "said to",
            "The mayor",
            false,
        ),
        (
            "The mayor told reporters the bridge would reopen.",
            "the bridge would reopen",
            "told",
            "The mayor",
            true,
        ),
        // A conjunction alone, cut from its clause.
        (
            "The mayor argued that the bridge was safe.",
            "that",
            "argued",
            "The mayor",
            false,
        ),
        // After the cue: a clause, not an adverbial.
        (
            "The mayor said the bridge would reopen.",
            "the bridge would reopen",
            "said",
            "The mayor",
            true,
        ),
        (
            "The mayor said as the crowd cheered loudly.",
            "as the crowd cheered loudly",
            "said",
            "The mayor",
            false,
        ),
        (
            "The mayor said without further comment.",
            "without further comment",
            "said",
            "The mayor",
            false,
        ),
        // Before the cue: only the attribution between them.
        (
            "The bridge will reopen, the mayor said.",
            "The bridge will reopen",
            "said",
            "the mayor",
            true,
        ),
        (
            "Costs keep rising, as the mayor has noted.",
            "Costs keep rising",
            "noted",
            "the mayor",
            true,
        ),
        (
            "Staff face trouble for the delays, and as the mayor noted, the board may act.",
            "trouble for the delays",
            "noted",
            "the mayor",
            false,
        ),
        // Unquoted words before the attribution: a clause, not a name in a list.
        (
            "Harbour, Fisheries and Coast Canada said the quota would fall.",
            "Harbour",
            "said",
            "Fisheries and Coast Canada",
            false,
        ),
        // The antecedent of a relative source is not what it said.
        (
            "The council thanked the engineers, who said the work was done.",
            "the engineers",
            "said",
            "who",
            false,
        ),
        // The object or complement of another verb: its subject's, not the source's.
        (
            "The mayor declined to rebuild the bridge, the aide said.",
            "the bridge",
            "said",
            "the aide",
            false,
        ),
        (
            "The aide said the board gave away the debt.",
            "the debt",
            "said",
            "The aide",
            false,
        ),
        (
            "The aide said the council members were angry about the delays.",
            "the delays",
            "said",
            "The aide",
            true,
        ),
        (
            "The aide said the board denied that the debt was growing.",
            "the debt was growing",
            "said",
            "The aide",
            false,
        ),
        // The same subject: the source's all the same.
        (
            "The mayor said, referencing the storm damage.",
            "the storm damage",
            "said",
            "The mayor",
            true,
        ),
        // A scene that a subordinator opens after a verb of saying: the writer's.
        (
            "“We will win,” the mayor said, as the crowd cheered loudly.",
            "the crowd cheered loudly",
            "said",
            "the mayor",
            false,
        ),
        (
            "“We will win,” the mayor said as she turned to the crowd.",
            "she turned to the crowd",
            "said",
            "the mayor",
            false,
        ),
        // The topic after "said of": not the words.
        (
            "“It was a mess,” the mayor said of the flood plan.",
            "the flood plan",
            "said of",
            "the mayor",
            false,
        ),
        // A second verb or clause joined to the cue.
        (
            "The woman yelled and held up a banner that was soon taken away.",
            "was soon taken away",
            "yelled",
            "The woman",
            false,
        ),
        // A new quotation after the cue is not a scene.
        (
            "“We will win,” the mayor said. “When the votes are counted you will see.”",
            "When the votes are counted you will see",
            "said",
            "the mayor",
            true,
        ),
        // Inside the source phrase: an appositive of the source.
        (
            "The strike will go ahead, said Tom Reed, the leader of the union.",
            "the leader of the union",
            "said",
            "Tom Reed",
            false,
        ),
    ] {
        let fits_here = with_linker(text, |a, l| {
            l.content_fits(
                &tokens_of(a, content),
                &tokens_of(a, cue),
                &tokens_of(a, source),
            )
        });
        assert_eq!(fits_here, fits, "{text}: {content:?}");
    }
}

#[test]
fn a_participle_does_not_invert_its_speaker() {
    // "Q, echoing S, …": not S's words.
    let (a, links) = run("Ruiz, echoing Okafor, urged the voters to wait for the count.");
    for l in &links {
        assert_ne!(words(&a, &l.speaker), "Okafor", "{}", describe(&a, l));
    }
}

#[test]
fn the_appositive_of_an_inverted_speaker_is_not_a_claim() {
    let text = "The bridge will close in May, said Ed Reyes, who chairs the transport board.";
    let (a, links) = run(text);
    assert!(
        links
            .iter()
            .any(|l| &a.text[l.content.clone()] == "The bridge will close in May"),
        "{:?}",
        links.iter().map(|l| describe(&a, l)).collect::<Vec<_>>()
    );
    for l in &links {
        assert!(
            !a.text[l.content.clone()].contains("chairs"),
            "{}",
            describe(&a, l)
        );
    }
}

#[test]
fn a_noun_before_a_participle_is_not_its_speaker() {
    // "a plan called “…”": passive, the plan names nothing.
    let (a, links) = run("The council backed a plan called “Fair Roads” last year.");
    for l in &links {
        assert_ne!(words(&a, &l.speaker), "a plan", "{}", describe(&a, l));
    }
}

#[test]
fn an_adverbial_before_the_attribution_is_not_a_claim() {
    // "As …, S said": the adverbial has no main clause of its own.
    assert_no_links("As the storm grew worse, the mayor said.");
    // With a main clause it is one.
    let (content, _) = claim_of(
        "As the storm grew worse, the roads were closed, the mayor said.",
        "said",
    );
    assert_eq!(content, "As the storm grew worse, the roads were closed");
}

#[test]
fn a_cue_that_goes_on_to_a_complement_does_not_report_the_clause_before() {
    // "Q, S pledged to …": the verb's complement follows, the clause before is not its claim.
    let (a, links) = run("The roads were still closed, the mayor pledged to rebuild them.");
    for l in &links {
        assert_ne!(
            &a.text[l.content.clone()],
            "The roads were still closed",
            "{}",
            describe(&a, l)
        );
    }
    // Adverbs, days, prepositional phrases and an adjunct may end the attribution.
    for text in [
        "The roads were still closed, the mayor said on Monday in a statement.",
        "The roads were still closed, the mayor said before leaving the city.",
    ] {
        let (content, _) = claim_of(text, "said");
        assert_eq!(content, "The roads were still closed", "{text}");
    }
}

#[test]
fn an_adverbial_before_a_parenthetical_attribution_is_not_a_part_of_the_claim() {
    for (text, adverbial) in [
        (
            "In both cases, the mayor said, the money went to the schools.",
            "In both cases",
        ),
        (
            "Six months ago, the mayor said, the money went to the schools.",
            "Six months ago",
        ),
    ] {
        let (a, links) = run(text);
        let contents: Vec<&str> = links.iter().map(|l| &a.text[l.content.clone()]).collect();
        assert!(
            contents.contains(&"the money went to the schools"),
            "{text}: {contents:?}"
        );
        assert!(!contents.contains(&adverbial), "{text}: {contents:?}");
    }
    // A subject with no verb is still the first part: "The plan, he said, will cost billions".
    let (a, links) = run("The plan, the mayor said, will cost billions.");
    let contents: Vec<&str> = links.iter().map(|l| &a.text[l.content.clone()]).collect();
    assert!(contents.contains(&"The plan"), "{contents:?}");
}

/// The model's links for `text` when the model labels the spans `spans` (part, words; each the
/// first occurrence) with full confidence: (content, source) of each.
fn model_claims(text: &str, spans: &[(Part, &str)]) -> Vec<(String, String)> {
    model_claims_with(text, spans, OpenCues::Off)
}

/// As `model_claims`, taking the model's cue spans outside the cue lexicon as `open_cues` says.
fn model_claims_with(
    text: &str,
    spans: &[(Part, &str)],
    open_cues: OpenCues,
) -> Vec<(String, String)> {
    combined_model_claims(text, spans, open_cues, false)
}

/// As `model_claims`, beside the rules' links: the model's links only.
fn model_claims_beside_rules(text: &str, spans: &[(Part, &str)]) -> Vec<(String, String)> {
    combined_model_claims(text, spans, OpenCues::Off, true)
}

/// The model's links (content, source) when it labels `spans` with full confidence, combined
/// with the rules' links when `beside_rules`, else alone.
fn combined_model_claims(
    text: &str,
    spans: &[(Part, &str)],
    open_cues: OpenCues,
    beside_rules: bool,
) -> Vec<(String, String)> {
    with_linker(text, |a, l| {
        let mut spans: Vec<Span> = spans
            .iter()
            .map(|&(part, w)| Span {
                part,
                tokens: tokens_of(a, w),
                score: 1.0,
            })
            .collect();
        spans.sort_by_key(|s| s.tokens.start);
        let t = Tagged {
            spans,
            content_prob: vec![0.0; a.len()],
        };
        let rules = if beside_rules { l.link() } else { Vec::new() };
        l.combine(rules, &t, 0.5, open_cues)
            .iter()
            .filter(|l| l.rule.is_model())
            .map(|l| {
                (
                    a.text[l.content.clone()].to_string(),
                    words(a, &l.speaker).to_string(),
                )
            })
            .collect()
    })
}

#[test]
fn a_cue_the_rules_linked_gives_the_model_nothing_on_its_other_side() {
    // After a quotation's cue: the writer's scene.
    let spans = [
        (Part::Cue, "said"),
        (Part::Source, "Lee"),
        (Part::Content, "to the crowd"),
    ];
    let text = "“We won the vote,” Lee said, turning to the crowd.";
    assert!(model_claims_beside_rules(text, &spans).is_empty());
    assert_eq!(model_claims(text, &spans).len(), 1);
    // Before a cue whose clause follows it: a clause of the writer's.
    let spans = [
        (Part::Content, "the vote neared"),
        (Part::Cue, "said"),
        (Part::Source, "Lee"),
    ];
    let text = "As the vote neared, Lee said the plan would pass.";
    assert!(model_claims_beside_rules(text, &spans).is_empty());
    // Quoted words stay.
    let claims = model_claims_beside_rules(
        "“We won,” Lee said, “and we will win again.”",
        &[
            (Part::Cue, "said"),
            (Part::Source, "Lee"),
            (Part::Content, "and we will win again"),
        ],
    );
    assert!(claims.len() <= 1, "{claims:?}");
}

#[test]
fn a_quotation_after_a_colon_takes_the_cue_and_source_that_introduce_it() {
    let spans = [
        (Part::Source, "The senator"),
        (Part::Cue, "called them"),
        (Part::Content, "The questions were unfair to everyone"),
    ];
    let claims = model_claims(
        "The senator called them on it:\n\n“The questions were unfair to everyone.”",
        &spans,
    );
    assert_eq!(claims.len(), 1, "{claims:?}");
    assert_eq!(claims[0].1, "The senator");
    // Not when the paragraph before introduces nothing.
    let claims = model_claims(
        "The senator called them on it.\n\n“The questions were unfair to everyone.”",
        &spans,
    );
    assert!(claims.is_empty(), "{claims:?}");
}

/// The source of the one claim the model's spans (source, cue, content) give in `text`.
fn source_of_one_claim(text: &str, source: &str, cue: &str, content: &str) -> String {
    let spans = [
        (Part::Source, source),
        (Part::Cue, cue),
        (Part::Content, content),
    ];
    let claims = model_claims(text, &spans);
    assert_eq!(claims.len(), 1, "{text}: {claims:?}");
    claims[0].1.clone()
}

#[test]
fn the_cue_subject_wins_over_a_model_source_that_belongs_elsewhere() {
    // (text, model's source, cue, content, source)
    for (text, source, cue, content, want) in [
        // The verb's object, after the cue.
        (
            "The mayor dismissed criticism from Ruiz and warned that the plan would fail.",
            "Ruiz",
            "warned",
            "the plan would fail",
            "The mayor",
        ),
        // A relative pronoun whose clause closes before the cue.
        (
            "Lee, who said she would run again, told the crowd that taxes would fall.",
            "who",
            "told",
            "taxes would fall",
            "Lee",
        ),
        // The object of a preposition between the subject and the cue.
        (
            "Ruiz, after a long pause, said the budget was balanced.",
            "a long pause",
            "said",
            "the budget was balanced",
            "Ruiz",
        ),
        // The object of a verb right before a participle cue.
        (
            "The union released a statement saying the offer was far too low.",
            "a statement",
            "saying",
            "the offer was far too low",
            "The union",
        ),
        // The head of that object alone.
        (
            "Lately, however, it issued a policy paper welcoming the new tariffs on steel.",
            "paper",
            "welcoming",
            "the new tariffs on steel",
            "it",
        ),
        // A dash between the subject and the cue closes an appositive that holds the model's
        // source.
        (
            "Tom Reed -- co-author of Hard Bargains, a book about the strike -- said the deal was fair.",
            "a book",
            "said",
            "the deal was fair",
            "Tom Reed",
        ),
    ] {
        assert_eq!(
            source_of_one_claim(text, source, cue, content),
            want,
            "{text}"
        );
    }
    // The model's source stays: a relative pronoun of the cue's own clause, a subject after a
    // subordinator.
    for (text, source, cue, content) in [
        (
            "The report quoted Lee, who said that taxes would fall.",
            "who",
            "said",
            "taxes would fall",
        ),
        (
            "The mayor praised her after she arrived and warned that the plan would fail.",
            "she",
            "warned",
            "the plan would fail",
        ),
    ] {
        assert_eq!(
            source_of_one_claim(text, source, cue, content),
            source,
            "{text}"
        );
    }
}

#[test]
fn a_model_source_takes_the_modifiers_before_its_plural_noun() {
    for (text, source, cue, content, want) in [
        (
            "In the valley, local residents fear that the plant will close.",
            "residents",
            "fear",
            "the plant will close",
            "local residents",
        ),
        (
            "Public officials warn that the bridge is unsafe.",
            "officials",
            "warn",
            "the bridge is unsafe",
            "Public officials",
        ),
    ] {
        assert_eq!(
            source_of_one_claim(text, source, cue, content),
            want,
            "{text}"
        );
    }
}

#[test]
fn a_possessive_alone_is_no_claim() {
    let claims = model_claims(
        "Lee boasted about his record.",
        &[
            (Part::Source, "Lee"),
            (Part::Cue, "boasted about"),
            (Part::Content, "his"),
        ],
    );
    assert!(claims.is_empty(), "{claims:?}");
}

#[test]
fn an_event_or_a_time_is_not_a_source() {
    // (text, phrase, not a source)
    for (text, phrase, not) in [
        (
            "Tuesday's attack showed the city was weak.",
            "Tuesday 's attack",
            true,
        ),
        (
            "Last year's storm showed the levee was weak.",
            "Last year 's storm",
            true,
        ),
        (
            "Last week showed the limits of the plan.",
            "Last week",
            true,
        ),
        ("The year 2016 said a lot.", "The year 2016", true),
        (
            "The second half showed a stronger side.",
            "The second half",
            true,
        ),
        // A time after the noun says when; the noun is the head.
        (
            "Lee on Monday said the plan was off.",
            "Lee on Monday",
            false,
        ),
        (
            "Lee Sunday night said the plan was off.",
            "Lee Sunday night",
            false,
        ),
        (
            "A poll last week found the race was close.",
            "A poll last week",
            false,
        ),
        // The head comes before its complement.
        (
            "The nominee for the election said the plan was off.",
            "The nominee for the election",
            false,
        ),
        // A share of people, and a name that is also a month.
        ("Nearly half said the plan was off.", "Nearly half", false),
        (
            "Half of the voters said the plan was off.",
            "Half of the voters",
            false,
        ),
        (
            "Dr Aung May, a doctor, said the plan was off.",
            "Dr Aung May",
            false,
        ),
    ] {
        let here = with_linker(text, |a, l| l.not_a_source(&tokens_of(a, phrase)));
        assert_eq!(here, not, "{text}: {phrase:?}");
    }
}

#[test]
fn a_model_claim_goes_on_to_the_end_of_its_quotation() {
    let claims = model_claims(
        "Lee warned that “the bridge is unsafe. It may fall.”",
        &[
            (Part::Content, "the bridge is unsafe"),
            (Part::Cue, "warned"),
            (Part::Source, "Lee"),
        ],
    );
    assert_eq!(
        claims,
        vec![(
            "the bridge is unsafe. It may fall.”".to_string(),
            "Lee".to_string()
        )]
    );
}

#[test]
fn a_model_claim_takes_no_event_and_no_source_of_another_sentence() {
    // An event is no source, whether the model or the grammar gives it.
    let claims = model_claims(
        "Last year's storm showed the levee was weak.",
        &[
            (Part::Content, "the levee was weak"),
            (Part::Cue, "showed"),
            (Part::Source, "Last year 's storm"),
        ],
    );
    assert!(claims.is_empty(), "{claims:?}");
    // A source of the next sentence is not the cue's: the cue's subject is.
    let claims = model_claims(
        "The mayor said the bridge would reopen. Engineers were less sure.",
        &[
            (Part::Content, "the bridge would reopen"),
            (Part::Cue, "said"),
            (Part::Source, "Engineers"),
        ],
    );
    assert_eq!(
        claims,
        [(
            "the bridge would reopen".to_string(),
            "The mayor".to_string()
        )]
    );
    // A time that the model took for the source gives way to the cue's subject.
    let claims = model_claims(
        "On Monday the mayor said the bridge would reopen.",
        &[
            (Part::Source, "Monday"),
            (Part::Cue, "said"),
            (Part::Content, "the bridge would reopen"),
        ],
    );
    assert_eq!(
        claims,
        [(
            "the bridge would reopen".to_string(),
            "the mayor".to_string()
        )]
    );
}

#[test]
fn a_model_source_is_a_noun_phrase_that_can_speak() {
    // (text, the model's source, the claim's source): a source the model labelled that names
    // no one gives way to the cue's subject; one that holds a clause is cut to its subject.
    for (text, source, expected) in [
        // A mass or abstract noun, bare.
        (
            "Under pressure, the mayor said the bridge would reopen.",
            "pressure",
            "the mayor",
        ),
        // An adverb.
        (
            "The mayor clearly said the bridge would reopen.",
            "clearly",
            "The mayor",
        ),
        // A quotation mark.
        (
            "Engineers were puzzled. “The bridge would reopen,” the mayor said.",
            "”",
            "the mayor",
        ),
        // A subject pronoun after a noun it does not belong to: the pronoun speaks; two
        // coordinated subjects stay together.
        (
            "The mayor toured the flooded streets and she said the bridge would reopen.",
            "the flooded streets and she",
            "she",
        ),
        (
            "Of all the roads she promised, she said the bridge would reopen.",
            "all the roads she",
            "she",
        ),
        (
            "Tom Reed and she said the bridge would reopen.",
            "Tom Reed and she",
            "Tom Reed and she",
        ),
        // A name and the topic the person speaks on: the name.
        (
            "Ann Lee on the bridge: the mayor said the bridge would reopen.",
            "Ann Lee on the bridge",
            "Ann Lee",
        ),
        (
            "Ann Lee on Bridge Safety: the mayor said the bridge would reopen.",
            "Bridge Safety",
            "Ann Lee",
        ),
        // A relative pronoun before a preposition: the adverbial is no part of the source.
        (
            "Engineers met the mayor, who on Monday said the bridge would reopen.",
            "who on Monday",
            "who",
        ),
        // A clause: its subject speaks.
        (
            "The mayor is a cautious man and said the bridge would reopen.",
            "The mayor is a cautious man",
            "The mayor",
        ),
        // Not a relative clause of the source, nor a comma's apposition.
        (
            "The engineer who built it said the bridge would reopen.",
            "The engineer who built it",
            "The engineer who built it",
        ),
        // A quantifier and a plural noun speak.
        (
            "Several said the bridge would reopen.",
            "Several",
            "Several",
        ),
        (
            "Engineers said the bridge would reopen.",
            "Engineers",
            "Engineers",
        ),
    ] {
        let content = if text.contains("“") {
            "The bridge would reopen"
        } else {
            "the bridge would reopen"
        };
        let claims = model_claims(
            text,
            &[
                (Part::Source, source),
                (Part::Cue, "said"),
                (Part::Content, content),
            ],
        );
        let sources: Vec<&str> = claims.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(sources, [expected], "{text}: {claims:?}");
    }
}

#[test]
fn a_model_cue_outside_the_lexicon_links_with_the_models_source() {
    let spans = |content, cue, source| {
        [
            (Part::Source, source),
            (Part::Cue, cue),
            (Part::Content, content),
        ]
    };
    // (text, content, cue, source, linked when all open cues are taken, linked when only those
    // whose source names someone are)
    for (text, content, cue, source, all, named) in [
        (
            "Maria Lopez ridiculed the senator's plan to cut taxes.",
            "the senator 's plan to cut taxes",
            "ridiculed",
            "Maria Lopez",
            true,
            true,
        ),
        (
            "After the match he took aim at the referees.",
            "the referees",
            "took aim at",
            "he",
            true,
            true,
        ),
        // A source that names no one: taken from the transformer only.
        (
            "The columnist ridiculed the senator's plan to cut taxes.",
            "the senator 's plan to cut taxes",
            "ridiculed",
            "The columnist",
            true,
            false,
        ),
        (
            "Many cases saw a sharp rise in costs.",
            "a sharp rise in costs",
            "saw",
            "Many cases",
            true,
            false,
        ),
        // A negated cue reports nothing.
        (
            "The coach did not take aim at the referees.",
            "the referees",
            "take aim at",
            "The coach",
            false,
            false,
        ),
        // An auxiliary or a copula alone is no cue.
        (
            "The coach has the referees on his side.",
            "the referees on his side",
            "has",
            "The coach",
            false,
            false,
        ),
        // Nor is a long stretch of the sentence.
        (
            "The coach went back to the bench to talk about the referees.",
            "the referees",
            "went back to the bench to talk about",
            "The coach",
            false,
            false,
        ),
    ] {
        let s = spans(content, cue, source);
        let expected = |linked: bool| {
            if linked {
                vec![(content.replace(" 's", "'s"), source.to_string())]
            } else {
                Vec::new()
            }
        };
        assert_eq!(
            model_claims_with(text, &s, OpenCues::All),
            expected(all),
            "{text}"
        );
        assert_eq!(
            model_claims_with(text, &s, OpenCues::NamedSources),
            expected(named),
            "{text}"
        );
        // Without open cues none is taken.
        assert!(
            model_claims_with(text, &s, OpenCues::Off).is_empty(),
            "{text}"
        );
    }
    // The grammar knows no subject for a cue outside the lexicon: without the model's source in
    // the cue's sentence, no claim.
    let claims = model_claims_with(
        "After the match the coach took aim at the referees.",
        &[(Part::Cue, "took aim at"), (Part::Content, "the referees")],
        OpenCues::All,
    );
    assert!(claims.is_empty(), "{claims:?}");
}

#[test]
fn a_lexicon_cue_without_a_subject_takes_the_models_source() {
    // The model labelled no cue; the cue of the lexicon is a passive whose agent the grammar
    // does not find ("as announced by"): the model's source in the cue's sentence is taken,
    // and without one there is no claim.
    for text in [
        "As announced by the mayor, the bridge would reopen.",
        "The bridge would reopen, as announced by the mayor.",
    ] {
        let content = if text.starts_with("The") {
            "The bridge would reopen"
        } else {
            "the bridge would reopen"
        };
        let with = model_claims(
            text,
            &[(Part::Source, "the mayor"), (Part::Content, content)],
        );
        assert_eq!(
            with,
            [(content.to_string(), "the mayor".to_string())],
            "{text}"
        );
        let without = model_claims(text, &[(Part::Content, content)]);
        assert!(without.is_empty(), "{text}: {without:?}");
    }
    // Without an agent ("by …"), the model's source is taken when it names someone (a name of
    // the entity model, "he", "she"): the grammar finds no subject across a clause set off by
    // dashes.
    let text =
        "Tom Hale \u{2014} he took office in 2010 \u{2014} warned that the bridge may close.";
    let content = "that the bridge may close";
    let claims = model_claims(
        text,
        &[(Part::Source, "Tom Hale"), (Part::Content, content)],
    );
    assert_eq!(claims, [(content.to_string(), "Tom Hale".to_string())]);
    assert!(model_claims(text, &[(Part::Content, content)]).is_empty());
    // A source that names no one, the grammar's finding no subject stands.
    let text =
        "The old mayor \u{2014} he took office in 2010 \u{2014} warned that the bridge may close.";
    let claims = model_claims(
        text,
        &[(Part::Source, "The old mayor"), (Part::Content, content)],
    );
    assert!(claims.is_empty(), "{claims:?}");
    // Across an appositive set off by dashes the grammar finds the subject.
    let text =
        "The old mayor \u{2014} in office since 2010 \u{2014} warned that the bridge may close.";
    let claims = model_claims(text, &[(Part::Content, content)]);
    assert_eq!(claims, [(content.to_string(), "The old mayor".to_string())]);
    let claims = model_claims(
        "Your support helps us tell the story.",
        &[(Part::Source, "Your support"), (Part::Content, "the story")],
    );
    assert!(claims.is_empty(), "{claims:?}");
}

/// The verb cues of a stretch, in order, found by search: those starting in the range only, and
/// no "according to" or colon.
#[test]
fn verb_cues_of_a_stretch() {
    let text =
        "Ann Lee said the plan works, according to aides, and Bo Kim added: “No.” He denied it.";
    let a = analyse(text);
    let cues = cues::find(&a);
    let at = |w: &str| (0..a.len()).find(|&i| a.word(i) == w).unwrap();
    let (said, added, denied) = (at("said"), at("added"), at("denied"));
    let all: Vec<usize> = cues.verbs_in(0..a.len()).collect();
    assert_eq!(all, vec![said, added, denied]);
    assert_eq!(
        cues.verbs_in(said + 1..denied).collect::<Vec<_>>(),
        vec![added]
    );
    assert_eq!(cues.verbs_in(said..said).count(), 0);
    assert_eq!(cues.verbs_in(denied + 1..a.len()).count(), 0);
}

#[test]
fn reporting_verbs_that_modify_or_name() {
    // A participle before its noun, a thing named, a deal called off: no cue, no claim.
    for text in [
        "The senator won 40 pledged delegates in the state on Tuesday.",
        "The agency checked the reported payments before the vote.",
        "The group staged a play called \u{201c}Bridges of Gold\u{201d} downtown.",
        "Fans built a website called Better Streets Now last week.",
        "The two companies called off the merger after the vote.",
    ] {
        let a = analyse(text);
        let cues = cues::find(&a);
        let verbs: Vec<&str> = cues.verbs_in(0..a.len()).map(|i| a.word(i)).collect();
        assert!(verbs.is_empty(), "{text}: {verbs:?}");
    }
    // A person called something so, and a noun phrase set off by commas, report.
    for text in [
        "A spokesman called the plan \u{201c}reckless\u{201d} on Monday.",
        "Lena Ortiz, a local lawyer, called the ruling \u{201c}a disgrace.\u{201d}",
    ] {
        let (_, links) = run(text);
        assert!(!links.is_empty(), "{text}");
    }
}

#[test]
fn a_stacked_pass_with_the_first_pass_weights_and_no_stacked_ones_changes_nothing() {
    // The stacked pass's scores are its weights of the first pass's features plus those of the
    // stacked features: with the first pass's weights and none of its own, it tags as the first
    // pass alone, paragraph after paragraph.
    let p = model_pipeline();
    // The shipped model's first pass alone.
    let first = p.claims_model().expect("a model").clone().without_stack();
    let mut stacked = first.clone();
    stacked.set_stack(first.model.clone(), first.temperature());
    let text = "The minister said that the budget would be balanced.\n\n\
                \"We will cut taxes,\" she told reporters. Critics doubt it.\n\n\
                According to the union, the plan will cost jobs.";
    let a = p.analyse(text).expect("analysis");
    let cues = cues::find(&a);
    let one = first.tag(&a, &cues).expect("tagging");
    let two = stacked.tag(&a, &cues).expect("tagging");
    assert_eq!(one.spans, two.spans);
    assert_eq!(one.content_prob, two.content_prob);
    assert!(one.spans.iter().any(|s| s.part == Part::Content));
}

#[test]
fn an_opening_prepositional_phrase_is_not_the_subject_before_an_appositive() {
    // "In an interview, the mayor, Tom Hale, said": the apposition is the name after "the
    // mayor", and the phrase that opens the sentence is not its speaker.
    for text in [
        "In an interview, the mayor, Tom Hale, said that the bridge may close.",
        "On Monday, the mayor, Tom Hale, said that the bridge may close.",
        "At a rally in Dover, the mayor, Tom Hale, said that the bridge may close.",
    ] {
        assert_eq!(claim_of(text, "said").1, "the mayor, Tom Hale", "{text}");
    }
    // An opening phrase with a comma of its own is not one prepositional phrase: the person
    // named after it is the speaker.
    let text =
        "In 1990, Tom Hale, who ran the port for a decade, said that the bridge would close.";
    assert_eq!(
        claim_of(text, "said").1,
        "Tom Hale, who ran the port for a decade"
    );
}

#[test]
fn asking_for_anonymity_reports_nothing() {
    // The condition a source spoke on is not what it said; its words around it still are.
    for text in [
        "\u{201c}It's a disaster,\u{201d} said one resident, who asked not to be named.",
        "One resident, who asked not to be identified, said the water was brown.",
        "The official asked to remain anonymous.",
    ] {
        let (a, links) = run(text);
        let contents: Vec<&str> = links.iter().map(|l| &a.text[l.content.clone()]).collect();
        assert!(
            contents
                .iter()
                .all(|c| !c.contains("to be") && !c.contains("anonymous")),
            "{text}: {contents:?}"
        );
    }
    let (content, _) = claim_of(
        "One resident, who asked not to be identified, said the water was brown.",
        "said",
    );
    assert_eq!(content, "the water was brown");
    // Nor does the model's claim of it.
    let text = "One resident, who asked not to be named, said the water was brown.";
    let claims = model_claims(
        text,
        &[
            (Part::Source, "who"),
            (Part::Cue, "asked"),
            (Part::Content, "not to be named"),
        ],
    );
    assert!(claims.is_empty(), "{claims:?}");
}

#[test]
fn a_cue_participle_after_an_opening_connective_is_its_own_attribution() {
    // "Meanwhile, S accused X of Y, saying Q" is no "Q1, S said, Q2": the participle reports Q.
    let text = "Meanwhile, the opposition leader accused the minister of misleading parliament, \
                saying she had broken every promise.";
    let (a, links) = run(text);
    let found: Vec<(String, &str)> = links
        .iter()
        .map(|l| (a.text[l.content.clone()].to_string(), words(&a, &l.cue)))
        .collect();
    assert!(
        found
            .iter()
            .all(|(content, _)| !content.starts_with("saying")),
        "{found:?}"
    );
    assert_eq!(claim_of(text, "saying").0, "she had broken every promise");
    // A parenthetical attribution still goes on after its comma.
    let (content, _) = claim_of(
        "However, she said, raising taxes would hurt growth.",
        "said",
    );
    assert_eq!(content, "raising taxes would hurt growth");
}

#[test]
fn a_question_put_to_the_source_is_not_its_claim() {
    // "Asked whether …, S said": the opening participle reports the question put to S.
    for (text, cue) in [
        (
            "Asked whether she would resign, Ruiz said she would not.",
            "Asked",
        ),
        (
            "When asked whether she would resign, Ruiz said she would not.",
            "asked",
        ),
    ] {
        let claims = model_claims(
            text,
            &[
                (Part::Cue, cue),
                (Part::Content, "whether she would resign"),
                (Part::Source, "Ruiz"),
            ],
        );
        assert!(claims.is_empty(), "{text}: {claims:?}");
    }
    // Her answer is hers.
    let text = "Asked whether she would resign, Ruiz said she would not.";
    assert_eq!(
        claim_of(text, "said"),
        ("she would not".into(), "Ruiz".into())
    );
    // A participle of fearing or believing is the subject's own.
    let text = "Worried that the plant would close, the union called a strike.";
    let claims = model_claims(
        text,
        &[
            (Part::Cue, "Worried"),
            (Part::Content, "that the plant would close"),
            (Part::Source, "the union"),
        ],
    );
    assert_eq!(claims.len(), 1, "{claims:?}");
}

#[test]
fn a_participle_that_closes_a_clause_after_a_comma_has_its_subject() {
    // The tagger may read "warned" after a noun as a passive participle; after a clause and a
    // comma, with a definite noun phrase and no agent or object after it, it is the attribution.
    for (text, speaker) in [
        (
            "Dock workers could walk out next month, their union warned on Friday, after talks \
             with the employers broke down.",
            "their union",
        ),
        (
            "The bridge will stay shut until spring, the council warned on Monday, after \
             engineers found new cracks.",
            "the council",
        ),
    ] {
        let (a, links) = run_model(text);
        let l = links
            .iter()
            .find(|l| words(&a, &l.cue) == "warned")
            .unwrap_or_else(|| {
                panic!(
                    "{text}: no link by \"warned\" in {:?}",
                    links.iter().map(|l| describe(&a, l)).collect::<Vec<_>>()
                )
            });
        assert_eq!(words(&a, &l.speaker), speaker, "{}", describe(&a, l));
        assert_eq!(l.rule, RuleId::ClauseSpeakerSaid, "{}", describe(&a, l));
    }
    // An indefinite noun phrase with a participle after a comma stays a passive appositive: the
    // rules give it no claim (the model may still score one).
    let (a, links) = run_model("The two banks will combine, a merger announced Monday.");
    for l in links.iter().filter(|l| !l.rule.is_model()) {
        assert_ne!(words(&a, &l.speaker), "a merger", "{}", describe(&a, l));
    }
}

#[test]
fn a_relative_pronoun_alone_is_no_claim_of_the_model() {
    // The model may give the relative pronoun before "S said" a content label of its own; the
    // claim is the clause after the cue.
    for text in [
        "Last month, rail workers staged a two-day walkout that the company said cost it $5 \
         million.",
        "The council approved the budget, which the mayor said was the tightest in a decade.",
    ] {
        let (a, links) = run_model(text);
        for l in &links {
            let content = a.text[l.content.clone()].trim().to_lowercase();
            assert!(
                !matches!(content.as_str(), "that" | "which" | "who" | "whom"),
                "{text}: {}",
                describe(&a, l)
            );
        }
    }
}

#[test]
fn a_claim_that_is_one_quotation_is_a_direct_quote() {
    let (a, links) = run("Residents were blunter: “We have waited long enough,” said Ann Lee.");
    let l = links
        .iter()
        .find(|l| words(&a, &l.speaker) == "Ann Lee")
        .expect("Ann Lee's words are linked");
    assert_eq!(&a.text[l.content.clone()], "We have waited long enough,");
    assert_eq!(l.kind, crate::link::Kind::Direct);
    // A claim with a quotation in it stays mixed.
    let (a, links) = run("The minister said that the plan was “a disaster” for the town.");
    let l = links.first().expect("the minister's claim is linked");
    assert_eq!(l.kind, crate::link::Kind::Mixed, "{}", describe(&a, l));
}

#[test]
fn a_model_content_keeps_the_closing_mark_after_its_last_word() {
    let (a, links) =
        run_model("Its chief executive, Dana Marsh, said customers “deserve far better.”");
    let l = links
        .iter()
        .find(|l| a.text[l.content.clone()].contains("deserve far better"))
        .expect("the claim is linked");
    assert!(
        a.text[l.content.clone()].ends_with("better.”"),
        "{}",
        describe(&a, l)
    );
}

#[test]
fn a_cue_shows_the_preposition_its_content_follows() {
    // (text, cue word, content, cue as records show it)
    for (text, cue, content, shown) in [
        (
            "The mayor called for a ban on new drilling.",
            "called",
            "a ban on new drilling",
            "called for",
        ),
        (
            "Critics complained about the fares.",
            "complained",
            "the fares",
            "complained about",
        ),
        (
            "Residents pointed out that the road had flooded.",
            "pointed",
            "that the road had flooded",
            "pointed out",
        ),
        // A word between the preposition and the content: the cue stays as it is.
        (
            "The mayor said on Monday that the road would close.",
            "said",
            "that the road would close",
            "said",
        ),
        // No preposition.
        (
            "The mayor said the road would close.",
            "said",
            "the road would close",
            "said",
        ),
    ] {
        let a = analyse(text);
        let start = text.find(content).unwrap();
        let link = Link {
            content: start..start + content.len(),
            kind: super::Kind::Indirect,
            speaker: None,
            source: None,
            cue: Some(tokens_of(&a, cue)),
            rule: RuleId::ModelIndirect,
            confidence: 1.0,
            quote: None,
            model_score: None,
        };
        assert_eq!(words(&a, &super::cue_phrase(&a, &link)), shown, "{text}");
    }
}

#[test]
fn a_model_source_of_punctuation_at_the_end_of_a_document_is_no_source() {
    // The model's source is the quotation mark that ends the text: nothing is left of it once
    // its punctuation is trimmed, and no claim takes it.
    let claims = model_claims_with(
        "The plan would fail, said “",
        &[
            (Part::Content, "The plan would fail"),
            (Part::Cue, "said"),
            (Part::Source, "“"),
        ],
        OpenCues::All,
    );
    assert!(claims.iter().all(|(_, source)| source != "“"), "{claims:?}");
}

#[test]
fn a_dashed_appositive_speaks_only_for_a_subject() {
    // The noun phrase before the first dash is the subject: not one after a preposition, part of
    // a longer subject, nor the subject of a clause a verb before it reports.
    for (text, not_speaker) in [
        (
            "Insiders in the two states -- Iowa and Ohio -- said that the race was close.",
            "the two states",
        ),
        (
            "Lee said closed primaries -- those open to members only -- hurt the party.",
            "closed primaries",
        ),
    ] {
        let (a, links) = run(text);
        let speakers: Vec<&str> = links.iter().map(|l| words(&a, &l.speaker)).collect();
        assert!(!speakers.contains(&not_speaker), "{text}: {speakers:?}");
    }
}
