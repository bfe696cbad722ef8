//! The people and organisations of one document: names split from their titles, clustered by
//! name parts ("Donald J. Trump", "Mr. Trump", "Trump" tagged ORG), with the role words and the
//! gender the text gives them. Everything is indexed by lower-case name part, so building and
//! lookups stay linear in the number of mentions.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use super::NameTables;
use super::first_names::{FirstNames, Gender};
use crate::analysis::Analysis;
use crate::lexicon::{
    FEMALE_ROLE_WORDS, FEMALE_TITLES, MALE_ROLE_WORDS, MALE_TITLES, MONTHS, NAME_PARTICLES,
    NAME_SUFFIXES, OFFICE_NOUNS, ORG_NOUNS, ORG_SUFFIXES, PERSON_OFFICES, STAFF_ROLES,
    TITLE_ABBREVIATIONS, TITLES, WELL_KNOWN_ACRONYMS, with_lowercase,
};
use crate::ner::EntityType;

/// The share of births a first name needs in one sex to tell a gender (the table's own default
/// is 0.9; news names of public figures are rarely unisex).
const GENDER_SHARE: f32 = 0.75;

/// The share of births above which a first name's gender is not open to doubt.
const STRONG_SHARE: f32 = 0.9;
/// The share of one sex a first name named alone ("Kevin") needs to give its gender: a single
/// word may be a surname, so only names given to one sex nearly always count.
const SINGLE_SHARE: f32 = 0.99;

/// At most this many people share one name part in a lookup (keeps hostile documents linear).
const MAX_SAME_NAME: usize = 32;

/// One person of the document.
#[derive(Debug, Clone)]
pub(super) struct Person {
    /// Name words without titles, as written ("Donald", "J.", "Trump"): the full form the
    /// document uses most, the longest of those on a tie.
    pub words: Vec<String>,
    pub gender: Option<Gender>,
    /// Whether the gender is only the first-name table's guess for a name given to both sexes
    /// (the text gave no evidence).
    pub table_gender: bool,
    /// Gender evidence from titles and role words: (male, female).
    evidence: (u32, u32),
    /// The full forms of the name written in the document, and how often (boxed: a document of
    /// many names keeps one form or two a person, without the spare room of growth).
    forms: Vec<(Box<[Box<str>]>, u32)>,
    /// The offices the text gives the person ("Mayor Lena Ortiz": mayor), of `PERSON_OFFICES`.
    pub offices: Vec<&'static str>,
    /// The parties the text's role words give the person ("Republican nominee Ann Lee").
    pub parties: Vec<&'static str>,
    /// Whether the text calls the person someone's spokesperson, aide or adviser ("the
    /// mayor's spokesman, Ben Ortiz"): one who speaks for another is not the passage's office
    /// holder ("the mayor said").
    pub staff: bool,
    /// Whether the text describes the person by a person noun in apposition before the name
    /// ("the institute's director, Dr. Sam Ito,").
    pub described: bool,
}

/// The relation a noun names between two people ("lawyer" of "Rossi's attorney"), one word for
/// its synonyms; relations that a person has many of ("aide", "friend") are not among them.
pub(super) fn relation_of_word(w: &str) -> Option<&'static str> {
    Some(match w {
        "lawyer" | "attorney" | "counsel" => "lawyer",
        "spokesman" | "spokeswoman" | "spokesperson" => "spokesperson",
        "wife" => "wife",
        "husband" => "husband",
        "ex-wife" => "ex-wife",
        "ex-husband" => "ex-husband",
        "father" | "dad" => "father",
        "mother" | "mom" | "mum" => "mother",
        "widow" => "widow",
        "widower" => "widower",
        "son" => "son",
        "daughter" => "daughter",
        "brother" => "brother",
        "sister" => "sister",
        "doctor" | "physician" => "doctor",
        "strategist" => "strategist",
        _ => return None,
    })
}

/// Whether an adjective makes the relation a past one ("his former lawyer").
fn is_former(w: &str) -> bool {
    matches!(w, "former" | "late" | "then")
}

/// Whether a role word makes the office after it a deputy's ("vice president").
pub(super) fn is_deputy(w: &str) -> bool {
    matches!(
        w,
        "vice" | "deputy" | "assistant" | "associate" | "lieutenant" | "under"
    )
}

/// The party a role word names ("GOP" and "Republican" are one), if any.
pub(super) fn party_of_word(w: &str) -> Option<&'static str> {
    match w {
        "republican" | "gop" => Some("republican"),
        "democratic" | "democrat" => Some("democratic"),
        "libertarian" => Some("libertarian"),
        _ => None,
    }
}

impl Person {
    fn new(words: Vec<String>) -> Self {
        Person {
            words,
            gender: None,
            table_gender: false,
            evidence: (0, 0),
            forms: Vec::new(),
            offices: Vec::new(),
            parties: Vec::new(),
            staff: false,
            described: false,
        }
    }

    /// Counts one full form of the name, and makes the most used one canonical.
    fn count_form(&mut self, words: Vec<String>) {
        let same = |w: &[Box<str>]| w.iter().map(|s| &**s).eq(words.iter().map(String::as_str));
        match self.forms.iter().position(|(w, _)| same(w)) {
            Some(i) => self.forms[i].1 += 1,
            None if self.forms.len() < MAX_SAME_NAME => {
                let form = words.into_iter().map(String::into_boxed_str).collect();
                self.forms.push((form, 1));
            }
            None => {}
        }
        // A form that ends another ("Suu Kyi" of "Aung San Suu Kyi") is a surname, not a rival.
        let ends_another = |w: &[Box<str>]| {
            self.forms
                .iter()
                .any(|(o, _)| o.len() > w.len() && o.ends_with(w))
        };
        if let Some((best, _)) = self
            .forms
            .iter()
            .filter(|(w, _)| !ends_another(w))
            .max_by_key(|(w, n)| (*n, w.len(), std::cmp::Reverse(w.join(" "))))
        {
            // Rewritten only when it changes: most people keep the one form they were made of.
            if !best
                .iter()
                .map(|s| &**s)
                .eq(self.words.iter().map(String::as_str))
            {
                self.words = best.iter().map(|s| s.to_string()).collect();
            }
        }
    }

    /// The gender titles and role words tell, else the first name's.
    fn likely_gender(&self, first_names: Option<&FirstNames>) -> Option<Gender> {
        gender_of_evidence(self.evidence).or_else(|| {
            let first = self.words.first()?;
            if self.is_full() {
                (!is_initial(first))
                    .then(|| first_names?.gender_at(first, GENDER_SHARE))
                    .flatten()
            } else {
                first_names?.gender_at(first, SINGLE_SHARE)
            }
        })
    }

    pub fn canonical(&self) -> String {
        self.words.join(" ")
    }

    pub fn is_full(&self) -> bool {
        self.words.len() > 1
    }

    /// The surname as written ("Clinton" of "Hillary Clinton").
    pub fn surname(&self) -> &str {
        surname_word(&self.words)
    }
}

/// The surname as written: the last word that is not a generational suffix ("Biden" of
/// "Joseph R. Biden Jr.").
fn surname_word(words: &[String]) -> &str {
    words
        .iter()
        .rev()
        .find(|w| !NAME_SUFFIXES.contains(&w.to_lowercase().as_str()))
        .map_or("", String::as_str)
}

/// A name word as people are indexed by it: lower case, with curly apostrophes made straight, so
/// that "O’Neill" and "O'Neill" written in one document are one name.
fn name_key(w: &str) -> String {
    w.to_lowercase().replace(['’', '‘'], "'")
}

/// The surname in lower case, the key people are indexed by.
fn surname(words: &[String]) -> String {
    name_key(surname_word(words))
}

/// A one-letter initial, with or without its full stop ("J.", "J").
fn is_initial(w: &str) -> bool {
    w.trim_end_matches('.').chars().count() == 1
}

/// Whether a word is a title or an office before a name ("Mr", "Sen.", "President").
pub(super) fn is_title(w: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let set = SET.get_or_init(|| {
        TITLES
            .iter()
            .chain(MALE_TITLES)
            .chain(FEMALE_TITLES)
            .copied()
            .chain(TITLE_ABBREVIATIONS.iter().map(|&(a, _)| a))
            .collect()
    });
    with_lowercase(w, |l| set.contains(l))
}

/// The role noun a title word stands for ("sen." → "senator").
pub(super) fn expand_title(w: &str) -> &str {
    TITLE_ABBREVIATIONS
        .iter()
        .find(|(a, _)| *a == w)
        .map_or(w, |(_, full)| full)
}

/// Titles of rank that are also surnames ("Larry King", "Ben Prince").
const TITLES_OF_RANK: &[&str] = &["king", "queen", "prince", "princess", "lord", "lady"];

pub(super) fn gender_of_word(w: &str) -> Option<Gender> {
    if MALE_TITLES.contains(&w) || MALE_ROLE_WORDS.contains(&w) {
        Some(Gender::Male)
    } else if FEMALE_TITLES.contains(&w) || FEMALE_ROLE_WORDS.contains(&w) {
        Some(Gender::Female)
    } else {
        None
    }
}

/// A name's tokens split into role words (titles, offices) and name words.
pub(super) struct NameParts {
    pub role: Vec<usize>,
    pub name: Vec<usize>,
}

/// Splits the tokens of a name mention: titles and lower-case words before the name are its
/// role; "'s" is dropped; particles ("de") and suffixes ("Jr.") stay in the name.
pub(super) fn split_name(a: &Analysis, tokens: Range<usize>) -> NameParts {
    let honorific = |i: usize| matches!(a.w(i), "mr" | "mr." | "mrs" | "mrs." | "ms" | "ms.");
    let after_honorific = tokens.start > 0 && honorific(tokens.start - 1);
    let words: Vec<usize> = tokens
        .filter(|&i| !matches!(a.w(i), "'s" | "'" | "(" | ")"))
        .collect();
    let name_word = |i: usize| {
        let w = a.word(i);
        // A capitalised function word opening a headline ("Does Rubio …") is not a name.
        let function_word = matches!(
            a.w(i),
            "does"
                | "did"
                | "do"
                | "is"
                | "was"
                | "are"
                | "were"
                | "has"
                | "have"
                | "had"
                | "will"
                | "would"
                | "can"
                | "could"
                | "should"
                | "may"
                | "might"
                | "must"
                | "the"
                | "a"
                | "an"
                | "and"
                | "but"
                | "or"
                | "if"
                | "when"
                | "why"
                | "how"
                | "what"
                | "who"
                | "as"
                | "at"
                | "by"
                | "for"
                | "from"
                | "in"
                | "of"
                | "on"
                | "to"
                | "with"
                | "after"
                | "before"
                | "says"
                | "said"
                | "tells"
                | "told"
        );
        let capital = w.starts_with(char::is_uppercase) && !is_title(w);
        (capital && !function_word, capital)
    };
    let is_name_word_or_fn = |i: usize| name_word(i).1;
    let is_name_word = |i: usize| {
        name_word(i).0 || NAME_PARTICLES.contains(&a.w(i)) || NAME_SUFFIXES.contains(&a.w(i))
    };
    // The name is the longest run of name words at the end; a particle cannot start it. The
    // last word may be a capitalised function word after a name word or a title ("Theresa May",
    // "Mrs May"), or a title word after a name word ("Billie Jean King"), or a gendered title
    // after an honorific ("Mr. King", where "Mr. President" is no name).
    let mut start = words.len();
    if let Some(&last) = words.last() {
        let before = words.len().checked_sub(2).map(|k| words[k]);
        let capital = a.word(last).starts_with(char::is_uppercase);
        let rank = TITLES_OF_RANK.contains(&a.w(last));
        let honorific_before = before.map_or(after_honorific, honorific);
        if (is_name_word_or_fn(last)
            && before.is_some_and(|b| is_name_word(b) || is_title(a.word(b))))
            || (capital && is_title(a.word(last)) && before.is_some_and(is_name_word))
            || (capital && rank && honorific_before)
        {
            start -= 1;
        }
    }
    while start > 0 && is_name_word(words[start - 1]) {
        start -= 1;
    }
    // "Al" written with a capital before another name word is a first name ("Vice President Al
    // Gore"), not the particle of "Omar al Bashir".
    let first_name = |k: usize| a.word(words[k]) == "Al" && k + 1 < words.len();
    while start < words.len() && NAME_PARTICLES.contains(&a.w(words[start])) && !first_name(start) {
        start += 1;
    }
    NameParts {
        role: words[..start].to_vec(),
        name: words[start..].to_vec(),
    }
}

/// Sentences written in title case, as headlines are ("Senator Slams Budget Plan"): most of
/// their words of four letters or more are capitalised, and there are several.
fn title_case_sentences(a: &Analysis) -> Vec<bool> {
    (0..a.seg.sentences.len())
        .map(|s| {
            let (mut long, mut capital) = (0, 0);
            for i in a.sentence(s) {
                let w = a.word(i);
                if w.chars().count() >= 4 && w.chars().all(char::is_alphabetic) {
                    long += 1;
                    capital += usize::from(w.starts_with(char::is_uppercase));
                }
            }
            long >= 4 && capital * 5 >= long * 4
        })
        .collect()
}

/// The people of a document and the organisations' canonical names.
pub(super) struct People {
    pub people: Vec<Person>,
    /// The person of each entity (PER entities, and other entities that are a person's surname).
    pub of_entity: Vec<Option<usize>>,
    /// Canonical name of each ORG or LOC entity that is not a person.
    org_of_entity: Vec<Option<String>>,
    /// Full names by lower-case surname, and by first name.
    by_last: HashMap<String, Vec<usize>>,
    by_first: HashMap<String, Vec<usize>>,
    /// Single-word people by their word.
    singles: HashMap<String, usize>,
    /// Role phrases (lower case, titles expanded) to people: "transport secretary", "senator".
    pub roles: HashMap<String, Vec<usize>>,
    /// People by their relation to another ("Rossi's lawyer, Mark Dunleavy,": Dunleavy is the
    /// lawyer of Rossi), keyed by the other person (`None`: the writer, "my father") and the
    /// relation (see [`relation_of_word`]).
    pub relations: HashMap<(Option<usize>, &'static str), Vec<usize>>,
    /// Organisation names by acronym ("IRCC" → "Immigration, Refugees and Citizenship Canada").
    pub acronyms: HashMap<String, String>,
    /// One-word organisation names, lower case, by the longer name they open ("brannock" →
    /// "Brannock Energy").
    openings: HashMap<String, String>,
    /// Capitalised last words of organisation names, lower case, by the one name they end in
    /// the document ("times" → "New York Times").
    endings: HashMap<String, String>,
    /// Entities that are only a suffix of the name entity before them ("Jr."), with that entity.
    suffix_of: Vec<(usize, usize)>,
    /// The surnames' one-letter-off index, built at the first look-up after clustering.
    misspellings: std::cell::OnceCell<Misspellings>,
}

impl People {
    /// Adds a person named `words`, found under the key of its surname `surname` and of its
    /// first word; gives the person's index.
    fn add_named(&mut self, words: Vec<String>, surname: String) -> usize {
        let first = name_key(&words[0]);
        self.people.push(Person::new(words));
        let p = self.people.len() - 1;
        self.by_last.entry(surname).or_default().push(p);
        self.by_first.entry(first).or_default().push(p);
        p
    }

    pub fn new(a: &Analysis, names: &NameTables) -> Self {
        let first_names = names.first_names.as_ref();
        let mut p = People {
            people: Vec::new(),
            of_entity: vec![None; a.entities.len()],
            org_of_entity: vec![None; a.entities.len()],
            by_last: HashMap::new(),
            by_first: HashMap::new(),
            singles: HashMap::new(),
            roles: HashMap::new(),
            relations: HashMap::new(),
            acronyms: HashMap::new(),
            openings: HashMap::new(),
            endings: HashMap::new(),
            misspellings: std::cell::OnceCell::new(),
            suffix_of: Vec::new(),
        };
        p.cluster_full_names(a, first_names);
        let completions = first_names.map(|t| completions(a, t)).unwrap_or_default();
        p.cluster_single_names(a, &completions, names);
        p.cluster_orgs(a);
        p.note_roles(a);
        p.note_nicknames(a);
        p.note_couples(a, first_names);
        for person in &mut p.people {
            person.gender = person.likely_gender(first_names);
            // A guess from a name given to both sexes ("Zephyr", "Robin") yields to the text.
            person.table_gender = person.gender.is_some()
                && gender_of_evidence(person.evidence).is_none()
                && first_names
                    .zip(person.words.first())
                    .is_some_and(|(t, first)| t.gender_at(first, STRONG_SHARE).is_none());
        }
        p.note_relations(a);
        p
    }

    /// Full names (two name words or more), longest first, so that "Donald J. Trump" is the
    /// person that "J. Trump" and "Donald Trump" join.
    fn cluster_full_names(&mut self, a: &Analysis, first_names: Option<&FirstNames>) {
        let mut full: Vec<(usize, Vec<String>)> = Vec::new();
        let places = place_names(a);
        for (e, m) in a.entities.iter().enumerate() {
            let parts = split_name(a, m.tokens.clone());
            if m.kind != EntityType::Per
                && !titled_person(a, &parts)
                && !(m.kind == EntityType::Misc && title_before(a, m.tokens.start, &parts))
            {
                continue;
            }
            let mut words: Vec<String> =
                parts.name.iter().map(|&i| a.word(i).to_string()).collect();
            // A name the entity model cut in two, its first part taken for a place that the
            // document never names alone ("Aung San" "Suu Kyi").
            if m.kind == EntityType::Per
                && parts.role.is_empty()
                && let Some(front) = split_front(a, m.tokens.start, &places)
            {
                for (k, i) in front.enumerate() {
                    words.insert(k, a.word(i).to_string());
                }
            }
            // A generational suffix the entity model left out or tagged on its own ("John G.
            // Roberts" "Jr.").
            let end = m.tokens.end;
            match (end < a.len()).then(|| a.entity_at(end)).flatten() {
                Some(next) => {
                    if let Some(parts) = suffix_only(a, next) {
                        words.extend(parts);
                        self.suffix_of.push((next, e));
                    }
                }
                None if end < a.len() && NAME_SUFFIXES.contains(&a.w(end)) => {
                    words.push(a.word(end).to_string());
                }
                None => {}
            }
            // A surname that is also a month, which the entity model left out ("Yin Myint"
            // "May").
            let end = m.tokens.end;
            if end + 1 < a.len()
                && a.entity_at(end).is_none()
                && MONTHS.contains(&a.w(end))
                && a.word(end).starts_with(char::is_uppercase)
                && !a.quoted(end)
                && a.pos[end + 1] != "CD"
                && parts.name.len() >= 2
            {
                words.push(a.word(end).to_string());
            }
            // A first name the entity model left out ("Donald" before "J. Trump"; a name the
            // table lacks after a title: "Prince Alwaleed" before "Bin Talal").
            let s = m.tokens.start;
            let after_title = s >= 2 && is_title(a.word(s - 2)) && !a.quoted(s - 2);
            let particles = parts.role.iter().all(|&i| NAME_PARTICLES.contains(&a.w(i)));
            if particles
                && s > 0
                && a.entity_at(s - 1).is_none()
                && !a.quoted(s - 1)
                && a.word(s - 1).starts_with(char::is_uppercase)
                && !is_title(a.word(s - 1))
                && (is_first_name(a.word(s - 1), first_names) || after_title)
            {
                for (k, &i) in parts.role.iter().enumerate() {
                    words.insert(k, a.word(i).to_string());
                }
                words.insert(0, a.word(s - 1).to_string());
            }
            if words.len() >= 2 {
                full.push((e, words));
            }
        }
        let headlines = title_case_sentences(a);
        // Capitalised words outside headlines: a surname the text uses.
        let body_words: HashSet<String> = (0..a.len())
            .filter(|&i| !headlines[a.sentence_of(i)] && a.word(i).starts_with(char::is_uppercase))
            .map(|i| name_key(a.word(i)))
            .collect();
        full.sort_by_key(|(e, w)| (std::cmp::Reverse(w.len()), *e));
        for (e, words) in full {
            // A headline's capitalised words run into names ("Rip Donald Trump"): its forms join
            // a person but do not choose the person's name.
            let headline = headlines[a.sentence_of(a.entities[e].tokens.start)];
            let last = surname(&words);
            let found = self
                .by_last
                .get(&last)
                .into_iter()
                .flatten()
                .take(MAX_SAME_NAME)
                .copied()
                .find(|&p| same_person(&self.people[p].words, &words));
            let p = match found {
                Some(p) => {
                    if !headline {
                        self.people[p].count_form(words);
                    }
                    p
                }
                // A headline's name that opens with a name the text uses and ends in a word it
                // never uses again is a surname run into the headline's verb ("Lund Sees
                // Victory"): no person of its own.
                None if headline
                    && body_words.contains(&name_key(&words[0]))
                    && !body_words.contains(&last) =>
                {
                    continue;
                }
                None => {
                    let p = self.add_named(words.clone(), last);
                    if !headline {
                        self.people[p].count_form(words);
                    }
                    p
                }
            };
            self.of_entity[e] = Some(p);
        }
        for (suffix, e) in std::mem::take(&mut self.suffix_of) {
            self.of_entity[suffix] = self.of_entity[e];
        }
    }

    /// One-word names ("Trump", "Mr. Trump", "Sir Keir"), in text order, and one-word entities of
    /// other types that are a named person's surname ("McCallum" tagged ORG).
    fn cluster_single_names(
        &mut self,
        a: &Analysis,
        completions: &HashMap<String, Vec<String>>,
        names: &NameTables,
    ) {
        let mut sightings = vec![Sightings::default(); self.people.len()];
        let misspelt = Misspellings::new(&self.by_last);
        for (e, m) in a.entities.iter().enumerate() {
            if let Some(p) = self.of_entity[e] {
                sightings[p].named(a, m.tokens.clone(), true);
                continue;
            }
            let parts = split_name(a, m.tokens.clone());
            let [w] = parts.name[..] else { continue };
            let word = name_key(a.word(w));
            let title = parts
                .role
                .last()
                .map(|&i| a.w(i).to_string())
                .or_else(|| (m.tokens.start > 0).then(|| a.w(m.tokens.start - 1).to_string()));
            let title_gender = title.as_deref().and_then(gender_of_word);
            let knight = matches!(title.as_deref(), Some("sir" | "dame" | "lord" | "lady"));
            let first_names = names.first_names.as_ref();
            let pick = |ids: Option<&Vec<usize>>, people: &[Person], surname: bool| {
                let ids = ids?;
                let fits = |p: usize| {
                    title_gender.is_none()
                        || people[p]
                            .likely_gender(first_names)
                            .is_none_or(|g| Some(g) == title_gender)
                };
                // The most recently named of the people who fit.
                ids.iter()
                    .take(MAX_SAME_NAME)
                    .copied()
                    .filter(|&p| fits(p))
                    .max_by_key(|&p| (sightings[p].rank(surname), std::cmp::Reverse(p)))
            };
            let by_last = pick(self.by_last.get(&word), &self.people, true);
            let by_first = pick(self.by_first.get(&word), &self.people, false);
            // A surname one letter off a full name's, where nothing else matches it ("Sweeny"
            // for Steve Sweeney).
            let by_last = by_last.or_else(|| {
                // A person's name, or one word the entity model took for another type.
                let name_like = m.kind == EntityType::Per || m.tokens.len() == 1;
                (name_like && by_first.is_none() && !self.singles.contains_key(&word))
                    .then(|| misspelt.person(&word))
                    .flatten()
                    .filter(|&p| pick(Some(&vec![p]), &self.people, true).is_some())
            });
            // An office before the surname that the person the document names in full never
            // holds there, where news gives the surname to another person ("first lady
            // Michelle Obama" … "President Obama"): the person news knows by it.
            let office = title.as_deref().map(|t| {
                TITLE_ABBREVIATIONS
                    .iter()
                    .find(|(abbr, _)| *abbr == t)
                    .map_or(t, |&(_, full)| full)
            });
            let by_last = match (by_last, office) {
                (Some(p), Some(office))
                    if m.kind == EntityType::Per
                        && OFFICE_NOUNS.contains(&office)
                        && PERSON_OFFICES.contains(&office)
                        && !self.holds_office(a, p, office) =>
                {
                    match known_full_name(&word, title_gender, names) {
                        Some(known) if !same_person(&self.people[p].words, &known) => {
                            let found = self
                                .by_last
                                .get(&word)
                                .into_iter()
                                .flatten()
                                .copied()
                                .find(|&q| same_person(&self.people[q].words, &known));
                            match found {
                                Some(q) => Some(q),
                                None => {
                                    sightings.push(Sightings::default());
                                    Some(self.add_named(known, word.clone()))
                                }
                            }
                        }
                        _ => Some(p),
                    }
                }
                (p, _) => p,
            };
            let person = if m.kind == EntityType::Per {
                match (knight, by_last, by_first) {
                    (true, _, Some(p)) | (_, Some(p), _) | (false, None, Some(p)) => Some(p),
                    _ => None,
                }
            } else {
                // Another type joins a person only by surname, and only as a bare name or with a
                // person's title ("Mr. VandeHei").
                let bare = m.tokens.len() == 1 || title_gender.is_some() || !parts.role.is_empty();
                by_last.filter(|_| bare)
            };
            let p = match person {
                Some(p) => p,
                None if m.kind == EntityType::Per => match self.singles.get(&word) {
                    Some(&p) => p,
                    None if let Some(words) = completions
                        .get(&word)
                        .filter(|w| title_fits(w, title_gender, names))
                        .cloned()
                        .or_else(|| known_full_name(&word, title_gender, names)) =>
                    {
                        // The text names this surname's person in full where the entity model
                        // did not see a person ("Assemblywoman Claudia Tenney" tagged ORG), or
                        // news names them so ("President Obama").
                        sightings.push(Sightings::default());
                        let p = self.add_named(words, word.clone());
                        self.singles.insert(word, p);
                        p
                    }
                    None => {
                        self.people.push(Person::new(vec![a.word(w).to_string()]));
                        sightings.push(Sightings::default());
                        let p = self.people.len() - 1;
                        self.singles.insert(word, p);
                        p
                    }
                },
                None => continue,
            };
            if let Some(g) = title_gender {
                add_evidence(&mut self.people[p].evidence, g);
            }
            sightings[p].named(a, m.tokens.clone(), by_last == Some(p));
            self.of_entity[e] = Some(p);
        }
    }

    /// Whether the document writes person `p`'s name after `office` (a title, abbreviated or
    /// not, or the last word of the role before the name: "President Ann Lee", "Sen. Lee").
    fn holds_office(&self, a: &Analysis, p: usize, office: &str) -> bool {
        a.entities.iter().enumerate().any(|(e, m)| {
            self.of_entity[e] == Some(p) && {
                let s = m.tokens.start;
                let before = (s > 0).then(|| a.w(s - 1));
                let role = split_name(a, m.tokens.clone()).role;
                role.iter().map(|&i| a.w(i)).chain(before).any(|w| {
                    w == office
                        || TITLE_ABBREVIATIONS
                            .iter()
                            .any(|&(abbr, full)| abbr == w && full == office)
                })
            }
        })
    }

    /// The canonical name of an organisation entity, its acronym spelt out when the document
    /// defines it ("IRCC" → "Immigration, Refugees and Citizenship Canada"), and whether it was.
    pub fn org(&self, e: usize) -> Option<(&str, bool)> {
        let name = self.org_of_entity[e].as_deref()?;
        // An acronym the document defines, else one news uses without spelling it out.
        if let Some(full) = self.acronyms.get(name) {
            return Some((full.as_str(), true));
        }
        Some(match WELL_KNOWN_ACRONYMS.iter().find(|(a, _)| *a == name) {
            Some((_, full)) => (full, true),
            None => (name, false),
        })
    }

    /// [`Self::org`] for an organisation that a mention names as its head: a one-word name by
    /// the longer name it opens ("Brannock said" → Brannock Energy).
    pub fn org_named(&self, e: usize) -> Option<(&str, bool)> {
        let (name, acronym) = self.org(e)?;
        if acronym || is_acronym(name) {
            return Some((name, acronym));
        }
        Some(match self.openings.get(&name.to_lowercase()) {
            Some(longer) => (longer.as_str(), false),
            None => (name, false),
        })
    }

    /// The one organisation whose name of two words or more ends in a capitalised word the
    /// entity model left untagged ("the Times wrote" → New York Times).
    pub fn org_ending(&self, word: &str) -> Option<&str> {
        self.endings.get(&word.to_lowercase()).map(String::as_str)
    }

    /// The one person named in full whose surname a capitalised word is one letter off
    /// ("Wines" for Laura Wimes), where no one has that surname or that one-word name.
    pub fn by_misspelt_surname(&self, word: &str) -> Option<usize> {
        let w = name_key(word);
        if self.by_last.contains_key(&w) || self.singles.contains_key(&w) {
            return None;
        }
        self.misspellings
            .get_or_init(|| Misspellings::new(&self.by_last))
            .person(&w)
            .filter(|&p| self.people[p].words.len() >= 2)
    }

    /// The person whose surname a capitalised word is, if the document names one (the first
    /// named of several), else the one-word person of that name.
    /// Every person of two or more name words whose surname is `word`.
    pub fn all_by_surname(&self, word: &str) -> &[usize] {
        self.by_last.get(&name_key(word)).map_or(&[], Vec::as_slice)
    }

    pub fn by_surname(&self, word: &str) -> Option<usize> {
        let w = name_key(word);
        if let Some(ids) = self.by_last.get(&w) {
            return ids.first().copied();
        }
        self.singles.get(&w).copied()
    }

    /// Organisations (and places speaking as institutions): the longest name of the same kind
    /// that ends with this one ("State Department" → "US State Department"); acronyms.
    fn cluster_orgs(&mut self, a: &Analysis) {
        let mut longest: HashMap<(bool, String), String> = HashMap::new();
        let mut names: Vec<(usize, String)> = Vec::new();
        for (e, m) in a.entities.iter().enumerate() {
            // A name of another type that an acronym in brackets spells ("Protect Our Rivers"
            // tagged MISC in "the Alliance to Protect Our Rivers (APOR)").
            let end = m.tokens.end;
            if m.kind == EntityType::Misc
                && end + 2 < a.len()
                && a.w(end) == "("
                && a.w(end + 2) == ")"
            {
                let acronym = a.word(end + 1);
                if is_acronym(acronym)
                    && let Some(full) = expand_to_acronym(a, m.tokens.clone(), acronym)
                {
                    self.acronyms.insert(acronym.to_string(), full);
                }
            }
            if !matches!(m.kind, EntityType::Org | EntityType::Loc) || self.of_entity[e].is_some() {
                continue;
            }
            let words: Vec<&str> = m
                .tokens
                .clone()
                .filter(|&i| !(i == m.tokens.start && a.w(i) == "the"))
                .filter(|&i| !matches!(a.w(i), "'s" | "'"))
                .map(|i| a.word(i))
                .collect();
            if words.is_empty() {
                continue;
            }
            let name = words.join(" ");
            let org = m.kind == EntityType::Org;
            for k in 0..words.len().min(6) {
                let suffix = words[k..].join(" ").to_lowercase();
                let slot = longest.entry((org, suffix)).or_default();
                if name.len() > slot.len() {
                    *slot = name.clone();
                }
            }
            // "Immigration, Refugees and Citizenship Canada (IRCC)": an acronym in brackets.
            let end = m.tokens.end;
            if end + 2 < a.len() && a.w(end) == "(" && a.w(end + 2) == ")" {
                let acronym = a.word(end + 1);
                if is_acronym(acronym) {
                    let full = expand_to_acronym(a, m.tokens.clone(), acronym)
                        .unwrap_or_else(|| name.clone());
                    self.acronyms.insert(acronym.to_string(), full);
                }
            }
            let initials: String = words
                .iter()
                .filter(|w| w.starts_with(char::is_uppercase))
                .filter_map(|w| w.chars().next())
                .collect();
            if words.len() >= 2 && initials.chars().count() >= 2 {
                self.acronyms
                    .entry(initials)
                    .or_insert_with(|| name.clone());
            }
            names.push((e, name));
        }
        self.openings = org_openings(a, &names);
        self.endings = org_endings(a, &names);
        for (e, name) in names {
            let org = a.entities[e].kind == EntityType::Org;
            let best = longest
                .get(&(org, name.to_lowercase()))
                .cloned()
                .unwrap_or(name);
            self.org_of_entity[e] = Some(best);
        }
        // "the Harwell Center" "for" "Public Policy Research": one name that the entity model
        // cut at its preposition, when the first part ends in an organisation's noun.
        for e in 0..a.entities.len() {
            let Some(next) = org_continuation(a, e) else {
                continue;
            };
            if self.org_of_entity[e].is_none() || self.org_of_entity[next].is_none() {
                continue;
            }
            let mut start = a.entities[e].tokens.start;
            if a.w(start) == "the" {
                start += 1;
            }
            let joined = a.text[a.span(&(start..a.entities[next].tokens.end))].to_string();
            self.org_of_entity[e] = Some(joined.clone());
            self.org_of_entity[next] = Some(joined);
        }
    }

    /// The name a person goes by: "Mr. Bush, known as Jeb," is Jeb Bush.
    fn note_nicknames(&mut self, a: &Analysis) {
        for i in 2..a.len().saturating_sub(2) {
            if !(a.w(i) == "known" && a.w(i + 1) == "as" && a.w(i - 1) == ",") || a.quoted(i) {
                continue;
            }
            let nick = i + 2;
            let single = a.word(nick).starts_with(char::is_uppercase)
                && a.pos[nick].starts_with("NNP")
                && a.entity(nick)
                    .is_none_or(|e| e.kind == EntityType::Per && e.tokens.len() == 1)
                && (nick + 1 >= a.len() || a.is_punct(nick + 1));
            let Some(p) = a
                .entity_at(i - 2)
                .filter(|&e| a.entities[e].tokens.end == i - 1)
                .and_then(|e| self.of_entity[e])
            else {
                continue;
            };
            let person = &mut self.people[p];
            if single && person.is_full() && name_key(a.word(nick)) != surname(&person.words) {
                let last = person.surname().to_string();
                person.words = vec![a.word(nick).to_string(), last];
            }
        }
    }

    /// Role words before a name ("Transport Secretary Heidi Alexander", "Sen. Ann Lee") and in an
    /// apposition after it ("Ollie Baker, the chef at the inn,"), and the gender they tell.
    fn note_roles(&mut self, a: &Analysis) {
        for (e, m) in a.entities.iter().enumerate() {
            let Some(p) = self.of_entity[e] else { continue };
            if m.kind != EntityType::Per {
                continue;
            }
            let start = m.tokens.start;
            let mut k = start;
            while k > 0 && start - k < 5 {
                let i = k - 1;
                let pos = a.pos[i];
                if a.quoted(i)
                    || !(pos.starts_with("NN") || pos == "JJ" || a.w(i) == "of")
                    || a.entity_at(i)
                        .is_some_and(|x| a.entities[x].kind == EntityType::Per)
                {
                    break;
                }
                k -= 1;
            }
            // A relational noun before the name's apposition ("his wife, Jane,") tells the
            // gender.
            if start >= 2
                && a.w(start - 1) == ","
                && !a.quoted(start - 2)
                && let Some(g) = gender_of_word(a.w(start - 2))
            {
                add_evidence(&mut self.people[p].evidence, g);
            }
            // A person noun in apposition before the name describes the person ("the
            // institute's director, Sam Ito,").
            let mut before = start;
            while before > 0 && start - before < 3 && is_title(a.w(before - 1)) {
                before -= 1;
            }
            if before >= 2
                && a.w(before - 1) == ","
                && !a.quoted(before - 2)
                && a.pos[before - 2] == "NN"
                && a.entity_at(before - 2).is_none()
                && super::names_a_person(a.w(before - 2))
            {
                self.people[p].described = true;
            }
            // So does a spokesperson's or aide's ("the mayor's spokesman, Ben Ortiz,").
            if start >= 2
                && a.w(start - 1) == ","
                && !a.quoted(start - 2)
                && STAFF_ROLES.contains(&a.w(start - 2))
            {
                self.people[p].staff = true;
            }
            let mut role: Vec<usize> = (k..start).collect();
            role.extend(split_name(a, m.tokens.clone()).role);
            while role.first().is_some_and(|&i| a.w(i) == "of") {
                role.remove(0);
            }
            let words: Vec<&str> = role.iter().map(|&i| expand_title(a.w(i))).collect();
            self.add_role(p, &words);
            // "NAME, the ROLE ..., said": the apposition's words up to a preposition or comma.
            let end = m.tokens.end;
            if end + 2 < a.len() && a.w(end) == "," && !a.quoted(end) {
                let first = a.w(end + 1);
                let det = matches!(first, "the" | "a" | "an");
                let mut j = end + 1 + usize::from(det);
                let mut words = Vec::new();
                while j < a.len() && words.len() < 6 {
                    let pos = a.pos[j];
                    if !(pos.starts_with("NN") || pos == "JJ" || pos == "VBN" || pos == "CD")
                        || a.entity_at(j)
                            .is_some_and(|x| a.entities[x].kind == EntityType::Per)
                    {
                        break;
                    }
                    words.push(a.w(j));
                    j += 1;
                }
                // A noun phrase followed by its verb is the subject of the next clause, not an
                // apposition ("At a rally in Dayton, the mayor also said …").
                let subject =
                    j < a.len() && matches!(a.pos[j], "VBD" | "VBZ" | "VBP" | "MD" | "RB");
                if !words.is_empty() && (det || a.pos[end + 1].starts_with("NN")) && !subject {
                    self.add_role(p, &words);
                }
            }
        }
    }

    /// "my parents, James and Olive Keane,": a first name alone joined by "and" to a full name
    /// after a family's plural noun shares its surname, when the text gives that first name no
    /// surname of its own (elsewhere two first names may be one-name artists).
    fn note_couples(&mut self, a: &Analysis, first_names: Option<&FirstNames>) {
        for (e, m) in a.entities.iter().enumerate() {
            let (Some(p), end) = (self.of_entity[e], m.tokens.end) else {
                continue;
            };
            if m.kind != EntityType::Per
                || m.tokens.len() != 1
                || self.people[p].words.len() != 1
                || end + 1 >= a.len()
                || a.w(end) != "and"
                || !is_first_name(a.word(m.tokens.start), first_names)
            {
                continue;
            }
            let family = m.tokens.start >= 2
                && a.w(m.tokens.start - 1) == ","
                && matches!(
                    a.w(m.tokens.start - 2),
                    "parents" | "grandparents" | "couple" | "brothers" | "sisters" | "siblings"
                );
            if !family {
                continue;
            }
            let Some(f) = a.entity_at(end + 1) else {
                continue;
            };
            let next = &a.entities[f];
            let Some(q) = self.of_entity[f] else { continue };
            let parts = split_name(a, next.tokens.clone());
            if next.kind != EntityType::Per
                || next.tokens.start != end + 1
                || parts.name.len() != 2
                || !is_first_name(a.word(parts.name[0]), first_names)
                || !self.people[q].is_full()
            {
                continue;
            }
            let last = self.people[q].surname().to_string();
            let words = vec![self.people[p].words[0].clone(), last];
            let key = surname(&words);
            self.people[p].words = words;
            let holders = self.by_last.entry(key).or_default();
            if holders.len() < MAX_SAME_NAME {
                holders.push(p);
            }
        }
    }

    /// A person named beside a relation to another ("Rossi's lawyer, Mark Dunleavy,", "an
    /// attorney for Rossi, Mark Dunleavy,", "Mark Dunleavy, Rossi's lawyer,", "my parents,
    /// James and Olive Keane,"), so that the relation names them elsewhere.
    fn note_relations(&mut self, a: &Analysis) {
        for (e, m) in a.entities.iter().enumerate() {
            let Some(p) = self.of_entity[e] else { continue };
            if m.kind != EntityType::Per {
                continue;
            }
            let (start, end) = (m.tokens.start, m.tokens.end);
            if start >= 3 && a.w(start - 1) == "," && !a.quoted(start - 2) {
                let n = start - 2;
                if let Some(rel) = relation_of_word(a.w(n)) {
                    if let Some(owner) = self.owner_before(a, n) {
                        self.add_relation(owner, rel, p);
                    }
                } else if a.w(n) == "parents" && a.w(n - 1) == "my" {
                    // Each parent by gender: "my parents, James and Olive Keane,".
                    let mut both = vec![p];
                    if end + 1 < a.len()
                        && a.w(end) == "and"
                        && let Some(q) = a.entity_at(end + 1).and_then(|f| self.of_entity[f])
                    {
                        both.push(q);
                    }
                    for q in both {
                        match self.people[q].gender {
                            Some(Gender::Male) => self.add_relation(None, "father", q),
                            Some(Gender::Female) => self.add_relation(None, "mother", q),
                            None => {}
                        }
                    }
                } else if let Some(x) = a.entity_at(n)
                    && a.entities[x].tokens.end == n + 1
                    && let Some(q) = self.of_entity[x]
                    && let Some(k) = a.entities[x].tokens.start.checked_sub(2)
                    && matches!(a.w(k + 1), "for" | "of" | "to")
                    && let Some(rel) = relation_of_word(a.w(k))
                    && q != p
                {
                    // "an attorney for Rossi, Mark Dunleavy,".
                    self.add_relation(Some(q), rel, p);
                }
            }
            // "Mark Dunleavy, Rossi's lawyer,".
            if end + 4 < a.len()
                && a.w(end) == ","
                && !a.quoted(end)
                && let Some(x) = a.entity_at(end + 1)
                && let Some(q) = self.of_entity[x]
                && q != p
            {
                let k = a.entities[x].tokens.end;
                let mut n = k + 1;
                while n < a.len() && n < k + 3 && a.pos[n] == "JJ" && !is_former(a.w(n)) {
                    n += 1;
                }
                if matches!(a.w(k), "'s" | "'")
                    && n + 1 < a.len()
                    && let Some(rel) = relation_of_word(a.w(n))
                    && matches!(a.w(n + 1), "," | "." | ";")
                {
                    self.add_relation(Some(q), rel, p);
                }
            }
        }
    }

    /// Whose relation the noun at `n` is, from the words before it: the writer's ("my"), or a
    /// person's ("Rossi's"), past up to two adjectives.
    fn owner_before(&self, a: &Analysis, n: usize) -> Option<Option<usize>> {
        let mut j = n.checked_sub(1)?;
        while j > 0 && n - j <= 2 && a.pos[j] == "JJ" && !is_former(a.w(j)) {
            j -= 1;
        }
        match a.w(j) {
            "my" => Some(None),
            "'s" | "'" => {
                let x = a.entity_at(j.checked_sub(1)?)?;
                self.of_entity[x].map(Some)
            }
            _ => None,
        }
    }

    fn add_relation(&mut self, owner: Option<usize>, rel: &'static str, p: usize) {
        let holders = self.relations.entry((owner, rel)).or_default();
        if !holders.contains(&p) && holders.len() < MAX_SAME_NAME {
            holders.push(p);
        }
    }

    /// Records the role words of person `p`: the whole phrase and its endings of two words or
    /// more, single office words, and the gender that role words tell.
    fn add_role(&mut self, p: usize, words: &[&str]) {
        for w in words {
            if let Some(g) = gender_of_word(w) {
                add_evidence(&mut self.people[p].evidence, g);
            }
            let parties = &mut self.people[p].parties;
            if let Some(party) = party_of_word(w)
                && !parties.contains(&party)
            {
                parties.push(party);
            }
            if STAFF_ROLES.contains(w) {
                self.people[p].staff = true;
            }
            let offices = &mut self.people[p].offices;
            if let Some(o) = PERSON_OFFICES.iter().find(|o| **o == *w)
                && OFFICE_NOUNS.contains(o)
                && !offices.contains(o)
                && offices.len() < MAX_SAME_NAME
            {
                offices.push(o);
            }
        }
        let words: Vec<&str> = words
            .iter()
            .copied()
            // "Mr." names no role; "Prince" does ("Prince Alwaleed" … "the prince").
            .filter(|w| {
                !MALE_TITLES.contains(w) && !FEMALE_TITLES.contains(w) || OFFICE_NOUNS.contains(w)
            })
            .map(|w| w.trim_end_matches('.'))
            .filter(|w| !w.is_empty() && *w != "former")
            .collect();
        // A deputy's role is no role of the office's ("vice presidential nominee" is not the
        // "presidential nominee"): its endings start at the deputy word or before it.
        let shortest = words
            .iter()
            .rposition(|w| is_deputy(w))
            .map_or(1, |k| words.len() - k);
        for n in shortest..=words.len() {
            let key = words[words.len() - n..].join(" ");
            let holders = self.roles.entry(key).or_default();
            if !holders.contains(&p) && holders.len() < MAX_SAME_NAME {
                holders.push(p);
            }
        }
    }
}

/// Full names' surnames by themselves and by their forms with one letter deleted, to find a
/// surname written one letter off (a letter left out, added or changed): the symmetric-deletion
/// index, linear in the surnames' letters.
struct Misspellings {
    by_deletion: HashMap<String, Vec<(String, usize)>>,
}

/// A surname this short may differ by a letter from another person's.
const MIN_MISSPELT_LEN: usize = 5;

impl Misspellings {
    fn new(by_last: &HashMap<String, Vec<usize>>) -> Self {
        let mut by_deletion: HashMap<String, Vec<(String, usize)>> = HashMap::new();
        for (key, people) in by_last {
            // Only a surname one person has.
            let [p] = people[..] else { continue };
            if key.chars().count() < MIN_MISSPELT_LEN {
                continue;
            }
            for variant in deletions(key).into_iter().chain([key.clone()]) {
                let entry = by_deletion.entry(variant).or_default();
                if entry.len() < MAX_SAME_NAME {
                    entry.push((key.clone(), p));
                }
            }
        }
        Misspellings { by_deletion }
    }

    /// The one person whose surname is one letter off `word` (lower case).
    fn person(&self, word: &str) -> Option<usize> {
        if word.chars().count() < MIN_MISSPELT_LEN || !word.chars().all(char::is_alphabetic) {
            return None;
        }
        let mut found: Option<usize> = None;
        // A letter added to the surname: the word less one letter is it; left out: the word is
        // the surname less one; changed: both less one letter at the same place.
        let mut consider = |key: &str, p: usize, ok: bool| -> bool {
            if !ok || key == word {
                return true;
            }
            match found {
                Some(q) if q != p => false,
                _ => {
                    found = Some(p);
                    true
                }
            }
        };
        for (i, variant) in deletions(word).into_iter().enumerate() {
            for (key, p) in self.by_deletion.get(&variant).into_iter().flatten() {
                let added = *key == variant;
                let changed = key.chars().count() == word.chars().count()
                    && deletions(key).get(i) == Some(&variant);
                if !consider(key, *p, added || changed) {
                    return None;
                }
            }
        }
        for (key, p) in self.by_deletion.get(word).into_iter().flatten() {
            if !consider(key, *p, true) {
                return None;
            }
        }
        found
    }
}

/// A word's forms with one letter deleted, by the deleted letter's place.
fn deletions(w: &str) -> Vec<String> {
    let chars: Vec<char> = w.chars().collect();
    (0..chars.len())
        .map(|i| chars[..i].iter().chain(&chars[i + 1..]).collect())
        .collect()
}

/// Whether an entity of another type than PER is a person by its title and name ("Justice
/// Antonin Scalia" tagged ORG): a person's title, then two name words or more, none of them an
/// organisation's noun.
fn titled_person(a: &Analysis, parts: &NameParts) -> bool {
    parts.name.len() >= 2
        && parts.role.iter().any(|&i| is_person_title(a.w(i)))
        && parts
            .name
            .iter()
            .all(|&i| !ORG_NOUNS.contains(&a.w(i)) && !ORG_SUFFIXES.contains(&a.w(i)))
}

/// How often and where last a person was named so far in the text: by any name, and with the
/// surname (in full or alone). A bare surname that two people share goes to the one the text
/// calls by it ("Laura" twice and "Carl Benning" last: "Benning" is Carl); between two named by
/// it as often, to the one last named by it as a subject ("The firm's founder, Tony Ruiz, is the
/// brother of John Ruiz": "Ruiz said" is Tony); then to the one named last.
#[derive(Debug, Clone, Copy, Default)]
struct Sightings {
    count: u32,
    last: usize,
    surname_count: u32,
    surname_last: usize,
    surname_subject: bool,
}

impl Sightings {
    /// A mention `r` of the person, `with_surname` when it holds the surname.
    fn named(&mut self, a: &Analysis, r: Range<usize>, with_surname: bool) {
        self.count += 1;
        self.last = r.end;
        if with_surname {
            self.surname_count += 1;
            self.surname_last = r.end;
            self.surname_subject = super::is_subject(a, r);
        }
    }

    /// The person's rank among those a one-word name may be, higher first: by the mentions with
    /// the surname for a `surname`, else by all mentions.
    fn rank(&self, surname: bool) -> (u32, bool, usize) {
        if surname {
            (self.surname_count, self.surname_subject, self.surname_last)
        } else {
            (self.count, false, self.last)
        }
    }
}

/// Whether a person's title stands just before a name the entity model gave another type
/// ("Secretary General Anan Lo" with the name tagged MISC).
fn title_before(a: &Analysis, s: usize, parts: &NameParts) -> bool {
    parts.role.is_empty()
        && parts.name.len() >= 2
        && s > 0
        && !a.quoted(s - 1)
        && a.entity_at(s - 1).is_none()
        && a.word(s - 1).starts_with(char::is_uppercase)
        && is_title(a.word(s - 1))
        && parts
            .name
            .iter()
            .all(|&i| !ORG_NOUNS.contains(&a.w(i)) && !ORG_SUFFIXES.contains(&a.w(i)))
}

/// Lower-case texts of the place entities that stand apart from a name (not just before one).
fn place_names(a: &Analysis) -> HashSet<String> {
    a.entities
        .iter()
        .filter(|m| m.kind == EntityType::Loc)
        .filter(|m| {
            let end = m.tokens.end;
            end >= a.len()
                || a.entity_at(end)
                    .is_none_or(|n| a.entities[n].kind != EntityType::Per)
        })
        .map(|m| a.text[a.span(&m.tokens)].to_lowercase())
        .collect()
}

/// The tokens of a place entity of two name words or fewer just before the person name at `s`
/// that the document names nowhere else as a place: the front of the same name.
fn split_front(a: &Analysis, s: usize, places: &HashSet<String>) -> Option<Range<usize>> {
    let prev = a.entity_at(s.checked_sub(1)?)?;
    let m = &a.entities[prev];
    let name_words = m.tokens.clone().all(|i| {
        let w = a.word(i);
        w.starts_with(char::is_uppercase)
            && w.chars().all(char::is_alphabetic)
            && !is_title(w)
            && !a.quoted(i)
    });
    (m.kind == EntityType::Loc
        && m.tokens.len() <= 2
        && name_words
        && a.sentence_of(m.tokens.start) == a.sentence_of(s)
        && !places.contains(&a.text[a.span(&m.tokens)].to_lowercase()))
    .then(|| m.tokens.clone())
}

/// Whether a title stands only before a person: a gendered title ("Mrs."), an abbreviated one
/// ("Sen.") or an office that only people hold ("Justice").
fn is_person_title(w: &str) -> bool {
    MALE_TITLES.contains(&w)
        || FEMALE_TITLES.contains(&w)
        || PERSON_OFFICES.contains(&w)
        || (w.ends_with('.') && TITLE_ABBREVIATIONS.iter().any(|(a, _)| *a == w))
}

/// The words of an entity that is only a generational suffix ("Jr."), if it is one.
fn suffix_only(a: &Analysis, e: usize) -> Option<Vec<String>> {
    let tokens = a.entities[e].tokens.clone();
    tokens
        .clone()
        .all(|i| NAME_SUFFIXES.contains(&a.w(i)) || a.word(i) == ".")
        .then(|| {
            tokens
                .filter(|&i| a.word(i) != ".")
                .map(|i| a.word(i).to_string())
                .collect()
        })
}

/// Whether a word is a known first name (and not a month: "June Trump" is a date).
fn is_first_name(word: &str, first_names: Option<&FirstNames>) -> bool {
    !MONTHS.contains(&word.to_lowercase().as_str())
        && first_names.is_some_and(|t| t.female_share(word).is_some())
}

/// Full names written in the text as a known first name, an optional initial and a capitalised
/// word, whatever the entity model made of them, by lower-case surname (the first one written).
fn completions(a: &Analysis, first_names: &FirstNames) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    let capital = |i: usize| a.word(i).starts_with(char::is_uppercase) && !a.quoted(i);
    for i in 1..a.len() {
        if !capital(i) || is_title(a.word(i)) || a.word(i).chars().count() < 2 {
            continue;
        }
        let initial = |k: usize| is_initial(a.word(k)) && a.word(k).starts_with(char::is_uppercase);
        // A nickname in quotation marks between the names ("John “Tig” Tiegen") is left out.
        let nickname = nickname_before(a, i);
        if let Some(open) = nickname
            && open >= 1
            && capital(open - 1)
            && !is_title(a.word(open - 1))
            && is_first_name(a.word(open - 1), Some(first_names))
            && a.sent_start(open - 1) == a.sent_start(i)
        {
            out.entry(name_key(a.word(i)))
                .or_insert_with(|| vec![a.word(open - 1).to_string(), a.word(i).to_string()]);
            continue;
        }
        let first = if initial(i - 1) && i >= 2 {
            i - 2
        } else {
            i - 1
        };
        if first + 1 == i && initial(first) {
            continue;
        }
        if !capital(first)
            || is_title(a.word(first))
            || !is_first_name(a.word(first), Some(first_names))
        {
            continue;
        }
        if a.sent_start(first) != a.sent_start(i) {
            continue;
        }
        let key = name_key(a.word(i));
        out.entry(key)
            .or_insert_with(|| (first..=i).map(|k| a.word(k).to_string()).collect());
    }
    out
}

/// The opening quotation mark of a one- or two-word nickname that ends just before token `i`.
fn nickname_before(a: &Analysis, i: usize) -> Option<usize> {
    let is_mark = |k: usize| matches!(a.word(k), "“" | "”" | "\"" | "‘" | "’" | "'");
    if i < 3 || !is_mark(i - 1) {
        return None;
    }
    (i.saturating_sub(4)..i - 2)
        .rev()
        .find(|&k| is_mark(k))
        .filter(|&k| (k + 1..i - 1).all(|n| a.word(n).starts_with(char::is_uppercase)))
}

/// The full name news gives a surname, unless a title says another gender than its first name.
fn known_full_name(
    surname: &str,
    title_gender: Option<Gender>,
    names: &NameTables,
) -> Option<Vec<String>> {
    let full = names.known_names.as_ref()?.full_name(surname)?;
    let words: Vec<String> = full.split_whitespace().map(str::to_string).collect();
    title_fits(&words, title_gender, names).then_some(words)
}

/// Whether a full name's first name is of the gender a title tells, where both tell one ("Mr.
/// Obama" is not Michelle Obama).
fn title_fits(words: &[String], title_gender: Option<Gender>, names: &NameTables) -> bool {
    let first_gender = words
        .first()
        .and_then(|w| names.first_names.as_ref()?.gender(w));
    title_gender.is_none() || first_gender.is_none() || title_gender == first_gender
}

fn gender_of_evidence((m, f): (u32, u32)) -> Option<Gender> {
    match m.cmp(&f) {
        std::cmp::Ordering::Greater => Some(Gender::Male),
        std::cmp::Ordering::Less => Some(Gender::Female),
        std::cmp::Ordering::Equal => None,
    }
}

fn add_evidence(e: &mut (u32, u32), g: Gender) {
    match g {
        Gender::Male => e.0 += 1,
        Gender::Female => e.1 += 1,
    }
}

/// The name that an acronym in brackets after entity `r` abbreviates, reaching back over words
/// the entity model split off ("Immigration, Refugees and Citizenship Canada (IRCC)").
fn expand_to_acronym(a: &Analysis, r: Range<usize>, acronym: &str) -> Option<String> {
    let end = r.end;
    let lo = r.start.saturating_sub(8).max(a.sent_start(r.start));
    let initials = |from: usize| -> String {
        (from..end)
            .map(|i| a.word(i))
            .filter(|w| w.starts_with(char::is_uppercase))
            .filter_map(|w| w.chars().next())
            .collect()
    };
    let mut from = r.start;
    loop {
        if initials(from) == acronym {
            let tokens = &a.seg.tokens;
            return Some(
                a.text[tokens[from].start as usize..tokens[end - 1].end as usize].to_string(),
            );
        }
        if from == lo {
            return None;
        }
        from -= 1;
        let w = a.word(from);
        let joins = matches!(
            w,
            "," | "and" | "of" | "for" | "&" | "to" | "on" | "the" | "a"
        );
        if !(w.starts_with(char::is_uppercase) || joins) {
            return None;
        }
    }
}

/// All capitals, two to six letters ("IRCC", "NHS", "U.N." is not).
fn is_acronym(w: &str) -> bool {
    (2..=6).contains(&w.chars().count()) && w.chars().all(|c| c.is_ascii_uppercase())
}

/// The organisation entity that continues organisation entity `e` after a preposition ("the
/// Committee" "for a" "Balanced Budget"): `e` ends in an
/// organisation's noun, and nothing but the preposition and an article comes between.
fn org_continuation(a: &Analysis, e: usize) -> Option<usize> {
    let m = &a.entities[e];
    // "the U.S. Court of Appeals" "for the" "Ninth Circuit": a court of appeals by its circuit.
    let appeals = a.w(m.tokens.end - 1) == "appeals" && m.tokens.clone().any(|i| a.w(i) == "court");
    if m.kind != EntityType::Org || !(ORG_NOUNS.contains(&a.w(m.tokens.end - 1)) || appeals) {
        return None;
    }
    let k = m.tokens.end;
    if appeals && a.w(k) != "for" {
        return None;
    }
    if k + 1 >= a.len() || !matches!(a.w(k), "for" | "of" | "on" | "to") || a.quoted(k) {
        return None;
    }
    let mut j = k + 1;
    if matches!(a.w(j), "a" | "the") {
        j += 1;
    }
    let next = (j < a.len()).then(|| a.entity_at(j)).flatten()?;
    let n = &a.entities[next];
    (n.kind == EntityType::Org
        && n.tokens.start == j
        && a.sentence_of(j) == a.sentence_of(k)
        && !a.quoted(j))
    .then_some(next)
}

/// Final words of a longer organisation name that make it a part of a body, not its full name
/// ("Senate Judiciary Committee" is not the Senate).
const PART_NOUNS: &[&str] = &[
    "committee",
    "subcommittee",
    "panel",
    "caucus",
    "office",
    "board",
    "division",
    "unit",
    "chapter",
    "branch",
];

/// Lower-case texts of all the place entities of the document.
fn all_place_names(a: &Analysis) -> HashSet<String> {
    a.entities
        .iter()
        .filter(|m| m.kind == EntityType::Loc)
        .map(|m| a.text[a.span(&m.tokens)].to_lowercase())
        .collect()
}

/// The organisation names of two to six words (not a part of a body) grouped by the keys
/// `keys` draws from each name's words as (key, name form) pairs, at most `MAX_SAME_NAME` forms a
/// key; keys the document also gives as a place ("Washington") are left out.
fn org_names_by(
    a: &Analysis,
    names: &[(usize, String)],
    keys: impl Fn(&[&str]) -> Vec<(String, String)>,
) -> impl Iterator<Item = (String, Vec<String>)> {
    let mut found: HashMap<String, Vec<String>> = HashMap::new();
    for (e, name) in names {
        if a.entities[*e].kind != EntityType::Org {
            continue;
        }
        let words: Vec<&str> = name.split(' ').collect();
        let last = words.last().map_or(String::new(), |w| w.to_lowercase());
        if words.len() < 2 || words.len() > 6 || PART_NOUNS.contains(&last.as_str()) {
            continue;
        }
        for (key, form) in keys(&words) {
            let seen = found.entry(key).or_default();
            if seen.len() < MAX_SAME_NAME && !seen.contains(&form) {
                seen.push(form);
            }
        }
    }
    let places = all_place_names(a);
    found
        .into_iter()
        .filter(move |(key, _)| !places.contains(key))
}

/// One-word organisation names that open exactly one longer one in the document, with that
/// name from the word on ("Brannock" → "Brannock Energy", "Hurun" → "Hurun Report" of "the
/// Shanghai-based Hurun Report"); the shortest such name when the others only extend it
/// ("Podesta Group", "Podesta Group Inc."). Words the document also gives as a place
/// ("Washington") and names of a part of a body are left alone.
fn org_openings(a: &Analysis, names: &[(usize, String)]) -> HashMap<String, String> {
    let openings = |words: &[&str]| {
        (0..words.len() - 1)
            .filter(|&j| words[j].starts_with(char::is_uppercase))
            .map(|j| (words[j].to_lowercase(), words[j..].join(" ")))
            .collect()
    };
    org_names_by(a, names, openings)
        .filter_map(|(key, mut longer)| {
            longer.sort_by_key(String::len);
            let shortest = longer[0].clone();
            longer
                .iter()
                .all(|n| n.starts_with(&shortest))
                .then_some((key, shortest))
        })
        .collect()
}

/// The last words of organisation names of two to six words that end exactly one name in the
/// document ("Times" of "The New York Times"), with that name, longest form; words the document
/// also gives as a place, and names of a part of a body, are left alone.
fn org_endings(a: &Analysis, names: &[(usize, String)]) -> HashMap<String, String> {
    let ending = |words: &[&str]| {
        let last = words[words.len() - 1];
        if last.starts_with(char::is_uppercase) {
            vec![(last.to_lowercase(), words.join(" "))]
        } else {
            Vec::new()
        }
    };
    org_names_by(a, names, ending)
        .filter_map(|(key, mut longer)| {
            // One name, written longer or shorter ("New York Times", "The New York Times").
            longer.sort_by_key(|n| std::cmp::Reverse(n.len()));
            let longest = longer[0].clone();
            longer
                .iter()
                .all(|n| longest.ends_with(n.as_str()))
                .then_some((key, longest))
        })
        .collect()
}

/// Whether two full names with the same surname are one person: the same first name, or one
/// name's words all found in the other's ("J. Trump" in "Donald J. Trump"), or an initial that
/// matches ("D. Trump").
fn same_person(long: &[String], short: &[String]) -> bool {
    // Different generational suffixes are different people: a father and his son ("Tom Hale
    // Jr." and "Tom Hale III").
    let suffix = |words: &[String]| {
        words.iter().find_map(|w| {
            let w = w.trim_end_matches('.');
            NAME_SUFFIXES
                .iter()
                .map(|s| s.trim_end_matches('.'))
                .find(|s| s.eq_ignore_ascii_case(w))
                .map(|s| match s {
                    "junior" => "jr",
                    "senior" => "sr",
                    s => s,
                })
        })
    };
    if let (Some(a), Some(b)) = (suffix(long), suffix(short))
        && a != b
    {
        return false;
    }
    let (lf, sf) = (name_key(&long[0]), name_key(&short[0]));
    if lf == sf {
        return true;
    }
    let initial = |i: &str, name: &str| is_initial(i) && name.starts_with(i.trim_end_matches('.'));
    if initial(&sf, &lf) || initial(&lf, &sf) {
        return true;
    }
    let long_lower: Vec<String> = long.iter().map(|w| name_key(w)).collect();
    short.iter().all(|w| long_lower.contains(&name_key(w)))
}

#[cfg(test)]
mod tests {
    use super::{is_title, same_person};
    use crate::lexicon::{FEMALE_TITLES, MALE_TITLES, TITLE_ABBREVIATIONS, TITLES};

    fn words(name: &str) -> Vec<String> {
        name.split(' ').map(String::from).collect()
    }

    #[test]
    fn generational_suffixes_tell_people_apart() {
        assert!(!same_person(&words("Tom Hale III"), &words("Tom Hale Jr.")));
        assert!(!same_person(
            &words("Tom Hale Sr."),
            &words("Tom Hale Junior")
        ));
        assert!(same_person(&words("Tom Hale Jr."), &words("Tom Hale Jr")));
        assert!(same_person(
            &words("Tom Hale Junior"),
            &words("Tom Hale Jr.")
        ));
        assert!(same_person(&words("Tom Hale Jr."), &words("Tom Hale")));
    }

    #[test]
    fn titles_are_told_in_any_case() {
        let all = TITLES
            .iter()
            .chain(MALE_TITLES)
            .chain(FEMALE_TITLES)
            .chain(TITLE_ABBREVIATIONS.iter().map(|(a, _)| a));
        for t in all {
            assert!(is_title(t), "{t}");
            assert!(is_title(&t.to_uppercase()), "{t}");
        }
        assert!(is_title("President"));
        assert!(is_title("Sen."));
        assert!(!is_title("Presidential"));
        assert!(!is_title("Senator-elect"));
        assert!(!is_title("Smith"));
        assert!(!is_title(""));
        assert!(!is_title("Président"));
        assert!(!is_title("a-very-long-word-that-is-no-title-at-all"));
    }
}

#[cfg(test)]
mod misspelling_tests {
    use super::*;

    fn index(names: &[&str]) -> Misspellings {
        let by_last = names
            .iter()
            .enumerate()
            .map(|(p, n)| (n.to_string(), vec![p]))
            .collect();
        Misspellings::new(&by_last)
    }

    #[test]
    fn a_surname_one_letter_off_finds_its_person() {
        let m = index(&["halloran", "wimes"]);
        assert_eq!(m.person("haloran"), Some(0), "a letter left out");
        assert_eq!(m.person("hallorann"), Some(0), "a letter added");
        assert_eq!(m.person("wines"), Some(1), "a letter changed");
        assert_eq!(
            m.person("halloran"),
            None,
            "the surname itself is no misspelling"
        );
        assert_eq!(m.person("hanlon"), None, "two letters off");
    }

    #[test]
    fn a_misspelling_of_two_surnames_finds_no_one() {
        let m = index(&["mercer", "merced"]);
        assert_eq!(m.person("mercet"), None);
        assert_eq!(
            index(&["lee", "ann"]).person("leee"),
            None,
            "short names are left alone"
        );
    }
}
