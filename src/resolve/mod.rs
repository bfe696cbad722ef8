//! Who a speaker mention is. The document's people and organisations are clustered once
//! ([`people`]); then each speaker mention, in text order, goes through ordered sieves, most
//! precise first, until one names it ([`sieves`] lists them with their examples):
//!
//! exact name → name part (surname, title + surname, a knight's first name; whatever the
//! surname's entity type) → organisation → acronym → apposition ("Ollie Baker, the chef at the
//! inn,") → issuer ("the board's statement") → role learnt in the document ("Transport Secretary
//! Heidi Alexander" … "the Transport Secretary") → the passage's person for an office noun ("the
//! senator") or a state's demonym ("the Texan") → spokesperson for the organisation just named → organisation by a nominal head
//! ("the agency") → a poll or report by the name it was given before ("the poll") → pronoun
//! (gender agreement; salience: subjects and speakers first, recent before far, never a caption
//! or credit) → the person named next for an office noun in the headline or lede ("A former
//! county commissioner says …") → description of an unnamed source ("Republican officials") →
//! echo (an unnamed source whose quoted words a named speaker says elsewhere is that speaker).
//!
//! Everything is indexed once per document; each mention looks back over a bounded window, so
//! resolution is linear in document length.

mod describe;
pub(crate) mod first_names;
pub(crate) mod known_names;
mod people;
mod sieves;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use self::first_names::{FirstNames, Gender};
use self::known_names::KnownNames;
use self::people::{People, split_name};
pub(crate) use self::sieves::SieveId;
use crate::analysis::Analysis;
use crate::lexicon::{
    BELONGING_NOUNS, DOC_NOUNS, EVENT_NOUNS, OFFICE_NOUNS, ORG_NOUNS, PERSON_OFFICES, QUANTIFIERS,
    SPOKESPEOPLE, SUBORDINATORS, US_STATES,
};
use crate::link::{Kind, Link};
use crate::ner::EntityType;
use crate::record::{Speaker, SpeakerType};

/// The sentences of a headline, a subheading and a lede, where a person may be described before
/// the text names them.
const LEDE_SENTENCES: usize = 3;
/// How many sentences after such a description the person is named.
const LEDE_REACH: usize = 6;
/// Role nouns of a candidate in a race, whom the text names often.
const CAMPAIGN_ROLES: &[&str] = &["candidate", "nominee", "front-runner", "frontrunner"];
/// How many sentences back a pronoun or a nominal looks for its antecedent.
const WINDOW: usize = 3;
/// How many sentences back a pronoun looks for a speaker of its gender when the window holds none.
const FAR_WINDOW: usize = 12;
/// Words in the name of a trade union.
const UNION_WORDS: &[&str] = &[
    "union",
    "unions",
    "workers",
    "teamsters",
    "federation",
    "brotherhood",
    "guild",
    "association",
    "afl-cio",
];
/// Words that open a clause under another: a subordinator, a relative pronoun, "than".
const DEPENDENT_WORDS: &[&str] = &[
    "if", "when", "after", "although", "though", "because", "while", "since", "before", "once",
    "until", "whether", "unless", "than", "who", "whom", "that",
];
/// Plural nouns for groups of people that a "they" may be, besides capitalised ones
/// ("Republicans") and those ending as "-ists", "-ians", "-cans" do.
const GROUP_HEADS: &[&str] = &[
    "people",
    "voters",
    "officials",
    "leaders",
    "candidates",
    "critics",
    "members",
    "residents",
    "students",
    "aides",
    "staffers",
    "others",
    "allies",
    "families",
    "workers",
    "analysts",
    "experts",
    "lawmakers",
    "legislators",
    "delegates",
    "supporters",
    "women",
    "men",
    "children",
    "parents",
    "citizens",
    "adults",
    "respondents",
    "immigrants",
    "conservatives",
    "liberals",
    "progressives",
    "doctors",
    "teachers",
    "executives",
    "investors",
    "donors",
    "owners",
    "farmers",
    "veterans",
    "officers",
    "protesters",
    "demonstrators",
    "advocates",
    "opponents",
    "advisers",
    "advisors",
    "strategists",
    "observers",
    "employees",
    "customers",
    "consumers",
    "participants",
    "hopefuls",
    "rivals",
    "senators",
    "governors",
    "mayors",
    "ministers",
    "diplomats",
    "investigators",
    "prosecutors",
    "lawyers",
    "attorneys",
    "judges",
    "scholars",
    "researchers",
    "economists",
    "activists",
    "organizers",
    "volunteers",
    "fans",
    "friends",
    "neighbors",
    "neighbours",
    "colleagues",
    "partners",
    "negotiators",
    "authorities",
    "police",
    "troops",
    "soldiers",
    "unions",
    "groups",
    "campaigns",
    "parties",
    "insiders",
    "sources",
    "witnesses",
];

fn is_group_head(a: &Analysis, k: usize) -> bool {
    let w = a.w(k);
    GROUP_HEADS.contains(&w)
        || a.pos[k] == "NNPS"
        || a.word(k).starts_with(char::is_uppercase) && a.sent_start(k) != k
        || w.ends_with("ists")
        || w.ends_with("ians")
        || w.ends_with("cans")
}
/// How many candidate mentions one lookup examines at most (keeps hostile documents linear).
const MAX_CANDIDATES: usize = 64;
/// The most tokens a pronoun's clause is read over, before and after it (a fronted subordinator,
/// the people named after it, the words between it and an object that may be its antecedent):
/// clauses are far shorter, and a sentence of thousands of tokens is then read in linear time.
const MAX_CLAUSE: usize = 80;

/// The name tables the resolver reads; either may be missing (genders then come from the text
/// alone, and a surname the document never completes stays a surname).
#[derive(Debug, Default)]
pub(crate) struct NameTables {
    pub first_names: Option<FirstNames>,
    pub known_names: Option<KnownNames>,
}

/// The speaker of every link, in the links' order (`None` where a link has no speaker mention).
/// Mentions are resolved in text order, so a pronoun sees the resolutions before it, whatever the
/// order of `links`.
pub(crate) fn resolve(a: &Analysis, links: &[Link], names: &NameTables) -> Vec<Option<Speaker>> {
    resolve_with_sieves(a, links, names)
        .into_iter()
        .map(|r| r.map(|(s, _)| s))
        .collect()
}

/// [`resolve`], with the sieve that named each speaker.
pub(crate) fn resolve_with_sieves(
    a: &Analysis,
    links: &[Link],
    names: &NameTables,
) -> Vec<Option<(Speaker, SieveId)>> {
    let mut r = Resolver::new(a, names);
    let mut order: Vec<usize> = (0..links.len()).collect();
    order.sort_by_key(|&i| links[i].speaker.as_ref().map_or(usize::MAX, |s| s.start));
    // Words that reply to someone make every record of their speaker mention a reply ("“You're
    // right,” he said, adding that …": the addition is the replier's too).
    let replying: HashSet<usize> = links
        .iter()
        .filter(|l| addresses_listener(&a.text[l.content.clone()]))
        .filter_map(|l| l.speaker.as_ref().map(|s| s.start))
        .collect();
    let mut resolved = vec![None; links.len()];
    for i in order {
        if let Some(s) = &links[i].speaker {
            let source = links[i].source.as_ref();
            let m = speaks_for(a, s, source)
                .or_else(|| coordinated_source(a, &r.people, s, source))
                .or_else(|| relative_antecedent(a, s, source))
                .or_else(|| outer_phrase(a, s, source))
                .or_else(|| with_postmodifier(a, s, source))
                .unwrap_or_else(|| s.clone());
            r.reply = replying.contains(&s.start);
            resolved[i] = Some(r.resolve(without_parenthetical(a, m)));
        }
    }
    echoes(a, links, &mut resolved);
    resolved
}

/// Whether quoted words open by speaking to someone ("You're right, we …", "Your plan …"): a
/// reply, whose speaker is not the one who spoke to them just before.
fn addresses_listener(content: &str) -> bool {
    let first = content
        .trim_start_matches(|c: char| c.is_whitespace() || "\"“”‘’'".contains(c))
        .split(|c: char| c.is_whitespace() || c == ',')
        .next()
        .unwrap_or("")
        .to_lowercase()
        .replace('’', "'");
    matches!(
        first.as_str(),
        "you" | "you're" | "your" | "you've" | "you'll" | "you'd"
    )
}

/// The mention without a parenthetical at its end: an acronym or a party tag names no one else
/// ("the Northfield Water Board (NWB)", "Sen. Ron Wyden (D-Ore.)").
fn without_parenthetical(a: &Analysis, m: Range<usize>) -> Range<usize> {
    if m.len() < 3 || a.w(m.end - 1) != ")" {
        return m;
    }
    match (m.start + 1..m.end - 1).rev().find(|&k| a.w(k) == "(") {
        Some(k) => m.start..k,
        None => m,
    }
}

/// A person named at a token, for salience.
#[derive(Debug, Clone, Copy)]
struct Named {
    token: usize,
    person: usize,
    sentence: usize,
    /// The subject of its clause, or a speaker.
    subject: bool,
    /// A possessor or a name modifying a noun ("Sanders's agenda", "the Sanders campaign"): the
    /// least salient, except a possessor opening its sentence ("Suu Kyi's fate …").
    minor: bool,
    /// A possessor opening its sentence, the topic of the clause after it.
    opens: bool,
}

struct Resolver<'a, 't, 'p> {
    a: &'a Analysis<'t, 'p>,
    people: People,
    /// Whether each sentence has words outside quotation marks (narration).
    narrated: Vec<bool>,
    /// People named outside quotations and captions, in text order.
    mentions: Vec<Named>,
    /// People named inside quotations, with the quotation, in text order: antecedents for a
    /// pronoun after a narrating excerpt (see [`excerpts`]).
    quoted_mentions: Vec<(usize, Named)>,
    /// Per quotation, whether it is an excerpt of another text that narrates.
    excerpt: Vec<bool>,
    /// Speakers and resolved pronouns, in text order (appended as mentions are resolved).
    chain: Vec<Named>,
    /// The last organisation or group that spoke, and where.
    last_group: Option<(usize, Speaker)>,
    /// The last person described but not named who spoke ("a spokesman for the firm"), where,
    /// and the gender its noun tells.
    last_described: Option<(usize, Speaker, Option<Gender>)>,
    /// The narration's subject pronouns and their genders, and the next one to follow.
    pronouns: Vec<usize>,
    pronoun_genders: Vec<Gender>,
    next_pronoun: usize,
    /// Whether the words of the mention being resolved reply to someone ("You're right …").
    reply: bool,
    /// Common nouns the narration gives a name as modifier ("Charlotte police", "a Harwell
    /// poll"): the noun, lower case, to where and which entity, in text order.
    modified: HashMap<String, Vec<(usize, usize)>>,
    /// How often the narration names each person, and where first.
    named_count: Vec<u32>,
    first_named: Vec<usize>,
}

impl<'a, 't, 'p> Resolver<'a, 't, 'p> {
    fn new(a: &'a Analysis<'t, 'p>, names: &NameTables) -> Self {
        let people = People::new(a, names);
        let captions = caption_sentences(a);
        let mut mentions = Vec::new();
        let mut quoted_mentions = Vec::new();
        for (e, m) in a.entities.iter().enumerate() {
            let Some(p) = people.of_entity[e] else {
                continue;
            };
            let start = m.tokens.start;
            let s = a.sentence_of(start);
            if captions[s] || is_credit(a, m.tokens.clone()) {
                continue;
            }
            let named = Named {
                token: start,
                person: p,
                sentence: s,
                subject: is_subject(a, m.tokens.clone()),
                minor: is_minor(a, m.tokens.clone()),
                opens: opens_as_possessor(a, m.tokens.clone()),
            };
            match a.quote_at(start) {
                Some(q) => quoted_mentions.push((q, named)),
                None if !a.quoted(start) => mentions.push(named),
                None => {}
            }
        }
        // Subject pronouns of the narration (outside quotations), in text order.
        let (pronouns, pronoun_genders): (Vec<usize>, Vec<Gender>) = (0..a.len())
            .filter(|&i| !a.quoted(i))
            .filter_map(|i| match a.w(i) {
                "he" => Some((i, Gender::Male)),
                "she" => Some((i, Gender::Female)),
                _ => None,
            })
            .unzip();
        let narrated = (0..a.seg.sentences.len())
            .map(|s| a.sentence(s).any(|i| !a.quoted(i) && !a.is_punct(i)))
            .collect();
        let mut named_count = vec![0; people.people.len()];
        let mut first_named = vec![usize::MAX; people.people.len()];
        for n in &mentions {
            named_count[n.person] += 1;
            first_named[n.person] = first_named[n.person].min(n.token);
        }
        Resolver {
            a,
            named_count,
            first_named,
            people,
            narrated,
            mentions,
            quoted_mentions,
            excerpt: excerpts(a),
            chain: Vec::new(),
            pronouns,
            pronoun_genders,
            next_pronoun: 0,
            last_group: None,
            last_described: None,
            reply: false,
            modified: modified_nouns(a),
        }
    }

    fn person(&self, p: usize, sieve: SieveId) -> (Speaker, SieveId) {
        (
            Speaker {
                name: self.people.people[p].canonical(),
                kind: SpeakerType::Per,
                named: true,
                certainty: sieve.certainty(),
            },
            sieve,
        )
    }

    fn org(name: String, sieve: SieveId) -> (Speaker, SieveId) {
        (
            Speaker {
                name,
                kind: SpeakerType::Org,
                named: true,
                certainty: sieve.certainty(),
            },
            sieve,
        )
    }

    /// Resolves one speaker mention and remembers it for the mentions after it.
    fn resolve(&mut self, m: Range<usize>) -> (Speaker, SieveId) {
        self.follow_pronouns(m.start);
        let (speaker, sieve, person) = self.resolve_mention(m.clone());
        if let Some(p) = person {
            self.chain.push(Named {
                token: m.start,
                person: p,
                sentence: self.a.sentence_of(m.start),
                subject: true,
                minor: false,
                opens: false,
            });
        } else if matches!(speaker.kind, SpeakerType::Org | SpeakerType::Group) {
            self.last_group = Some((m.start, speaker.clone()));
        } else if speaker.kind == SpeakerType::Per && !speaker.named && sieve != SieveId::Pronoun {
            // A common noun at the head: "a spokesman for the firm", "an Iowa voter".
            let core = describe::core(self.a, &m);
            let head = head_part(self.a, &core).end;
            if head > core.start
                && self.a.pos[head - 1].starts_with("NN")
                && self.a.word(head - 1).starts_with(char::is_lowercase)
                && names_a_person(self.a.w(head - 1))
            {
                let gender = people::gender_of_word(self.a.w(head - 1));
                self.last_described = Some((m.start, speaker.clone(), gender));
            }
        }
        (speaker, sieve)
    }

    fn resolve_mention(&mut self, m: Range<usize>) -> (Speaker, SieveId, Option<usize>) {
        let a = self.a;
        let with = |(s, id): (Speaker, SieveId), p: Option<usize>| (s, id, p);
        if m.len() == 1 {
            let w = a.w(m.start);
            let gender = match w {
                "he" | "him" | "his" | "himself" => Some(Gender::Male),
                "she" | "her" | "hers" | "herself" => Some(Gender::Female),
                _ => None,
            };
            if let Some(g) = gender {
                if let Some(mut s) = self.described_antecedent(m.start, g, self.reply) {
                    s.certainty = SieveId::Pronoun.certainty();
                    return with((s, SieveId::Pronoun), None);
                }
                return match self.pronoun(m.start, g) {
                    Some((p, certainty)) => {
                        let (mut s, id) = self.person(p, SieveId::Pronoun);
                        s.certainty = certainty;
                        with((s, id), Some(p))
                    }
                    None => with(unresolved(), None),
                };
            }
            match w {
                "they" | "them" | "it" => {
                    let lo = self.window_start(a.sentence_of(m.start), WINDOW);
                    let group = self
                        .last_group
                        .clone()
                        .filter(|(t, _)| a.sentence_of(*t) >= lo);
                    let group = group.as_ref();
                    // "Wilcox and Beruff argued … they said": people named together, when nearer
                    // than the last group that spoke.
                    let people = (w != "it")
                        .then(|| self.coordinated_people(m.start, lo))
                        .flatten()
                        .filter(|(t, _)| group.is_none_or(|(g, _)| t > g));
                    if let Some((_, s)) = people {
                        return with((s, SieveId::Pronoun), None);
                    }
                    // "they" opening a clause under one whose plural subject opens the sentence
                    // ("Republicans called the hearing because they felt …"): that subject,
                    // whoever spoke before.
                    if w == "they"
                        && let Some(np) = self.main_clause_plural_subject(m.start)
                    {
                        let (mut s, _) = describe::describe(self, &np);
                        if !s.name.is_empty() {
                            s.certainty = SieveId::Pronoun.certainty() * 0.85;
                            return with((s, SieveId::Pronoun), None);
                        }
                    }
                    // "it": an organisation that is the subject of a clause nearby, when nearer
                    // than the last group that spoke ("The Harwell Institute started the list,
                    // when it published …").
                    let subject_org = (w == "it")
                        .then(|| self.subject_org_before(m.start, lo))
                        .flatten()
                        .filter(|(t, _)| group.is_none_or(|(g, _)| t > g));
                    if let Some((_, name)) = subject_org {
                        let (mut s, id) = Self::org(name, SieveId::Pronoun);
                        s.certainty = SieveId::Pronoun.certainty() * 0.85;
                        return with((s, id), None);
                    }
                    if let Some((_, s)) = group {
                        let mut s = s.clone();
                        s.certainty = SieveId::Pronoun.certainty() * 0.9;
                        return with((s, SieveId::Pronoun), None);
                    }
                    // No group spoke: "they" is the plural subject nearby, described ("To the
                    // extent that farmers in the valley know him, they …").
                    // "they" is the plural subject nearby, described ("To the extent that
                    // farmers in the valley know him, they …"), or an organisation that is the
                    // subject of a clause nearer ("The Harwell Institute checked the claim. On
                    // Monday they published …").
                    if w != "it" {
                        let np = self.plural_subject_before(m.start, lo);
                        let org = (w == "they")
                            .then(|| self.subject_org_before(m.start, lo))
                            .flatten()
                            .filter(|(k, _)| np.as_ref().is_none_or(|np| *k > np.start));
                        if let Some((_, name)) = org {
                            let (mut s, id) = Self::org(name, SieveId::Pronoun);
                            s.certainty = SieveId::Pronoun.certainty() * 0.75;
                            return with((s, id), None);
                        }
                        if let Some(np) = np {
                            let (mut s, _) = describe::describe(self, &np);
                            if !s.name.is_empty() {
                                s.certainty = SieveId::Pronoun.certainty() * 0.75;
                                return with((s, SieveId::Pronoun), None);
                            }
                        }
                    }
                    return with(unresolved(), None);
                }
                "i" | "we" | "you" | "us" | "me" => {
                    return with(unresolved(), None);
                }
                _ => {}
            }
        }

        // People named together are their names ("Sens. Ann Lee (D-Ohio), Tom Hale (R-Ky.) and
        // …"); other sources joined by "and" are a group, described with their names canonical
        // ("Mr. Rubio and his advisers").
        if m.clone()
            .any(|i| a.w(i) == "and" && a.entity_at(i).is_none())
            && let Some(s) = describe::named_people(self, &m)
        {
            return with((s, SieveId::NamedGroup), None);
        }
        let cut = describe::core(a, &m);
        if let Some(and) = cut
            .clone()
            .find(|&i| a.w(i) == "and" && a.entity_at(i).is_none())
        {
            if two_roles_of_one_person(a, &cut, and)
                && let Some((p, id)) = self.role(&cut)
            {
                return with(self.person(p, id), Some(p));
            }
            return with(describe::describe(self, &m), None);
        }
        // "his best response was …", "Lee's answer": a person's reply is that person speaking.
        if let Some(owner) = reply_owner(a, &cut) {
            return self.resolve_mention(owner);
        }
        // "The Texan said": a person by where they are from is the passage's person.
        if let Some(p) = self.demonym(&cut) {
            return with(self.person(p, SieveId::TopicRole), Some(p));
        }
        // An apposition whose name is the object of a preposition ("Ann Lee, president of the
        // Harwell Institute,"): the person, not the institute.
        let name_in_phrase = a.word(m.start).starts_with(char::is_lowercase)
            && cut
                .clone()
                .take_while(|&i| a.entity_at(i).is_none())
                .any(|i| matches!(a.w(i), "of" | "at" | "for" | "with"));
        if name_in_phrase && let Some(p) = self.apposition(&m) {
            return with(self.person(p, SieveId::Apposition), Some(p));
        }
        // A name in the mention: the last entity that is neither a possessor ("Mr. Rubio's
        // advisers" are not Mr. Rubio) nor a modifier of a common noun ("the Clinton campaign").
        let head = head_part(a, &cut);
        let head_entity = head
            .clone()
            .rev()
            .filter_map(|i| a.entity_at(i))
            .find(|&e| {
                let r = &a.entities[e].tokens;
                !is_possessor(a, r, &m) && !modifies_noun(a, r, &head)
            });
        if let Some(e) = head_entity {
            if let Some(p) = self.people.of_entity[e] {
                let full = split_name(a, a.entities[e].tokens.clone()).name.len() >= 2;
                let id = if full && a.entities[e].kind == EntityType::Per {
                    SieveId::ExactName
                } else {
                    SieveId::NamePart
                };
                return with(self.person(p, id), Some(p));
            }
            if let Some((name, acronym)) = self.people.org_named(e) {
                // An organisation as the head of the phrase, not a modifier ("a Downing Street
                // source" is a source).
                let head_in_entity = a.entities[e].tokens.end >= m.end;
                let spokesperson = SPOKESPEOPLE.contains(&a.w(m.end - 1));
                if head_in_entity || spokesperson {
                    let id = if acronym {
                        SieveId::Acronym
                    } else {
                        SieveId::Organisation
                    };
                    return with(Self::org(name.to_string(), id), None);
                }
            }
        }
        // A capitalised head that the entity model missed: a person's surname, or an acronym.
        let head = m.end - 1;
        let head_word = a.word(head);
        // "the Times" (untagged, or tagged a miscellaneous name): the one organisation whose
        // longer name ends in the word.
        let bare = m.len() == 1 || m.len() == 2 && a.w(m.start) == "the";
        if bare
            && head_word.starts_with(char::is_uppercase)
            && a.pos[head].starts_with("NNP")
            && !a.quoted(head)
            && a.entity_at(head)
                .is_none_or(|e| a.entities[e].kind == EntityType::Misc)
            && let Some(name) = self.people.org_ending(head_word)
        {
            return with(Self::org(name.to_string(), SieveId::Organisation), None);
        }
        if a.entity_at(head).is_none()
            && head_word.starts_with(char::is_uppercase)
            && !a.quoted(head)
        {
            if let Some(full) = self.people.acronyms.get(head_word).cloned() {
                return with(Self::org(full, SieveId::Acronym), None);
            }
            // A name cut at its preposition that an acronym in brackets just after spells ("the
            // organizer Alliance" of "the organizer Alliance to Save Our Parks (ASOP)").
            let from = a.span(&(head..head + 1)).start;
            let spelt = (head + 1..(head + 10).min(a.len().saturating_sub(2)))
                .find(|&k| a.w(k) == "(" && a.w(k + 2) == ")")
                .and_then(|k| self.people.acronyms.get(a.word(k + 1)))
                .filter(|full| a.text[from..].starts_with(full.as_str()));
            if let Some(full) = spelt {
                return with(Self::org(full.clone(), SieveId::Acronym), None);
            }
            // A one-word mention may be tagged a common noun where a sentence opens with it
            // ("Trump says he would pay for it").
            let proper = a.pos[head].starts_with("NNP")
                || m.len() == 1 && a.pos[head].starts_with("NN") && !a.pos[head].ends_with('S');
            if proper && let Some(p) = self.people.by_surname(head_word) {
                return with(self.person(p, SieveId::NamePart), Some(p));
            }
            // A surname written one letter off a full name's ("Wines" for Laura Wimes), alone.
            // A plural noun's tag does not matter here ("Wines believes …" tagged NNS).
            if m.len() == 1
                && a.pos[head].starts_with("NN")
                && let Some(p) = self.people.by_misspelt_surname(head_word)
            {
                return with(self.person(p, SieveId::NamePart), Some(p));
            }
        }
        if let Some(p) = self.apposition(&m) {
            return with(self.person(p, SieveId::Apposition), Some(p));
        }
        if let Some(s) = self.org_apposition(&m) {
            return with(s, None);
        }
        // The name in an apposition inside the mention: "Dow's chief executive, Andrew
        // Liveris,", "the senator's top challenger, Sen. Ann Lee of Oregon".
        if cut.end < m.end
            && let Some(p) = self.apposition(&cut)
        {
            return with(self.person(p, SieveId::Apposition), Some(p));
        }
        if let Some((s, p)) = self.issuer(&cut) {
            return with(s, p);
        }
        if let Some(p) = self.relation(&cut) {
            return with(self.person(p, SieveId::Relation), Some(p));
        }
        if let Some(p) = self.former_role(&cut) {
            return with(self.person(p, SieveId::TopicRole), Some(p));
        }
        let possessed = m.clone().any(|i| matches!(a.w(i), "'s" | "'"))
            || matches!(a.w(m.start), "his" | "her" | "their" | "its");
        if !possessed {
            if let Some(s) = self.introduced(&cut) {
                return with(s, None);
            }
            if let Some((p, id)) = self.role(&m) {
                return with(self.person(p, id), Some(p));
            }
            if let Some(s) = self.spokesperson(&m) {
                return with(s, None);
            }
            if let Some(s) = describe::bare_campaign(self, &m) {
                return with(s, None);
            }
            if let Some(s) = self.nominal_org(&m) {
                return with(s, None);
            }
            if let Some(s) = self.org_ahead(&m) {
                return with(s, None);
            }
            if let Some(s) = self.nominal_doc(&m) {
                return with(s, None);
            }
        }
        if let Some(s) = describe::campaign(self, &m) {
            return with(s, None);
        }
        if let Some(p) = self.lede(&m, &cut) {
            return with(self.person(p, SieveId::Lede), Some(p));
        }
        with(describe::describe(self, &m), None)
    }

    /// "The Texan", "the Floridian": a state's demonym alone after "the", for the person the
    /// passage is about.
    fn demonym(&self, cut: &Range<usize>) -> Option<usize> {
        let a = self.a;
        if cut.len() != 2 || a.w(cut.start) != "the" || a.quoted(cut.start) {
            return None;
        }
        if !a.word(cut.start + 1).starts_with(char::is_uppercase) {
            return None;
        }
        let w = a.w(cut.start + 1);
        // The state's name less a final "s" or "a", then "n", "an" or "ian" ("Texan",
        // "Floridian", "Ohioan", "Kansan").
        let of_state = US_STATES.iter().any(|state| {
            let state = state.to_lowercase();
            let stem = state
                .strip_suffix('s')
                .or_else(|| state.strip_suffix('a'))
                .unwrap_or(&state);
            w.strip_prefix(stem)
                .is_some_and(|rest| matches!(rest, "n" | "an" | "ian"))
        });
        if !of_state {
            return None;
        }
        self.topic(cut.start, |p| {
            let person = &self.people.people[*p];
            person.words.len() >= 2 && !person.staff
        })
    }

    /// A person the headline or the lede describes by an office and the text names just after
    /// ("A former county commissioner says …" … "Ann Lee told reporters …"): the first person
    /// named as a subject in the sentences after the mention's, named nowhere before it.
    fn lede(&self, m: &Range<usize>, cut: &Range<usize>) -> Option<usize> {
        let a = self.a;
        let s = a.sentence_of(cut.start);
        // A live report's item opens after its time ("2:45 p.m.") as a story does.
        let after_time = s > 0 && is_time_line(a, s - 1);
        if (s >= LEDE_SENTENCES && !after_time) || cut.is_empty() {
            return None;
        }
        let head = head_part(a, cut).end - 1;
        let w = a.w(head);
        // An office, not a spokesperson (often left unnamed) nor a party or a leaning.
        let office = (OFFICE_NOUNS.contains(&w) || PERSON_OFFICES.contains(&w) || w == "member")
            && !SPOKESPEOPLE.contains(&w)
            && people::party_of_word(w).is_none()
            && !matches!(w, "conservative" | "liberal" | "populist");
        if !office || !a.pos[head].starts_with("NN") || a.pos[head].ends_with('S') {
            return None;
        }
        // Not a description naming a person itself ("a lawyer for Ann Lee", "the leader, Ann
        // Lee,").
        if m.clone().any(|i| {
            a.entity_at(i)
                .is_some_and(|e| self.people.of_entity[e].is_some())
        }) {
            return None;
        }
        let gender = people::gender_of_word(w);
        // Not a person the mention's own sentence names ("Lawmaker says Ann Lee misled voters").
        // The first subject there that the text names nowhere before or in the mention's
        // sentence ("Union chief says Lee can win. … Lee is stirring up …" is not Lee).
        let end = a.sentence(s).end;
        let after = self.mentions.partition_point(|n| n.token < end);
        let first = self.mentions[after..]
            .iter()
            .take_while(|n| n.sentence <= s + LEDE_REACH)
            .find(|n| n.subject && self.first_named[n.person] >= end)?;
        let p = first.person;
        let agrees = gender.is_none_or(|g| self.people.people[p].gender.is_none_or(|pg| pg == g));
        (agrees && self.people.people[p].words.len() >= 2).then_some(p)
    }

    /// The nearest plural noun phrase before token `t`, in sentences `lo..` and outside
    /// quotations, that is the subject of its clause ("farmers in the valley know …"): its
    /// tokens, the head and its modifiers and a short prepositional phrase after it.
    fn plural_subject_before(&self, t: usize, lo: usize) -> Option<Range<usize>> {
        let a = self.a;
        let from = a.sentence(lo).start;
        let verb = |k: usize| k < t && (a.pos[k].starts_with("VB") || a.pos[k] == "MD");
        let modifier = |k: usize| {
            matches!(a.pos[k], "DT" | "PRP$" | "JJ" | "JJR" | "JJS" | "CD")
                || a.pos[k].starts_with("NN")
        };
        for k in (from..t).rev().take(MAX_CANDIDATES * 4) {
            if a.quoted(k)
                || !matches!(a.pos[k], "NNS" | "NNPS")
                || k + 1 < a.len() && a.pos[k + 1].starts_with("NN")
                || !is_group_head(a, k)
            {
                continue;
            }
            let mut end = k + 1;
            if end < t && a.pos[end] == "IN" && a.w(end) != "that" {
                let after = (end + 1..(end + 6).min(t)).find(|&j| !modifier(j));
                if let Some(j) = after.filter(|&j| j > end + 1 && verb(j)) {
                    end = j;
                }
            }
            let mut v = end;
            while v < t && a.pos[v].starts_with("RB") && v < end + 2 {
                v += 1;
            }
            let mut start = k;
            while start > from && !a.quoted(start - 1) && modifier(start - 1) {
                start -= 1;
            }
            // The source of "according to" that ends its sentence ("…, according to show
            // insiders. They said …"), a word or two before the noun whatever their tags.
            let according = (k + 1 < a.len() && a.pos[k + 1] == ".")
                .then(|| {
                    (k.saturating_sub(3).max(from + 1)..k)
                        .rev()
                        .find(|&j| a.w(j) == "to" && a.w(j - 1) == "according")
                })
                .flatten()
                .filter(|&j| {
                    (j + 1..k).all(|i| !a.quoted(i) && a.word(i).starts_with(char::is_lowercase))
                });
            if let Some(j) = according {
                return Some(j + 1..k + 1);
            }
            if !verb(v) {
                continue;
            }
            // Not the object of a preposition ("many of the farmers").
            let before = start.checked_sub(1).map(|i| a.w(i));
            if start > from
                && a.pos[start - 1] == "IN"
                && before.is_some_and(|w| w != "that" && !SUBORDINATORS.contains(&w))
            {
                continue;
            }
            return Some(start..end);
        }
        None
    }

    /// The plural subject opening the sentence of token `t`, when `t` opens a clause under its
    /// clause ("Republicans called the hearing because they …").
    fn main_clause_plural_subject(&self, t: usize) -> Option<Range<usize>> {
        let a = self.a;
        let start = a.sent_start(t);
        if t == start || a.quoted(t - 1) || !SUBORDINATORS.contains(&a.w(t - 1)) {
            return None;
        }
        let np = self.plural_subject_before(t - 1, a.sentence_of(t))?;
        (np.start == start && (np.end..t - 1).all(|i| !a.quoted(i) && a.w(i) != ",")).then_some(np)
    }

    /// The nearest people named together before token `t` ("Wilcox and Beruff", "Rubio, Cruz
    /// and Kasich") outside quotations, in sentences `lo..`: where, and as a group speaker.
    fn coordinated_people(&self, t: usize, lo: usize) -> Option<(usize, Speaker)> {
        let a = self.a;
        let from = a
            .sentence(lo)
            .start
            .max(t.saturating_sub(MAX_CANDIDATES * 8));
        let person_at = |k: usize| {
            let e = (k < a.len()).then(|| a.entity_at(k)).flatten()?;
            (a.entities[e].tokens.start == k).then_some(())?;
            self.people.of_entity[e]
        };
        let and = (from + 1..t)
            .rev()
            .filter(|&i| a.w(i) == "and" && !a.quoted(i))
            .find(|&i| self.person_ending_at(i - 1).is_some() && person_at(i + 1).is_some())?;
        let mut members = vec![person_at(and + 1)?];
        let (mut start, p) = self.person_ending_at(and - 1)?;
        members.push(p);
        // Earlier members of the list: ", NAME".
        while start >= 2 && a.w(start - 1) == "," && members.len() < 8 {
            let Some((s, p)) = self.person_ending_at(start - 2) else {
                break;
            };
            members.push(p);
            start = s;
        }
        members.reverse();
        members.dedup();
        if members.len() < 2 {
            return None;
        }
        let names: Vec<String> = members
            .iter()
            .map(|&p| self.people.people[p].canonical())
            .collect();
        let (last, rest) = names.split_last()?;
        Some((
            start,
            Speaker {
                name: format!("{} and {last}", rest.join(", ")),
                kind: SpeakerType::Group,
                named: true,
                certainty: SieveId::Pronoun.certainty() * 0.85,
            },
        ))
    }

    /// The nearest organisation named as the subject of its clause before token `t`, outside
    /// quotations, in sentences `lo..`: where, and its name.
    fn subject_org_before(&self, t: usize, lo: usize) -> Option<(usize, String)> {
        let a = self.a;
        let from = a
            .sentence(lo)
            .start
            .max(t.saturating_sub(MAX_CANDIDATES * 8));
        (from..t).rev().find_map(|k| {
            let e = a.entity_at(k)?;
            let r = &a.entities[e].tokens;
            if r.start != k || a.quoted(k) || self.people.of_entity[e].is_some() {
                return None;
            }
            let (name, _) = self.people.org(e)?;
            // The name and a common noun after it ("Forbes magazine started …").
            let mut end = r.end;
            while end < t
                && end < r.end + 2
                && a.pos[end] == "NN"
                && a.word(end).starts_with(char::is_lowercase)
            {
                end += 1;
            }
            let subject = end < a.len()
                && (a.pos[end].starts_with("VB") || a.pos[end] == "MD")
                && !possessive_at(a, r.end)
                && (k == 0 || !matches!(a.pos[k - 1], "IN" | "TO"));
            subject.then(|| (k, name.to_string()))
        })
    }

    /// The person whose name ends at token `k`: where the name starts, and the person.
    fn person_ending_at(&self, k: usize) -> Option<(usize, usize)> {
        let a = self.a;
        let e = a.entity_at(k)?;
        (a.entities[e].tokens.end == k + 1).then_some(())?;
        Some((a.entities[e].tokens.start, self.people.of_entity[e]?))
    }

    /// An organisation named in apposition after the noun that describes it: "The employers'
    /// group, Easthaven Port Operators, said".
    fn org_apposition(&self, m: &Range<usize>) -> Option<(Speaker, SieveId)> {
        let a = self.a;
        let head = m.end.checked_sub(1)?;
        if m.end + 2 >= a.len() || a.w(m.end) != "," || !ORG_NOUNS.contains(&a.w(head)) {
            return None;
        }
        let e = a.entity_at(m.end + 1)?;
        let tokens = &a.entities[e].tokens;
        if tokens.start != m.end + 1
            || a.entities[e].kind != EntityType::Org
            || tokens.end >= a.len()
            || a.w(tokens.end) != ","
        {
            return None;
        }
        let (name, _) = self.people.org(e)?;
        Some(Self::org(name.to_string(), SieveId::Apposition))
    }

    /// "NAME, the …, said" where the linker gave the apposition; "the …, NAME, said".
    fn apposition(&self, m: &Range<usize>) -> Option<usize> {
        let a = self.a;
        if m.start >= 2 && a.w(m.start - 1) == "," && !a.quoted(m.start - 1) {
            let first = a.w(m.start);
            let descriptive = matches!(first, "the" | "a" | "an" | "one")
                || a.word(m.start).starts_with(char::is_lowercase)
                || a.pos[m.start].starts_with("NN")
                || a.pos[m.start] == "JJ"
                || a.pos[m.start] == "PRP$";
            if descriptive
                && let Some((s, p)) = self.person_ending_at(m.start - 2)
                && !opening_place(a, s)
            {
                return Some(p);
            }
        }
        // The name after the description: "another user, Jo Bayer," or "a man named Jo Bayer";
        // titles before it are skipped ("one lawmaker, Senator Ruth Okoro").
        let mut k = m.end;
        if k + 1 >= a.len() {
            return None;
        }
        match a.w(k) {
            "," => k += 1,
            "named" | "called" => k += 1,
            "calling" | "identifying" if matches!(a.w(k + 1), "himself" | "herself") => k += 2,
            _ => return None,
        }
        // A place before a title is skipped too ("Ruiz's running mate, Ohio Gov. Tom Keller,").
        while k < a.len() {
            match a.entity_at(k) {
                None if people::is_title(a.word(k)) => k += 1,
                Some(e)
                    if self.people.of_entity[e].is_none()
                        && matches!(a.entities[e].kind, EntityType::Loc | EntityType::Misc) =>
                {
                    let end = a.entities[e].tokens.end;
                    if end < a.len() && a.entity_at(end).is_none() && people::is_title(a.word(end))
                    {
                        k = end;
                    } else {
                        break;
                    }
                }
                _ => break,
            }
        }
        let e = (k < a.len()).then(|| a.entity_at(k)).flatten()?;
        let p = self.people.of_entity[e]?;
        let after = a.entities[e].tokens.end;
        // "Sen. Ann Lee of Oregon": a place after the name.
        let place = after + 1 < a.len()
            && a.w(after) == "of"
            && a.entity(after + 1)
                .is_some_and(|x| x.kind == EntityType::Loc);
        let closes = after >= a.len()
            || after >= a.sent_end(k)
            || place
            || matches!(a.w(after), "," | "." | ";" | "said" | "says" | "told");
        closes.then_some(p)
    }

    /// "Rossi's lawyer", "his attorney", "an attorney for Rossi", "my father": the one person
    /// the text names with that relation to its owner.
    fn relation(&self, core: &Range<usize>) -> Option<usize> {
        let a = self.a;
        let head = head_part(a, core).end.checked_sub(1)?;
        let rel = people::relation_of_word(a.w(head))?;
        let mut j = head.checked_sub(1)?;
        while j > core.start && head - j <= 2 && a.pos[j] == "JJ" {
            j -= 1;
        }
        if j < core.start || a.w(j) == "former" {
            return None;
        }
        let entity_person = |k: usize| a.entity_at(k).and_then(|x| self.people.of_entity[x]);
        let owner = match a.w(j) {
            "my" => None,
            "his" | "her" => {
                let g = if a.w(j) == "his" {
                    Gender::Male
                } else {
                    Gender::Female
                };
                Some(self.pronoun_choice(j, g)?.person)
            }
            "'s" | "'" => Some(entity_person(j.checked_sub(1)?)?),
            "a" | "an" | "the"
                if head + 2 < core.end && matches!(a.w(head + 1), "for" | "of" | "to") =>
            {
                Some(entity_person(head + 2)?)
            }
            _ => return None,
        };
        if let Some(holders) = self.people.relations.get(&(owner, rel)) {
            return match holders[..] {
                [p] if Some(p) != owner => Some(p),
                _ => None,
            };
        }
        self.family_member(owner?, rel)
    }

    /// "Lee's former campaign strategist said": a role someone held for a named person, with
    /// "former", is the passage's person when that is someone else, as "the senator" is; a
    /// current spokesperson or aide is often left unnamed and is not.
    fn former_role(&self, core: &Range<usize>) -> Option<usize> {
        let a = self.a;
        let head = head_part(a, core).end.checked_sub(1)?;
        let w = a.w(head);
        if !a.pos[head].starts_with("NN")
            || a.pos[head].ends_with('S')
            || !a.word(head).starts_with(char::is_lowercase)
            || !names_a_person(w)
            || SPOKESPEOPLE.contains(&w)
        {
            return None;
        }
        // The possessor opens the phrase, "former" right after it.
        let mark = (core.start + 1..head).find(|&i| matches!(a.w(i), "'s" | "'"))?;
        if a.w(mark + 1) != "former" {
            return None;
        }
        let e = a.entity_at(mark - 1)?;
        let owner = self.people.of_entity[e]?;
        if !(core.start..a.entities[e].tokens.start).all(|i| people::is_title(a.word(i))) {
            return None;
        }
        let m = core.start..head + 1;
        self.topic(core.start, |p| {
            *p != owner
                && self.people.people[*p].words.len() >= 2
                && !self.people.people[*p].staff
                && !self.named_later_in_sentence(*p, &m)
        })
    }

    /// A relative the text names by the owner's surname ("Carl Benning … his ex-wife" is Laura
    /// Benning): the one other person of the surname whose gender is the relation's.
    fn family_member(&self, owner: usize, rel: &str) -> Option<usize> {
        let gender = match rel {
            "wife" | "ex-wife" | "widow" | "mother" | "daughter" | "sister" => Gender::Female,
            "husband" | "ex-husband" | "widower" | "father" | "son" | "brother" => Gender::Male,
            _ => return None,
        };
        let people = &self.people.people;
        if people[owner].words.len() < 2 {
            return None;
        }
        let mut found = self
            .people
            .all_by_surname(people[owner].surname())
            .iter()
            .filter(|&&q| {
                q != owner && people[q].words.len() >= 2 && people[q].gender == Some(gender)
            });
        match (found.next(), found.next()) {
            (Some(&q), None) => Some(q),
            _ => None,
        }
    }

    /// "a statement from the ministry", "Ms Silva's statement", "the council's press release":
    /// a statement speaks for whoever issued it.
    fn issuer(&self, core: &Range<usize>) -> Option<((Speaker, SieveId), Option<usize>)> {
        let a = self.a;
        let head = head_part(a, core).end.checked_sub(1)?;
        if !matches!(a.w(head), "statement" | "statements" | "release") {
            return None;
        }
        // The possessor before the head, else the first name after "from" or "by".
        let possessor = (core.start..head).rev().find_map(|i| {
            let e = a.entity_at(i)?;
            is_possessor(a, &a.entities[e].tokens, core).then_some(e)
        });
        let issued_by = || {
            let from = (head + 1..core.end).find(|&i| matches!(a.w(i), "from" | "by"))?;
            (from + 1..core.end).find_map(|i| a.entity_at(i))
        };
        // "Sen. Ann Lee issued a statement saying …": the subject of the verb that issued it.
        let issuer_subject = || {
            let verb = core.start.checked_sub(1)?;
            if !matches!(
                a.w(verb),
                "issued" | "released" | "sent" | "published" | "posted" | "provided"
            ) || a.quoted(verb)
            {
                return None;
            }
            let (mut j, negated) = a.left_of_aux(verb)?;
            // Past a party tag ("Sen. Ann Lee (D-Ore.) issued").
            if a.w(j) == ")" {
                let open = (j.saturating_sub(8)..j).rev().find(|&k| a.w(k) == "(")?;
                j = open.checked_sub(1)?;
            }
            let e = a.entity_at(j).filter(|_| !negated)?;
            (a.entities[e].tokens.end == j + 1).then_some(e)
        };
        // "In a statement announcing the pick, the Harwell Nurses Union called …": the statement
        // is the document of the clause's subject; a document by its issuer's name.
        if possessor.is_none()
            && let Some(e) = self.adjunct_subject(core.start, head)
        {
            let name = self.entity_name(e)?;
            return Some((
                Self::doc(format!("{name} statement"), SieveId::Issuer),
                None,
            ));
        }
        let e = possessor.or_else(issued_by).or_else(issuer_subject)?;
        if let Some(p) = self.people.of_entity[e] {
            return Some((self.person(p, SieveId::Issuer), Some(p)));
        }
        let (name, _) = self.people.org(e)?;
        Some((Self::org(name.to_string(), SieveId::Issuer), None))
    }

    /// The subject of the clause that "In a statement …," opens (`start` the statement's
    /// determiner, `head` its noun): the entity right after the adjunct's comma.
    fn adjunct_subject(&self, start: usize, head: usize) -> Option<usize> {
        let a = self.a;
        let open = start.checked_sub(1)?;
        if a.w(open) != "in" || !matches!(a.w(start), "a" | "an" | "its" | "their") {
            return None;
        }
        if open > a.sent_start(open) && !matches!(a.w(open - 1), "," | ";" | "--" | "—") {
            return None;
        }
        let end = a.sent_end(head).min(head + 16);
        let comma = (head + 1..end).find(|&i| a.w(i) == ",")?;
        if (head + 1..comma).any(|i| a.quoted(i)) {
            return None;
        }
        let mut j = comma + 1;
        if j < end && a.w(j) == "the" {
            j += 1;
        }
        let e = a.entity_at(j)?;
        let r = &a.entities[e].tokens;
        // The subject's verb follows the name (or its title's comma).
        let after = r.end;
        (r.start == j && after < end && (a.is_verb(after) || a.w(after) == ",")).then_some(e)
    }

    /// The name a document takes from entity `e`: a person's full name, an organisation's
    /// fullest name.
    fn entity_name(&self, e: usize) -> Option<String> {
        if let Some(p) = self.people.of_entity[e] {
            return Some(self.people.people[p].canonical());
        }
        self.people.org(e).map(|(name, _)| name.to_string())
    }

    /// A document's speaker by its name.
    fn doc(name: String, sieve: SieveId) -> (Speaker, SieveId) {
        (
            Speaker {
                name,
                kind: SpeakerType::Doc,
                named: false,
                certainty: sieve.certainty(),
            },
            sieve,
        )
    }

    /// A role noun phrase: a role learnt in the document ("the Transport Secretary", "the Ohio
    /// governor"), or a definite office noun ("the senator") meaning the passage's person.
    fn role(&self, m: &Range<usize>) -> Option<(usize, SieveId)> {
        let a = self.a;
        let definite = matches!(a.w(m.start), "the" | "this" | "that");
        let former = m.clone().any(|i| a.w(i) == "former");
        let content: Vec<&str> = m
            .clone()
            .skip_while(|&i| matches!(a.w(i), "the" | "a" | "an" | "this" | "that"))
            .map(|i| people::expand_title(a.w(i)))
            .filter(|w| *w != "former")
            .collect();
        let &head = content.last()?;
        if content.len() > 5 || a.pos[m.end - 1].ends_with('S') {
            return None;
        }
        // An organisation's noun names no person's role ("the company" is not the person the
        // entity model took "the blood-testing company Theranos" for).
        if ORG_NOUNS.contains(&head) && !OFFICE_NOUNS.contains(&head) {
            return None;
        }
        // A role word that tells a gender ("the businessman", "the chairwoman") is no one of the
        // other gender.
        // Else the possessive pronoun that follows in the clause ("the nominee attacked her
        // opponent").
        let gender = content
            .iter()
            .find_map(|w| people::gender_of_word(w))
            .or_else(|| self.own_pronoun_after(m));
        // A party in the role ("the Democratic nominee") is no one the text gave another.
        let party = content.iter().find_map(|w| people::party_of_word(w));
        let agrees = |p: &usize| {
            let person = &self.people.people[*p];
            gender.is_none_or(|g| person.gender.is_none_or(|pg| pg == g))
                && party.is_none_or(|x| person.parties.is_empty() || person.parties.contains(&x))
        };
        let agreeing = |holders: &[usize]| -> Vec<usize> {
            holders.iter().copied().filter(|p| agrees(p)).collect()
        };
        // A holder of a bare office noun named only long before gives way to the person the
        // passage is about ("Gov. Ann Price" early on, then a passage about Carl Weber: "the
        // governor claimed" is Weber); with nobody there, the holder stays.
        let lo = self.window_start(a.sentence_of(m.start), WINDOW + 2);
        let bare_office = content.len() == 1 && OFFICE_NOUNS.contains(&head);
        let mut stale = None;
        if let Some(holders) = self.people.roles.get(&content.join(" "))
            && (content.len() >= 2 || definite || people::is_title(head))
            && let Some(p) = self.most_recent(&agreeing(holders), m.start)
        {
            if !bare_office || self.named_since(p, m.start, lo) {
                return Some((p, SieveId::Role));
            }
            stale = Some((p, SieveId::Role));
        }
        // A capitalised head after an organisation or a place is a name ("The Hampshire Union
        // Leader", a newspaper), where "the Ohio governor" is a role.
        let named_place_or_org = a.word(m.end - 1).starts_with(char::is_uppercase)
            && (m.start..m.end - 1).any(|i| {
                a.entity(i)
                    .is_some_and(|e| matches!(e.kind, EntityType::Org | EntityType::Loc))
            });
        if !definite || named_place_or_org {
            return stale;
        }
        // The head noun alone: one holder of a role with that head, or the most recent; but a
        // vice president is no president.
        let deputy = content.len() >= 2 && people::is_deputy(content[content.len() - 2]);
        if deputy {
            return None;
        }
        if let Some(holders) = self.people.roles.get(head)
            && let Some(p) = self.most_recent(&agreeing(holders), m.start)
        {
            if !bare_office || self.named_since(p, m.start, lo) {
                return Some((p, SieveId::Role));
            }
            stale = stale.or(Some((p, SieveId::Role)));
        }
        // The passage's person, unless the text gave them another office: "the governor" is
        // not the mayor the passage is about.
        if OFFICE_NOUNS.contains(&head) {
            // A role is a named person's: one capitalised word that the text never gives a
            // first name may be no person at all ("the Commission on Presidential Debates").
            // Nor is it someone's spokesperson or aide, or a person the same sentence names
            // apart from the mention ("the opposition leader accused Ana Ruiz of …").
            let named = |p: &usize| {
                agrees(p)
                    && self.people.people[*p].words.len() >= 2
                    && !self.people.people[*p].staff
                    && !self.named_later_in_sentence(*p, m)
            };
            let topic = if CAMPAIGN_ROLES.contains(&head) {
                self.salient_topic(m.start, named)
            } else {
                self.topic(m.start, named)
            };
            return topic
                .filter(|&p| {
                    let person = &self.people.people[p];
                    let offices = &person.offices;
                    let other_office = !offices.is_empty() && !offices.contains(&head);
                    // When the text gave this very office to someone, a passage's person it
                    // described otherwise is not its holder ("Mayor Rosalind Okafor" … "the
                    // institute's director, Dr. Sam Ito, believes …" … "the mayor said").
                    let described_otherwise = stale.is_some_and(|(h, _)| h != p)
                        && person.described
                        && !offices.contains(&head);
                    // A former office does not contradict another ("Ann Lee, the secretary
                    // of state," … "the former senator").
                    !(described_otherwise
                        || PERSON_OFFICES.contains(&head) && other_office && !former)
                })
                .map(|p| (p, SieveId::TopicRole))
                .or(stale);
        }
        stale
    }

    /// The gender of the possessive "his" or "her" right after the verb of the subject `m`
    /// ("the nominee aggressively attacked her opponent"): the subject's own.
    fn own_pronoun_after(&self, m: &Range<usize>) -> Option<Gender> {
        let a = self.a;
        let end = a.sent_end(m.start).min(m.end + 5);
        let mut verb = false;
        for i in m.end..end {
            if a.quoted(i) {
                return None;
            }
            match (a.w(i), a.pos[i]) {
                ("his", "PRP$") if verb => return Some(Gender::Male),
                ("her", "PRP$") if verb => return Some(Gender::Female),
                (_, "RB" | "RP" | "MD") => {}
                (_, pos) if pos.starts_with("VB") => verb = true,
                _ => return None,
            }
        }
        None
    }

    /// Whether person `p` is named after mention `m` in its sentence (among the next few names,
    /// so that a long sentence is read in constant time).
    fn named_later_in_sentence(&self, p: usize, m: &Range<usize>) -> bool {
        let s = self.a.sentence_of(m.start);
        let from = self.mentions.partition_point(|n| n.token < m.end);
        self.mentions[from..]
            .iter()
            .take(MAX_CANDIDATES)
            .take_while(|n| n.sentence == s)
            .any(|n| n.person == p)
    }

    /// Of `holders`, the one named most recently before `t` (or the first one).
    fn most_recent(&self, holders: &[usize], t: usize) -> Option<usize> {
        if holders.len() == 1 {
            return Some(holders[0]);
        }
        let before = self.mentions.partition_point(|n| n.token < t);
        self.mentions[..before]
            .iter()
            .rev()
            .take(MAX_CANDIDATES * 4)
            .find(|n| holders.contains(&n.person))
            .map(|n| n.person)
            .or_else(|| holders.first().copied())
    }

    /// Whether person `p` is named or followed by a pronoun before token `t` in sentences `lo..`.
    fn named_since(&self, p: usize, t: usize, lo: usize) -> bool {
        self.candidates(t, lo).iter().any(|n| n.person == p)
    }

    /// The first sentence of a window of `n` narrated sentences before sentence `s` (sentences
    /// wholly inside a quotation do not count: a pronoun after a long quotation looks past it).
    fn window_start(&self, s: usize, n: usize) -> usize {
        let (mut k, mut counted, mut steps) = (s, 0, 0);
        while k > 0 && counted < n && steps < MAX_CANDIDATES {
            k -= 1;
            steps += 1;
            if self.narrated[k] {
                counted += 1;
            }
        }
        k
    }

    /// The person the passage before `t` is about: the most recent speaker or subject within the
    /// window, else the most recent person named.
    /// Only people that pass `ok` count.
    fn topic(&self, t: usize, ok: impl Fn(&usize) -> bool) -> Option<usize> {
        let s = self.a.sentence_of(t);
        let lo = self.window_start(s, WINDOW + 2);
        let recent = self.candidates(t, lo);
        let mut fitting = recent.iter().filter(|n| ok(&n.person));
        fitting
            .clone()
            .find(|n| n.subject)
            .or_else(|| fitting.next())
            .map(|n| n.person)
    }

    /// [`Self::topic`] for a candidate in a race ("the GOP candidate"): the person the document
    /// names far more often than the passage's person, when the passage names them too.
    fn salient_topic(&self, t: usize, ok: impl Fn(&usize) -> bool) -> Option<usize> {
        let near = self.topic(t, &ok)?;
        let s = self.a.sentence_of(t);
        let lo = self.window_start(s, WINDOW + 2);
        let best = self
            .candidates(t, lo)
            .iter()
            .map(|n| n.person)
            .filter(|p| ok(p))
            .max_by_key(|&p| self.named_count[p])?;
        Some(if self.named_count[best] >= 2 * self.named_count[near] {
            best
        } else {
            near
        })
    }

    /// Named people and chain entries before token `t` in sentences `lo..`, most recent first.
    fn candidates(&self, t: usize, lo: usize) -> Vec<Named> {
        let mut out = Vec::new();
        let mut i = self.mentions.partition_point(|n| n.token < t);
        let mut j = self.chain.partition_point(|n| n.token < t);
        while out.len() < MAX_CANDIDATES {
            let next = match (i.checked_sub(1), j.checked_sub(1)) {
                (Some(x), Some(y)) if self.mentions[x].token >= self.chain[y].token => {
                    i -= 1;
                    self.mentions[x]
                }
                (_, Some(y)) => {
                    j -= 1;
                    self.chain[y]
                }
                (Some(x), None) => {
                    i -= 1;
                    self.mentions[x]
                }
                (None, None) => break,
            };
            if next.sentence < lo {
                break;
            }
            out.push(next);
        }
        out
    }

    /// People named before token `t`, in sentences `lo..`, in a narrating excerpt, most recent
    /// first: a pronoun may mean a person an excerpt names ("Ann thought it was over." then
    /// "“I won,” she said.").
    fn excerpt_candidates(&self, t: usize, lo: usize) -> Vec<Named> {
        let i = self.quoted_mentions.partition_point(|(_, n)| n.token < t);
        self.quoted_mentions[..i]
            .iter()
            .rev()
            .take(MAX_CANDIDATES * 4)
            .take_while(|(_, n)| n.sentence >= lo)
            .filter(|(k, _)| self.excerpt[*k])
            .take(MAX_CANDIDATES)
            .map(|(_, n)| *n)
            .collect()
    }

    /// Resolves the narration's subject pronouns before token `t` that are not speaker mentions
    /// ("She witnessed the fight …"), so that the chain of who the passage is about reaches the
    /// speaker mentions after them.
    fn follow_pronouns(&mut self, t: usize) {
        while self.next_pronoun < self.pronouns.len() && self.pronouns[self.next_pronoun] < t {
            let (k, g) = (
                self.pronouns[self.next_pronoun],
                self.pronoun_genders[self.next_pronoun],
            );
            self.next_pronoun += 1;
            // A pronoun that means the person described who spoke last ("A nurse, who asked
            // not to be named because she …") names no one else.
            if self.described_antecedent(k, g, false).is_none() {
                self.pronoun(k, g);
            }
        }
        // The speaker mention itself is resolved by its sieve.
        while self.next_pronoun < self.pronouns.len() && self.pronouns[self.next_pronoun] == t {
            self.next_pronoun += 1;
        }
    }

    /// The person described, not named, who spoke last, when "he" or "she" at token `t` means
    /// them ("A spokesman for the firm said … He added"): within the window, of no other
    /// gender, and with nobody named as a subject in their sentence or after it ("… when a
    /// voter asked if she …": she is the subject). Words that reply to someone (`reply`: "A
    /// voter asked about taxes. 'You are right,' he said") are not the described speaker's.
    fn described_antecedent(&self, t: usize, g: Gender, reply: bool) -> Option<Speaker> {
        let a = self.a;
        let lo = self.window_start(a.sentence_of(t), WINDOW);
        let (dt, s, _) = self
            .last_described
            .clone()
            .filter(|(dt, _, dg)| a.sentence_of(*dt) >= lo && dg.is_none_or(|d| d == g))?;
        let ds = a.sentence_of(dt);
        self.pronoun_choice(t, g)
            .is_none_or(|c| !reply && (c.sentence < ds || c.sentence == ds && !c.subject))
            .then_some(s)
    }

    /// "he" or "she" at token `t`: the antecedent and how sure.
    fn pronoun(&mut self, t: usize, gender: Gender) -> Option<(usize, f32)> {
        let a = self.a;
        let s = a.sentence_of(t);
        let lo = self.window_start(s, WINDOW);
        let best = self.pronoun_choice(t, gender)?;
        let p = best.person;
        let person = &mut self.people.people[p];
        if person.gender.is_none() || person.table_gender && person.gender != Some(gender) {
            // The text tells the gender where the first-name table guessed ("Zephyr").
            person.gender = Some(gender);
            person.table_gender = false;
        }
        let same_paragraph = a.paragraph_of[best.sentence] == a.paragraph_of[s];
        let certainty = match (best.sentence >= lo, s == best.sentence, same_paragraph) {
            (_, true, _) => 0.95,
            (true, _, true) => 0.9,
            (true, _, false) => 0.8,
            (false, _, _) => 0.7,
        };
        self.chain.push(Named {
            token: t,
            person: p,
            sentence: s,
            subject: true,
            minor: false,
            opens: false,
        });
        Some((p, certainty))
    }

    /// The office holders that open the narrated sentences `lo..s` as a bare definite office
    /// noun, subject or possessor ("In defeat, the president appeared cowed." or "The
    /// president's roots …"), as the people their roles name: the topic of the sentence, where a
    /// person named in passing after it is not.
    fn office_subjects(&self, s: usize, lo: usize) -> Vec<Named> {
        let a = self.a;
        (lo..s)
            .filter(|&k| self.narrated[k])
            .filter_map(|k| {
                let (start, end) = (a.sentence(k).start, a.sentence(k).end);
                // The noun opens the sentence, or follows a fronted phrase and its comma with
                // no finite verb in it.
                let the = (start..(start + 8).min(end)).find(|&i| {
                    (i == start || a.w(i - 1) == ",")
                        && matches!(a.w(i), "the")
                        && (start..i).all(|j| {
                            !a.quoted(j) && !matches!(a.pos[j], "VBD" | "VBZ" | "VBP" | "MD")
                        })
                })?;
                let noun = the + 1;
                if noun + 1 >= end
                    || a.quoted(noun)
                    || a.pos[noun] != "NN"
                    || !OFFICE_NOUNS.contains(&a.w(noun))
                {
                    return None;
                }
                let opens = the == start && possessive_at(a, noun + 1);
                let mut v = noun + 1;
                while v < end && a.pos[v].starts_with("RB") && v < noun + 3 {
                    v += 1;
                }
                let subject = v < end && (a.pos[v].starts_with("VB") || a.pos[v] == "MD");
                if !(opens || subject) {
                    return None;
                }
                let (p, _) = self.role(&(the..noun + 1))?;
                Some(Named {
                    token: the,
                    person: p,
                    sentence: k,
                    subject,
                    minor: false,
                    opens,
                })
            })
            .collect()
    }

    /// The antecedent of "he" or "she" at token `t`, without remembering it.
    fn pronoun_choice(&self, t: usize, gender: Gender) -> Option<Named> {
        let a = self.a;
        let s = a.sentence_of(t);
        let lo = self.window_start(s, WINDOW);
        let mut candidates = self.candidates(t, lo);
        candidates.extend(self.excerpt_candidates(t, lo));
        candidates.extend(self.office_subjects(s, lo));
        let fits = |p: usize| match self.people.people[p].gender {
            Some(g) => g == gender,
            None => true,
        };
        let strong = |p: usize| self.people.people[p].gender == Some(gender);
        // A subject pronoun is none of the people named after it in its clause and the clauses
        // under it ("he told Rubio" is not Rubio), up to a coordinated clause or a relative
        // clause ("he admits it, but Prager thinks …").
        // A pronoun in a fronted adverbial clause ("If he wins, Trump …") commands nothing after
        // its clause.
        let fronted = (a.sent_start(t).max(t.saturating_sub(MAX_CLAUSE))..t)
            .any(|i| !a.quoted(i) && SUBORDINATORS.contains(&a.w(i)));
        let named_after: Vec<usize> = if fronted {
            Vec::new()
        } else {
            let from = self.mentions.partition_point(|n| n.token <= t);
            let stop = a.sent_end(t).min(t + 1 + MAX_CLAUSE);
            let end = (t + 1..stop)
                .find(|&i| {
                    !a.quoted(i)
                        && matches!(
                            a.w(i),
                            "but" | ";" | ":" | "who" | "which" | "whose" | "while"
                        )
                })
                .unwrap_or(stop);
            self.mentions[from..]
                .iter()
                .take(MAX_CANDIDATES)
                .take_while(|n| n.token < end)
                .map(|n| n.person)
                .collect()
        };
        let fits = |p: usize| fits(p) && !named_after.contains(&p);
        // Rank: nearer sentence first; in a sentence, subjects and speakers, then names that
        // are neither possessors nor modifiers, then a known gender, then the earlier mention.
        // In the pronoun's own sentence only subjects (and a possessor opening it) count.
        // A pronoun in a clause under the one that named someone ("… Ann Lee, who left because
        // she …", "pressure on Lee to run sooner than she did") may mean a person that clause
        // named as its object, when the gender is known to agree.
        let under = |n: &Named| {
            n.sentence == s
                && t - n.token <= MAX_CLAUSE
                && !n.minor
                && strong(n.person)
                // No quotation between them, but a word or two in scare quotes ("called her
                // a “disgrace” after she …").
                && (n.token + 1..t).filter(|&i| a.quoted(i)).count() <= 4
                && (n.token + 1..t).any(|i| !a.quoted(i) && DEPENDENT_WORDS.contains(&a.w(i)))
        };
        let best = candidates
            .iter()
            .filter(|n| fits(n.person))
            .filter(|n| n.sentence < s || n.subject || n.opens || under(n))
            .min_by_key(|n| {
                (
                    s - n.sentence,
                    !n.subject,
                    n.minor,
                    !strong(n.person),
                    n.token,
                )
            })
            .copied()
            .or_else(|| {
                // Nobody in the window: the last speaker of that gender in the passage before
                // (a pronoun after a long quotation).
                let far = s.saturating_sub(FAR_WINDOW);
                let i = self.chain.partition_point(|n| n.token < t);
                self.chain[..i]
                    .iter()
                    .rev()
                    .take(MAX_CANDIDATES)
                    .take_while(|n| n.sentence >= far)
                    .find(|n| strong(n.person))
                    .copied()
            })
            .or_else(|| {
                // Still nobody: the nearest subject whose gender only the first-name table
                // guessed ("Zephyr Teachout … she"), as the text knows better.
                candidates
                    .iter()
                    .filter(|n| n.subject && self.people.people[n.person].table_gender)
                    .filter(|n| !named_after.contains(&n.person))
                    .min_by_key(|n| (s - n.sentence, n.minor, n.token))
                    .copied()
            })?;
        Some(best)
    }

    /// "The judge" (the core `cut`: "the", a singular person noun) after "a judge in Ohio" in the
    /// window before it, when the text gives no one that role: the described person, by the
    /// indefinite phrase and a place or organisation after it ("in Ohio", "at the Tampa
    /// station").
    fn introduced(&self, cut: &Range<usize>) -> Option<(Speaker, SieveId)> {
        let a = self.a;
        if cut.len() != 2 || a.w(cut.start) != "the" || a.pos[cut.start + 1] != "NN" {
            return None;
        }
        let head = a.w(cut.start + 1);
        if !names_a_person(head) || self.people.roles.contains_key(head) {
            return None;
        }
        let from = a
            .sentence(self.window_start(a.sentence_of(cut.start), WINDOW))
            .start;
        let lo = from.max(cut.start.saturating_sub(MAX_CANDIDATES * 64));
        let j = (lo..cut.start)
            .rev()
            .find(|&j| a.w(j) == head && !a.quoted(j) && a.pos[j] == "NN")?;
        // "a" or "an" before it, with only adjectives between ("a federal judge").
        let mut k = j;
        while k > lo && a.pos[k - 1] == "JJ" && j - k < 3 {
            k -= 1;
        }
        if k == lo || !matches!(a.w(k - 1), "a" | "an") {
            return None;
        }
        // A place or an organisation after it ("in Ohio", "from the Harwell Institute").
        let mut end = j + 1;
        if end + 1 < a.len() && matches!(a.w(end), "in" | "from" | "at" | "of") {
            let mut e = end + 1;
            if a.w(e) == "the" {
                e += 1;
            }
            let name_end = (e..(e + 4).min(a.sent_end(j)))
                .take_while(|&i| a.entity_at(i).is_some())
                .last();
            // With the nouns the name modifies ("at the Tampa station").
            if let Some(last) = name_end {
                end = last + 1;
                while end < a.sent_end(j) && a.pos[end].starts_with("NN") && end - last < 3 {
                    end += 1;
                }
            }
        }
        let name = a.text[a.span(&(k - 1..end))].to_string();
        Some((
            Speaker {
                name,
                kind: SpeakerType::Per,
                named: false,
                certainty: SieveId::Introduced.certainty(),
            },
            SieveId::Introduced,
        ))
    }

    /// "a spokesman" (no organisation of its own) speaks for the organisation named just before.
    fn spokesperson(&self, m: &Range<usize>) -> Option<(Speaker, SieveId)> {
        let a = self.a;
        let words: Vec<&str> = m
            .clone()
            .map(|i| a.w(i))
            .skip_while(|w| matches!(*w, "the" | "a" | "an"))
            .collect();
        if !(words.len() <= 2 && words.last().is_some_and(|w| SPOKESPEOPLE.contains(w))) {
            return None;
        }
        let (_, name) = self.org_before(m.start, |_| true)?;
        Some(Self::org(name, SieveId::Spokesperson))
    }

    /// "the agency", "the company": the organisation named most recently before whose name holds
    /// the noun, else the most recent organisation.
    fn nominal_org(&self, m: &Range<usize>) -> Option<(Speaker, SieveId)> {
        self.nominal_org_of(m, true)
    }

    /// [`Self::nominal_org`]; with `bare`, a bare "the agency" may be the nearest organisation
    /// of any name.
    fn nominal_org_of(&self, m: &Range<usize>, bare: bool) -> Option<(Speaker, SieveId)> {
        let a = self.a;
        let m = &describe::core(a, m);
        if m.is_empty() {
            return None;
        }
        let definite = matches!(a.w(m.start), "the");
        let head = a.w(m.end - 1);
        if !definite
            || m.len() > 3
            || !ORG_NOUNS.contains(&head)
            || a.pos[m.end - 1] == "NNS"
            || m.clone().any(|i| a.entity_at(i).is_some())
        {
            return None;
        }
        // A bare "the state" is the state named nearest before it, not the city in it
        // ("Flint, Michigan" … "the state admitted").
        if bare
            && m.len() == 2
            && head == "state"
            && let Some(name) = self.state_before(m.start)
        {
            return Some(Self::org(name, SieveId::NominalOrg));
        }
        // With modifiers ("the harbour authority") the name must hold the noun; a bare "the
        // agency" may be the nearest organisation of any name.
        // An organisation whose name holds the noun stays the article's topic: its window is
        // long ("the Harwell Institute" … many sentences on … "the institute").
        // The noun alone, capitalised ("Bank executives" opening a sentence), names nothing.
        // A union is known by a labour word in its name ("the United Steel Workers").
        let kin: &[&str] = match head {
            "union" => UNION_WORDS,
            _ => std::slice::from_ref(&head),
        };
        let holds = |name: &str| {
            let lower = name.to_lowercase();
            lower != head && lower.split_whitespace().any(|w| kin.contains(&w))
        };
        let (_, name) = self
            .org_before_in(m.start, FAR_WINDOW * 8, holds)
            .or_else(|| {
                (bare && m.len() == 2 && head != "union")
                    .then(|| self.org_before(m.start, |name| !name.eq_ignore_ascii_case(head)))?
            })?;
        Some(Self::org(name, SieveId::NominalOrg))
    }

    /// "A House panel voted … The House Ways and Means Committee voted …": an indefinite
    /// organisation noun is the organisation named in the rest of its sentence or the next,
    /// whose name holds the noun (a panel may be a committee) and each noun before it.
    fn org_ahead(&self, m: &Range<usize>) -> Option<(Speaker, SieveId)> {
        let a = self.a;
        let m = &describe::core(a, m);
        if m.len() < 3 || m.len() > 5 || !matches!(a.w(m.start), "a" | "an") {
            return None;
        }
        let head = a.w(m.end - 1);
        let kin: &[&str] = match head {
            "panel" => &["panel", "committee", "subcommittee", "commission"],
            "court" => &["court"],
            "committee" | "subcommittee" => &["committee", "subcommittee"],
            "agency" | "commission" | "board" | "council" => std::slice::from_ref(&head),
            _ => return None,
        };
        // The nouns before the head ("House", "appeals") must be in the name; adjectives
        // ("federal", "congressional") need not.
        let mut nouns = Vec::new();
        for i in m.start + 1..m.end - 1 {
            if a.is_punct(i) || a.quoted(i) {
                return None;
            }
            if a.pos[i].starts_with("NN") || a.word(i).starts_with(char::is_uppercase) {
                nouns.push(a.w(i).to_lowercase());
            }
        }
        if nouns.is_empty() {
            return None;
        }
        let s = a.sentence_of(m.start);
        let last = a.sentence_of(a.len() - 1);
        let end = a.sentence((s + 1).min(last)).end;
        let mut k = m.end;
        while k < end {
            let Some(e) = a.entity_at(k).filter(|_| !a.quoted(k)) else {
                k += 1;
                continue;
            };
            k = a.entities[e].tokens.end.max(k + 1);
            if a.entities[e].kind != EntityType::Org {
                continue;
            }
            let Some((name, _)) = self.people.org(e) else {
                continue;
            };
            let lower = name.to_lowercase();
            let words: Vec<&str> = lower.split_whitespace().collect();
            if words.iter().any(|w| kin.contains(w))
                && nouns.iter().all(|n| words.contains(&n.as_str()))
            {
                return Some(Self::org(name.to_string(), SieveId::OrgAhead));
            }
        }
        None
    }

    /// "The poll", "the survey", "the report", "the statement": the poll, report or statement
    /// named before it ("a Harwell Institute poll", "the survey by the Meridian Institute", "the
    /// council issued a statement"), by that name. "A new poll" with no name of its own is the
    /// named poll the next sentences report ("A new poll shows … A Harwell Institute poll found").
    fn nominal_doc(&self, m: &Range<usize>) -> Option<(Speaker, SieveId)> {
        let a = self.a;
        let cut = describe::core(a, m);
        let words: Vec<usize> = cut
            .clone()
            .filter(|&i| !matches!(a.w(i), "the" | "this" | "that"))
            .collect();
        let family = |w: &str| match w {
            "poll" | "survey" => Some(0),
            "report" => Some(1),
            "study" => Some(2),
            "statement" => Some(3),
            "data" | "figures" => Some(4),
            _ => None,
        };
        let (head, ahead) = match words[..] {
            [head] => (head, false),
            // "a new poll", "A new national poll": an indefinite poll with lower-case modifiers.
            [det, ref mods @ .., head]
                if matches!(a.w(det), "a" | "an")
                    && mods.len() <= 2
                    && mods.iter().all(|&i| {
                        a.word(i).starts_with(char::is_lowercase)
                            && (a.pos[i] == "JJ" || a.w(i) == "new")
                    })
                    && family(a.w(head)) == Some(0) =>
            {
                (head, true)
            }
            _ => return None,
        };
        let want = family(a.w(head))?;
        if a.entity_at(head).is_some() {
            return None;
        }
        if want == 4 {
            return self
                .data_source(m.start)
                .map(|name| Self::doc(format!("{name} {}", a.w(head)), SieveId::NominalDoc));
        }
        // A poll an article reports on stays its topic: the window is long.
        let lo = self.window_start(a.sentence_of(m.start), FAR_WINDOW * 3);
        let from = a
            .sentence(lo)
            .start
            .max(m.start.saturating_sub(MAX_CANDIDATES * 24));
        let name_of = |e: usize| -> Option<String> {
            let ent = &a.entities[e];
            if self.people.of_entity[e].is_some() {
                return None;
            }
            // The capitalised words the entity model left out before it ("USA Today/Rock the
            // Vote Millennial Poll").
            let capital = |i: usize| {
                a.word(i).starts_with(char::is_uppercase)
                    && !matches!(a.w(i), "a" | "an" | "the" | "this" | "that")
            };
            let mut start = ent.tokens.start;
            while start > 0 && ent.tokens.start - start < 8 {
                let j = start - 1;
                let joins = capital(j)
                    || a.w(j) == "/" && j > 0 && capital(j - 1)
                    || matches!(a.w(j), "the" | "of" | "and") && j > 0 && capital(j - 1);
                if !joins || a.quoted(j) {
                    break;
                }
                start = j;
            }
            Some(
                match self.people.org(e).filter(|_| start == ent.tokens.start) {
                    Some((name, _)) => name.to_string(),
                    None => a.text[a.span(&(start..ent.tokens.end))].to_string(),
                },
            )
        };
        // The name of the document whose noun is token `k`, looking no further than `limit`.
        let named_at = |k: usize, limit: usize| -> Option<String> {
            if a.quoted(k) || k == head || family(a.w(k)) != Some(want) {
                return None;
            }
            if want == 3 {
                return self.statement_issuer(k);
            }
            // A name holding the noun ("the Rock the Vote Millennial Poll").
            if let Some(e) = a.entity_at(k) {
                return (a.entities[e].tokens.end == k + 1)
                    .then(|| name_of(e))
                    .flatten();
            }
            // A name before the noun, perhaps with an adjective or two ("a Harwell Institute
            // poll", "a Harwell Institute national poll"); "opinion" in "opinion poll" adds
            // nothing to the name.
            let opinion = k > 0 && a.w(k - 1) == "opinion";
            let mut j = if opinion { k - 1 } else { k };
            while j > 0
                && k - j < 2 + usize::from(opinion)
                && a.pos[j - 1] == "JJ"
                && a.word(j - 1).starts_with(char::is_lowercase)
                && a.entity_at(j - 1).is_none()
            {
                j -= 1;
            }
            if j > 0
                && let Some(e) = a.entity_at(j - 1)
                && a.entities[e].tokens.end == j
                && !matches!(a.w(j - 1), "'s" | "'")
            {
                let words = (j..k + 1)
                    .filter(|&i| a.w(i) != "opinion")
                    .map(|i| a.word(i))
                    .collect::<Vec<_>>()
                    .join(" ");
                return name_of(e).map(|n| format!("{n} {words}"));
            }
            // A name after "by" ("a survey by the Meridian Institute", "the poll, released on
            // Monday by the Meridian Institute").
            let by = if k + 2 < limit && a.w(k + 1) == "by" {
                Some(k + 1)
            } else if k + 3 < limit
                && a.w(k + 1) == ","
                && matches!(
                    a.w(k + 2),
                    "released" | "conducted" | "published" | "commissioned" | "issued"
                )
            {
                (k + 3..(k + 9).min(limit)).find(|&i| a.w(i) == "by")
            } else {
                None
            };
            if let Some(by) = by {
                let e = (by + 1..(by + 4).min(limit)).find_map(|i| a.entity_at(i))?;
                return name_of(e).map(|n| format!("{n} {}", a.word(k)));
            }
            None
        };
        // An indefinite poll looks ahead first: to the end of the second sentence after it.
        let forward = || {
            let s = a.sentence_of(head);
            let last = a.sentence_of(a.len() - 1);
            let end = a.sentence((s + 2).min(last)).end;
            (head + 1..end).find_map(|k| named_at(k, end))
        };
        let named = ahead
            .then(forward)
            .flatten()
            .or_else(|| (from..m.start).rev().find_map(|k| named_at(k, m.start)))?;
        Some(Self::doc(named, SieveId::NominalDoc))
    }

    /// "The Harwell Water Board said that … According to the data, …": the organisation that
    /// spoke or reported in the sentence before token `t`, or earlier in its own, as the subject
    /// of the verb.
    fn data_source(&self, t: usize) -> Option<String> {
        let a = self.a;
        let s = a.sentence_of(t);
        let from = a.sentence(s.saturating_sub(1)).start;
        (from..t).rev().find_map(|k| {
            if a.quoted(k)
                || !matches!(
                    a.w(k),
                    "said" | "says" | "reported" | "reports" | "found" | "shows" | "showed"
                )
            {
                return None;
            }
            let (j, negated) = a.left_of_aux(k)?;
            let e = a.entity_at(j).filter(|_| !negated)?;
            (a.entities[e].kind == EntityType::Org && a.entities[e].tokens.end == j + 1)
                .then(|| self.people.org(e).map(|(name, _)| name.to_string()))
                .flatten()
        })
    }

    /// The name of the statement whose noun is token `k`, by its issuer: "X statement" for "X's
    /// statement", "a statement from X", "X issued a statement", "In a statement, X said".
    fn statement_issuer(&self, k: usize) -> Option<String> {
        let a = self.a;
        // The statement's noun phrase: its determiner or possessor, then "from X" after it.
        let mut start = k;
        while start > 0 && k - start < 8 {
            let j = start - 1;
            let w = a.w(j);
            if matches!(w, "a" | "an" | "the" | "its" | "their") {
                start = j;
                break;
            }
            if a.is_punct(j) && !matches!(w, "'s" | "'") || a.quoted(j) || a.is_verb(j) {
                break;
            }
            start = j;
        }
        let mut end = k + 1;
        if end < a.len() && matches!(a.w(end), "from" | "by") {
            end = (end + 1..a.sent_end(k).min(end + 8))
                .find(|&i| a.is_punct(i) || a.is_verb(i))
                .unwrap_or(a.sent_end(k).min(end + 8));
        }
        // "Fox News said in a statement": the subject of the verb the statement is the medium of.
        let said_in = || {
            let verb = start.checked_sub(2)?;
            if a.w(start - 1) != "in"
                || !matches!(a.w(verb), "said" | "says" | "added" | "wrote")
                || a.quoted(verb)
            {
                return None;
            }
            let (j, negated) = a.left_of_aux(verb)?;
            let e = a.entity_at(j).filter(|_| !negated)?;
            (a.entities[e].tokens.end == j + 1)
                .then(|| self.entity_name(e))
                .flatten()
        };
        let name = match self.issuer(&(start..end)) {
            Some(((speaker, _), _)) if speaker.kind == SpeakerType::Doc => {
                return Some(speaker.name);
            }
            Some(((speaker, _), _)) => speaker.name,
            None => said_in()?,
        };
        Some(format!("{name} statement"))
    }

    /// The name of a state of the United States written nearest before token `t`, outside
    /// quotations, in the window of narrated sentences before it.
    fn state_before(&self, t: usize) -> Option<String> {
        let a = self.a;
        let from = a
            .sentence(self.window_start(a.sentence_of(t), WINDOW))
            .start;
        let mut k = t;
        while k > from && t - k < MAX_CANDIDATES * 64 {
            k -= 1;
            if a.quoted(k) {
                continue;
            }
            let Some(e) = a.entity_at(k) else { continue };
            let r = a.entities[e].tokens.clone();
            let words: Vec<&str> = r.clone().map(|i| a.word(i)).collect();
            let name = words.join(" ");
            if US_STATES.contains(&name.as_str()) {
                return Some(name);
            }
            k = r.start;
        }
        None
    }

    /// The nearest organisation named (outside quotations) before token `t`, within the window,
    /// whose name passes `ok`.
    fn org_before(&self, t: usize, ok: impl Fn(&str) -> bool) -> Option<(usize, String)> {
        self.org_before_in(t, WINDOW, ok)
    }

    /// [`Self::org_before`] within a window of `n` narrated sentences.
    fn org_before_in(
        &self,
        t: usize,
        n: usize,
        ok: impl Fn(&str) -> bool,
    ) -> Option<(usize, String)> {
        let a = self.a;
        let s = a.sentence_of(t);
        let from = a.sentence(self.window_start(s, n)).start;
        let mut k = t;
        let mut seen = 0;
        while k > from && seen < MAX_CANDIDATES * 64 {
            k -= 1;
            seen += 1;
            if a.quoted(k) {
                continue;
            }
            let Some(e) = a.entity_at(k) else { continue };
            if a.entities[e].kind != EntityType::Org {
                continue;
            }
            if let Some((name, _)) = self.people.org(e)
                && ok(name)
            {
                return Some((k, name.to_string()));
            }
        }
        None
    }
}

/// Whether sentence `s` is a time alone, heading an item of a live report ("2:45 p.m.").
fn is_time_line(a: &Analysis, s: usize) -> bool {
    let r = a.sentence(s);
    // A few tokens at most, so that a long sentence is never read again for each mention.
    if r.len() > 4 {
        return false;
    }
    let words: Vec<&str> = r.clone().map(|i| a.w(i)).filter(|w| *w != ".").collect();
    let clock = |w: &str| {
        w.split_once(':').is_some_and(|(h, m)| {
            !h.is_empty()
                && h.len() <= 2
                && m.len() == 2
                && h.chars().chain(m.chars()).all(|c| c.is_ascii_digit())
        })
    };
    matches!(words.as_slice(), [t, "a.m." | "p.m." | "a.m" | "p.m"] if clock(t))
}

/// Whether the name at token `s` ends a place phrase that opens its sentence ("At a press
/// conference in Chelsea, the mayor said …"): the description after its comma is the subject,
/// not an apposition to the name.
fn opening_place(a: &Analysis, s: usize) -> bool {
    let lo = a.sent_start(s);
    s > lo
        && matches!(
            a.w(s - 1),
            "in" | "at" | "near" | "from" | "outside" | "inside" | "across" | "throughout"
        )
        && (lo..s).all(|i| !a.pos[i].starts_with("VB") && !a.is_punct(i))
}

/// At most this many modified uses of one noun are kept (keeps hostile documents linear).
const MAX_MODIFIED: usize = 32;

/// Common nouns that a name modifies outside quotations ("Dunmore County police",
/// "European leaders", "the Obama administration"), by noun: where, and the name as written.
fn modified_nouns(a: &Analysis) -> HashMap<String, Vec<(usize, usize)>> {
    let mut out: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    for (e, ent) in a.entities.iter().enumerate() {
        let (s, k) = (ent.tokens.start, ent.tokens.end);
        if k >= a.len()
            || a.quoted(k)
            || a.quoted(s)
            || !a.pos[k].starts_with("NN")
            || !a.word(k).starts_with(char::is_lowercase)
            || a.entity_at(k).is_some()
            || matches!(a.w(k - 1), "'s" | "'")
            || (s..k).any(|i| a.is_punct(i) && a.w(i) != "-")
        {
            continue;
        }
        let uses = out.entry(a.w(k).to_string()).or_default();
        if uses.len() < MAX_MODIFIED {
            uses.push((k, e));
        }
    }
    out
}

/// No sieve named the mention: an empty speaker, as sure as the `unresolved` outcome says.
fn unresolved() -> (Speaker, SieveId) {
    let mut s = Speaker::unknown();
    s.certainty = SieveId::Unresolved.certainty();
    (s, SieveId::Unresolved)
}

/// Whether an entity inside mention `m` is a possessor ("Mr. Rubio's advisers"), not its head.
fn is_possessor(a: &Analysis, entity: &Range<usize>, m: &Range<usize>) -> bool {
    let end = entity.end;
    let owns = end < a.len() && matches!(a.w(end), "'s" | "'")
        || end > 0 && matches!(a.w(end - 1), "'s" | "'");
    let after = if end < a.len() && matches!(a.w(end), "'s" | "'") {
        end + 1
    } else {
        end
    };
    owns && after < m.end
}

/// The whole source phrase when the linked mention is only the owner of the person who spoke:
/// "A spokeswoman for Janney said" links "Janney", whose spokeswoman spoke, so the phrase is
/// resolved (and described, with the owner's name made canonical) instead of the owner.
fn speaks_for(
    a: &Analysis,
    m: &Range<usize>,
    source: Option<&Range<usize>>,
) -> Option<Range<usize>> {
    let src = source?;
    if src.start >= m.start || m.start < 2 || src.end < m.end {
        return None;
    }
    let prep = m.start - 1;
    let head = prep - 1;
    let belongs = SPOKESPEOPLE.contains(&a.w(head)) || BELONGING_NOUNS.contains(&a.w(head));
    if head >= src.start && matches!(a.w(prep), "for" | "of" | "to") && belongs {
        return Some(src.start..m.end);
    }
    // Someone working for a named organisation or person, not named themselves: "a producer
    // for Halvard Studios", "an analyst at the bank".
    let indefinite = head > src.start && matches!(a.w(src.start), "a" | "an" | "one");
    let worker = a.pos[head] == "NN" && a.word(head).starts_with(char::is_lowercase);
    let org = a.entity_at(m.start).is_some() || a.w(m.start) == "the";
    (head >= src.start && indefinite && worker && org && matches!(a.w(prep), "for" | "at"))
        .then_some(src.start..m.end)
}

/// The whole noun phrase when the linked mention is only the object of a preposition inside it:
/// "Officials with knowledge of the talks said" links "the talks", "elected officials from both
/// parties", "many of his supporters": the officials, the supporters spoke. The phrase's head
/// is a common word (a noun, a quantity), not a name ("Ann Lee of the Harwell Institute").
fn outer_phrase(
    a: &Analysis,
    m: &Range<usize>,
    source: Option<&Range<usize>>,
) -> Option<Range<usize>> {
    let src = source?;
    if src.start >= m.start || src.end < m.end || m.start < src.start + 2 {
        return None;
    }
    // A preposition that opens a post-modifier of the phrase's head.
    let opens = |i: usize| {
        matches!(a.w(i), "of" | "for" | "from" | "in" | "at" | "with" | "on")
            || describe::lists_members(a, i)
    };
    // The mention may be the last of the preposition's coordinated objects ("Experts on
    // Korea and nuclear arms"): back over the members before it to the preposition.
    let mut prep = m.start - 1;
    if a.w(prep) == "and" {
        let member = |i: usize| {
            matches!(a.pos[i], "DT" | "JJ" | "CD" | "POS" | "PRP$")
                || a.pos[i].starts_with("NN")
                || a.w(i) == ","
        };
        let mut k = prep;
        while k > src.start + 1 && prep - k < 8 && member(k - 1) && !a.quoted(k - 1) {
            k -= 1;
        }
        if k < prep && k > src.start {
            prep = k - 1;
        }
    }
    // A participle after the head opens its post-modifier too ("members supporting the bill",
    // "people involved in the talks").
    let participle = |i: usize| {
        matches!(a.pos[i], "VBG" | "VBN")
            && i > src.start
            && a.word(i).starts_with(char::is_lowercase)
            && matches!(a.pos[i - 1], "NNS" | "NNPS")
    };
    if !opens(prep) && !participle(prep) {
        return None;
    }
    // The head of the outer phrase: before its first preposition or participle ("Officials
    // with knowledge of the talks").
    let first = (src.start + 1..=prep)
        .find(|&i| opens(i) || participle(i))
        .unwrap_or(prep);
    // "Proponents, including the league": the group before the comma.
    let head = if a.w(first - 1) == "," && first >= src.start + 2 {
        first - 2
    } else {
        first - 1
    };
    let w = a.w(head);
    // A people named in the plural is no one's name ("House Democrats supporting the bill").
    let common = a.word(head).starts_with(char::is_lowercase)
        || head == src.start && a.pos[head] != "NNP"
        || a.pos[head] == "NNPS";
    // The head names who spoke: people or things in the plural, a share of them, or a person
    // by their role; not an occasion or a circumstance ("an interview with", "in the wake of").
    let plural = matches!(a.pos[head], "NNS" | "NNPS") && !EVENT_NOUNS.contains(&w);
    let share = a.pos[head] == "CD" || QUANTIFIERS.contains(&w) || matches!(w, "%" | "number");
    let person = OFFICE_NOUNS.contains(&w)
        || PERSON_OFFICES.contains(&w)
        || SPOKESPEOPLE.contains(&w)
        || BELONGING_NOUNS.contains(&w)
        || people::gender_of_word(w).is_some()
        || PERSON_NOUNS.contains(&w);
    // A document where it is found or what it is about ("a document on the firm's website").
    // Not one in a named publication ("a report in the Harwell Gazette" is the paper's).
    let document = DOC_NOUNS.contains(&w)
        && matches!(a.w(first), "on" | "in" | "at")
        && a.entity_at(m.end - 1).is_none();
    (common
        && (plural || share || person || document)
        && (a.entity_at(head).is_none() || a.pos[head] == "NNPS")
        && !a.quoted(head))
    .then_some(src.start..m.end)
}

/// A description with the prepositional phrase after it that the source phrase holds: "an
/// Associated Press survey of Democratic superdelegates", "one GOP source in the room",
/// "officials with knowledge of the meeting" are described as written. Only for a common noun
/// that names no office (an office resolves to its holder: "the mayor of Dayton").
fn with_postmodifier(
    a: &Analysis,
    m: &Range<usize>,
    source: Option<&Range<usize>>,
) -> Option<Range<usize>> {
    let src = source?;
    if src.start != m.start || src.end <= m.end + 1 || m.is_empty() {
        return None;
    }
    // "by" after a document names its maker ("an analysis by Ann Lee").
    let by_maker = a.w(m.end) == "by" && DOC_NOUNS.contains(&a.w(m.end - 1));
    if !by_maker
        && !matches!(
            a.w(m.end),
            "of" | "on" | "in" | "from" | "with" | "about" | "at"
        )
    {
        return None;
    }
    let mut head = m.end - 1;
    // An adjective after the noun takes the phrase as its complement ("officials familiar
    // with the talks", "aides close to the mayor").
    let complement_taking = matches!(
        a.w(head),
        "familiar" | "close" | "opposed" | "loyal" | "sympathetic" | "knowledgeable" | "briefed"
    );
    if (a.pos[head] == "JJ" || complement_taking)
        && head > m.start
        && a.pos[head - 1].starts_with("NN")
    {
        head -= 1;
    }
    let w = a.w(head);
    let common = a.word(head).starts_with(char::is_lowercase) && a.entity_at(head).is_none();
    let describable = matches!(a.pos[head], "NNS" | "NNPS")
        || DOC_NOUNS.contains(&w)
        || PERSON_NOUNS.contains(&w);
    // Not a phrase cut short at a quotation ("the authors of the “Harwell Plan”").
    let mut end = src.end;
    while end > m.end && matches!(a.pos[end - 1], "DT" | "IN" | "TO") {
        end -= 1;
    }
    (end > m.end + 1 && common && describable && !OFFICE_NOUNS.contains(&w) && !a.quoted(m.end))
        .then_some(m.start..end)
}

/// The possessor of a reply ("his best response", "the senator's answer"): the possessive
/// pronoun, or the phrase before the possessive mark, with at most two adjectives between it and
/// the noun.
fn reply_owner(a: &Analysis, cut: &Range<usize>) -> Option<Range<usize>> {
    let head = cut.end.checked_sub(1)?;
    if head <= cut.start
        || !matches!(
            a.w(head),
            "response" | "answer" | "reply" | "retort" | "rejoinder"
        )
    {
        return None;
    }
    let mut j = head - 1;
    while j > cut.start && head - j <= 2 && matches!(a.pos[j], "JJ" | "JJS" | "RBS") {
        j -= 1;
    }
    match a.w(j) {
        "his" | "her" if j == cut.start => Some(j..j + 1),
        "'s" | "'" if j > cut.start => Some(cut.start..j),
        _ => None,
    }
}

/// Whether a common noun may name a person, for a "he" or "she" to follow: a role, an office, a
/// relation, a noun of a gender, or a noun of an agent ("questioner", "economist"); not "a box"
/// or "brain cancer", which the tagger may have taken for a speaker.
fn names_a_person(w: &str) -> bool {
    const AGENT_ENDINGS: &[&str] = &["er", "or", "ist", "ian", "ant", "ent"];
    const THINGS: &[&str] = &[
        "cancer",
        "paper",
        "letter",
        "number",
        "center",
        "centre",
        "order",
        "matter",
        "computer",
        "chapter",
        "quarter",
        "water",
        "border",
        "corner",
        "power",
        "sector",
        "factor",
        "error",
        "floor",
        "door",
        "poster",
        "folder",
        "cover",
        "meter",
        "counter",
        "monitor",
        "trailer",
        "percent",
        "content",
        "event",
        "comment",
        "moment",
        "statement",
        "document",
        "government",
        "department",
        "movement",
        "element",
        "incident",
        "accident",
        "argument",
        "agreement",
        "payment",
        "amendment",
        "investment",
        "environment",
        "segment",
        "settlement",
        "plant",
        "grant",
        "amount",
        "account",
        "point",
    ];
    people::gender_of_word(w).is_some()
        || OFFICE_NOUNS.contains(&w)
        || PERSON_OFFICES.contains(&w)
        || SPOKESPEOPLE.contains(&w)
        || BELONGING_NOUNS.contains(&w)
        || PERSON_NOUNS.contains(&w)
        || AGENT_ENDINGS.iter().any(|e| w.ends_with(e)) && !THINGS.contains(&w)
}

/// Singular nouns for a person who speaks, besides offices and relations.
const PERSON_NOUNS: &[&str] = &[
    "source",
    "official",
    "member",
    "person",
    "resident",
    "voter",
    "expert",
    "analyst",
    "employee",
    "staffer",
    "head",
    "student",
    "teacher",
    "worker",
    "witness",
    "neighbor",
    "neighbour",
    "nurse",
    "colleague",
    "clerk",
    "diplomat",
    "pilot",
    "chef",
    "guard",
    "surgeon",
    "paramedic",
    "medic",
    "victim",
    "citizen",
    "spouse",
    "parent",
    "child",
    "relative",
    "cousin",
    "veteran",
    "graduate",
    "delegate",
    "envoy",
    "ally",
    "critic",
    "rival",
    "insider",
    "tenant",
    "pupil",
    "priest",
    "imam",
    "rabbi",
    "vicar",
    "cleric",
    "passenger",
    "guest",
    "customer",
    "client",
    "refugee",
    "retiree",
    "trainee",
    "inmate",
    "plaintiff",
    "academic",
    "scholar",
    "operative",
    "athlete",
    "entrepreneur",
    "landlord",
];

/// "The former first lady and U.S. senator": one person with two roles. Tokens `r` open with
/// "the", end in a singular common noun, have another before the "and" at `and` and no
/// determiner after it, and name no person.
fn two_roles_of_one_person(a: &Analysis, r: &Range<usize>, and: usize) -> bool {
    let singular = |k: usize| a.pos[k] == "NN" && a.entity_at(k).is_none();
    a.w(r.start) == "the"
        && r.len() <= 8
        && and > r.start
        && and + 1 < r.end
        && singular(r.end - 1)
        && singular(and - 1)
        && !matches!(a.pos[and + 1], "DT" | "PRP$")
        && r.clone().all(|i| {
            a.entity_at(i)
                .is_none_or(|e| a.entities[e].kind != EntityType::Per)
        })
}

/// The whole coordination when the linked mention is its last member: "Wilcox and Beruff said"
/// links "Beruff", but both spoke ("Mr. Rubio and his advisers", "Democrats and civil rights
/// groups"). The source phrase is cut before an apposition or relative clause after the mention.
fn coordinated_source(
    a: &Analysis,
    people: &People,
    m: &Range<usize>,
    source: Option<&Range<usize>>,
) -> Option<Range<usize>> {
    let src = source?;
    if src.start >= m.start || src.end < m.end || m.start < 2 || a.w(m.start - 1) != "and" {
        return None;
    }
    // The members before "and" are noun phrases: no verb, no quotation, no clause.
    let clean = (src.start..m.start - 1).all(|i| {
        !(a.quoted(i)
            || a.pos[i].starts_with("VB")
            || a.pos[i] == "MD"
            || matches!(a.w(i), "who" | "which" | "that" | ";" | ":"))
    });
    if !clean || a.entity_at(m.start - 1).is_some() {
        return None;
    }
    if two_roles_of_one_person(a, &(src.start..m.end), m.start - 1) {
        return Some(src.start..m.end);
    }
    // Every member is of the mention's kind: people with people ("Wilcox and Beruff", "Mr.
    // Rubio and his advisers"), organisations with organisations, groups with groups; never
    // "the agency's questions and Gates".
    let kind = |mut r: Range<usize>| -> Option<u8> {
        // Without a bracket after the name ("Sen. Ann Lee (D-Ohio)").
        if r.len() > 1 && a.word(r.end - 1) == ")" {
            r.end = (r.start + 1..r.end).rev().find(|&k| a.word(k) == "(")?;
        }
        let core = describe::core(a, &r);
        let head = core.end.checked_sub(1).filter(|&h| h >= core.start)?;
        let possessed = core.clone().any(|i| matches!(a.w(i), "'s" | "'"));
        let plural = a.pos[head] == "NNS"
            || a.pos[head] == "NNPS"
            || a.pos[head].starts_with("NN") && a.w(head).ends_with('s');
        match a.entity_at(head) {
            Some(e) if people.of_entity[e].is_some() => Some(0),
            Some(e) if matches!(a.entities[e].kind, EntityType::Org | EntityType::Misc) => Some(1),
            Some(_) => None,
            None if plural && (!possessed || BELONGING_NOUNS.contains(&a.w(head))) => Some(2),
            None => None,
        }
    };
    let mine = kind(m.clone())?;
    let mut start = src.start;
    if matches!(a.w(start), "both" | "either") {
        start += 1;
    }
    let mut from = start;
    for i in start..=m.start - 1 {
        if matches!(a.w(i), "," | "and") {
            if i > from {
                // A modifier of the group's noun ("state and local leaders", "federal and
                // state officials"): one group.
                let modifier = i == from + 1
                    && mine == 2
                    && matches!(a.pos[from], "JJ" | "NN" | "NNP")
                    && a.entity_at(from)
                        .is_none_or(|e| a.entities[e].kind != EntityType::Per);
                if modifier {
                    from = i + 1;
                    continue;
                }
                let theirs = kind(from..i)?;
                // People and a group of people go together ("Mr. Rubio and his advisers"), and
                // an organisation and a group ("the network and its defenders").
                let fits = theirs == mine || theirs.max(mine) == 2;
                if !fits {
                    return None;
                }
            }
            from = i + 1;
        }
    }
    Some(src.start..m.end)
}

/// The most tokens an aside between dashes holds before a relative pronoun.
const MAX_ASIDE: usize = 30;

/// The antecedent of a relative pronoun source ("Ann Lee, who said …", "Ann Lee, the mayor,
/// who said …", "Ann Lee, a banker and former official who said …"): the person named just
/// before the relative clause or before its apposition; else, for a bare relative pronoun
/// mention, the noun phrase right before it.
fn relative_antecedent(
    a: &Analysis,
    m: &Range<usize>,
    source: Option<&Range<usize>>,
) -> Option<Range<usize>> {
    // "who's" may be one token or two.
    let contracted = |r: &Range<usize>| r.len() == 2 && matches!(a.w(r.start + 1), "'s" | "’s");
    let rel = match source {
        Some(s) if s.len() == 1 || contracted(s) => s.start,
        _ if m.len() == 1 || contracted(m) => m.start,
        _ => return None,
    };
    let relative = matches!(a.w(rel), "who" | "which" | "who's" | "who’s")
        || a.w(rel) == "that" && a.pos[rel] == "WDT";
    if !relative || rel < 2 {
        return None;
    }
    let lo = a.sent_start(rel);
    let dash = |k: usize| matches!(a.w(k), "—" | "--" | "–");
    // "generals and admirals -- most of whom had signed -- who said": the relative goes with
    // the noun phrase before the aside between dashes.
    let mut rel = rel;
    if dash(rel - 1) && rel >= lo + 3 {
        let from = (rel - 1).saturating_sub(MAX_ASIDE).max(lo + 1);
        if let Some(d) = (from..rel - 1).rev().find(|&d| dash(d) || a.quoted(d))
            && dash(d)
            && d > lo + 1
        {
            rel = d;
        }
    }
    let name_ending_at = |k: usize| -> Option<Range<usize>> {
        let e = a.entity_at(k)?;
        let t = &a.entities[e].tokens;
        (t.end == k + 1 && !a.quoted(k)).then(|| t.clone())
    };
    // A place or an organisation after a preposition is not what the relative is about ("the
    // leader of the opposition in Westphalia, who", "Democrats on Capitol Hill, who").
    let object_of_preposition = |r: &Range<usize>| {
        r.start > lo
            && a.pos[r.start - 1] == "IN"
            && a.entity_at(r.start)
                .is_some_and(|e| a.entities[e].kind != EntityType::Per)
    };
    // Organisations, places or groups named together ("Democrats and Republicans, who", "China
    // and the United States, which"): all of them.
    let coordinated = |r: Range<usize>| -> Range<usize> {
        let not_person = |k: usize| {
            a.entity_at(k)
                .is_some_and(|e| a.entities[e].kind != EntityType::Per)
        };
        if !not_person(r.start) || r.start < lo + 2 {
            return r;
        }
        let mut c = r.start - 1;
        if a.w(c) == "the" && c > lo + 1 {
            c -= 1;
        }
        if !matches!(a.w(c), "and" | "&") {
            return r;
        }
        match name_ending_at(c - 1) {
            Some(first) if not_person(first.start) => first.start..r.end,
            _ => r,
        }
    };
    let mut k = rel - 1;
    if matches!(a.w(k), ",") || dash(k) {
        if let Some(r) = name_ending_at(k - 1).filter(|r| !object_of_preposition(r)) {
            return Some(coordinated(r));
        }
        k -= 1;
    }
    // Back over an apposition ("the leader of the opposition in the state", "a banker and
    // former official") to the comma after a name.
    let descriptive = |i: usize| {
        a.pos[i] == "DT"
            || a.pos[i] == "PRP$"
            || a.pos[i] == "JJ"
            || a.pos[i] == "CD"
            || a.pos[i].starts_with("NN") && a.word(i).starts_with(char::is_lowercase)
    };
    let mut j = k;
    while j > lo && k - j < 16 {
        let w = a.w(j);
        if w == "," {
            break;
        }
        if a.quoted(j) || a.pos[j].starts_with("VB") || a.pos[j] == "MD" {
            j = lo;
            break;
        }
        j -= 1;
    }
    if j > lo
        && a.w(j) == ","
        && j < k
        && descriptive(j + 1)
        && let Some(r) = name_ending_at(j - 1)
    {
        return Some(coordinated(r));
    }
    // A bare relative pronoun (the attribution model's source): the noun phrase before it,
    // past a place adverb ("demonstrators here, who").
    let mut end = if a.w(rel - 1) == "," || dash(rel - 1) {
        rel - 1
    } else {
        rel
    };
    if end > lo + 1 && matches!(a.w(end - 1), "here" | "there") && a.pos[end - 1] == "RB" {
        end -= 1;
    }
    let plural_people = |i: usize| {
        let w = a.w(i);
        let plural = matches!(a.pos[i], "NNS" | "NNPS") || a.pos[i] == "NNP" && w.ends_with('s');
        plural
            && a.entity_at(i)
                .is_none_or(|e| a.entities[e].kind == EntityType::Misc)
            && (is_group_head(a, i) || w.ends_with("ers") || w.ends_with("ors"))
    };
    let mut start = end;
    let mut preposition = false;
    while start > lo
        && end - start < 8
        && !a.quoted(start - 1)
        && (descriptive(start - 1)
            || a.pos[start - 1].starts_with("NNP")
            || a.entity_at(start - 1).is_some()
            // "analysts and activists who"
            || a.w(start - 1) == "and"
                && start >= 2
                && a.pos[start - 2].starts_with("NN")
                && a.pos[start].starts_with("NN")
            // "95 retired generals who"
            || a.pos[start - 1] == "VBN"
                && a.word(start - 1).starts_with(char::is_lowercase)
                && a.pos[start].starts_with("NN")
                && start >= lo + 2
                && matches!(a.pos[start - 2], "CD" | "DT" | "JJ" | "PRP$")
            // "Democrats on Capitol Hill, who", "listeners to his radio program who": people
            // in the plural before one preposition.
            || !preposition
                && start >= lo + 2
                && matches!(a.w(start - 1), "on" | "in" | "at" | "from" | "to")
                && plural_people(start - 2))
    {
        preposition |= a.pos[start - 1] == "IN" || a.pos[start - 1] == "TO";
        start -= 1;
    }
    (start < end).then_some(start..end)
}

/// The part of a mention's core before a prepositional phrase that does not hold its head
/// ("Meenakshi Ganguly of Human Rights Watch", "a spokeswoman for the firm"), but not after a
/// bare title ("Secretary of State Hillary Clinton").
fn head_part(a: &Analysis, core: &Range<usize>) -> Range<usize> {
    for i in core.start + 1..core.end {
        // The group before its members ("critics, including Ann Lee").
        if describe::lists_members(a, i) && a.entity_at(i).is_none() {
            let end = if a.w(i - 1) == "," { i - 1 } else { i };
            return core.start..end.max(core.start + 1);
        }
        if matches!(a.pos[i], "IN" | "TO") && a.entity_at(i).is_none() {
            // A spokesperson is no title here: "a spokeswoman for Halvard Brothers" is not the firm.
            let titled = (core.start..i).all(|k| {
                people::is_title(a.word(k)) && !SPOKESPEOPLE.contains(&a.w(k))
                    || matches!(a.w(k), "the" | "a" | "an" | "former")
            });
            if !titled {
                return core.start..i;
            }
            break;
        }
    }
    core.clone()
}

/// Whether an entity modifies a common noun after it in the mention's core ("the Clinton
/// campaign", "Labor Department officials", "a Lena Ortiz ad" where "ad" was read as an adverb).
fn modifies_noun(a: &Analysis, entity: &Range<usize>, core: &Range<usize>) -> bool {
    (entity.end..core.end).any(|i| {
        (a.pos[i].starts_with("NN") || a.noun_read_as_adverb(i))
            && a.entity_at(i).is_none()
            && a.word(i).starts_with(char::is_lowercase)
    })
}

/// Whether a name is a possessor ("Sanders's agenda") or modifies the noun after it ("the
/// Sanders campaign").
fn is_minor(a: &Analysis, r: Range<usize>) -> bool {
    let end = r.end;
    end < a.len()
        && (possessive_at(a, end)
            || (a.pos[end].starts_with("NN") || a.noun_read_as_adverb(end))
                && a.entity_at(end).is_none()
                && a.word(end).starts_with(char::is_lowercase))
}

/// Whether a name is a possessor opening its sentence ("Suu Kyi's fate is unclear, but she
/// said …"), after at most a title.
fn opens_as_possessor(a: &Analysis, r: Range<usize>) -> bool {
    let end = r.end;
    let start = a.sent_start(r.start);
    possessive_at(a, end) && (start..r.start).all(|i| people::is_title(a.word(i)))
}

/// Whether token `k` is a possessive "'s" (not "'s" for "has" or "is": "Christie's been making
/// the case", "he's not ready").
fn possessive_at(a: &Analysis, k: usize) -> bool {
    if k >= a.len() || !matches!(a.w(k), "'s" | "'") {
        return false;
    }
    let contraction = k + 1 < a.len()
        && (a.pos[k + 1] == "VBN"
            || matches!(
                a.w(k + 1),
                "been"
                    | "not"
                    | "got"
                    | "a"
                    | "an"
                    | "the"
                    | "also"
                    | "still"
                    | "never"
                    | "already"
            ));
    !contraction
}

/// Whether a name is the subject of its clause: a verb follows it (after an apposition or
/// brackets), or it opens its sentence; never a possessor or the object of a preposition.
fn is_subject(a: &Analysis, r: Range<usize>) -> bool {
    let end = r.end;
    if possessive_at(a, end) {
        return false;
    }
    // A name modifying the noun after it ("Olsen campaign chairman Tom Reyes") is not the
    // subject; the noun's phrase is.
    // But a name opening its sentence before a word in -s and a preposition is a subject and
    // its verb the tagger took for a plural noun ("Lee bristles at the claim …").
    let verb_in_s = r.start == a.sent_start(r.start)
        && end + 1 < a.len()
        && a.pos[end] == "NNS"
        && matches!(a.pos[end + 1], "IN" | "TO" | "DT")
        && a.w(end + 1) != "of";
    if end < a.len()
        && a.pos[end].starts_with("NN")
        && a.entity_at(end).is_none()
        && a.word(end).starts_with(char::is_lowercase)
        && !verb_in_s
    {
        return false;
    }
    // A topic put first ("As for Trump, he said …") is what the clause is about.
    let mut k = r.start;
    while k > 0 && people::is_title(a.word(k - 1)) && r.start - k < 3 {
        k -= 1;
    }
    if k >= 2
        && a.sent_start(r.start) + 2 >= k
        && a.w(k - 2) == "as"
        && matches!(a.w(k - 1), "for" | "to")
    {
        return true;
    }
    if r.start > 0 && matches!(a.pos[r.start - 1], "IN" | "TO") {
        return false;
    }
    // A name in apposition to the subject ("The mayor's pollster, Ann Lee, says …", "his
    // father, the Rev. Tom Lee, knew …", "Her guest, the actress and writer Ann Lee, was …")
    // is the subject.
    let mut k = r.start;
    let described = |i: usize| {
        a.word(i).starts_with(char::is_lowercase) && matches!(a.pos[i], "NN" | "JJ" | "CC")
    };
    while k > 0
        && (people::is_title(a.word(k - 1)) || a.w(k - 1) == "the" || described(k - 1))
        && r.start - k < 6
    {
        k -= 1;
    }
    if k > a.sent_start(r.start)
        && a.w(k - 1) == ","
        && end + 1 < a.len()
        && a.w(end) == ","
        && (a.pos[end + 1].starts_with("VB") || a.pos[end + 1] == "MD")
        && (a.sent_start(r.start)..k - 1).all(|i| !a.pos[i].starts_with("VB"))
    {
        return true;
    }
    let mut k = end;
    // Skip an apposition or a bracket: ", the …," / "(R-Ky.)".
    if k < a.len() && matches!(a.w(k), "," | "(") {
        let close = if a.w(k) == "," { "," } else { ")" };
        let stop = (k + 25).min(a.sent_end(r.start));
        if let Some(c) = (k + 1..stop).find(|&j| a.w(j) == close) {
            k = c + 1;
        }
    }
    // An adverb ("Lee also said") or a short prepositional phrase ("Lee in his speech
    // called …") may stand between the subject and its verb.
    let verb = |k: usize| k < a.len() && (a.pos[k].starts_with("VB") || a.pos[k] == "MD");
    let mut adverbs = 0;
    while k < a.len() && a.pos[k].starts_with("RB") && adverbs < 2 {
        k += 1;
        adverbs += 1;
    }
    if verb(k) {
        return true;
    }
    let joined = r.start > 0 && matches!(a.w(r.start - 1), "and" | "or");
    if !joined && k < a.len() && a.pos[k] == "IN" && a.w(k) != "that" {
        let phrase = (k + 1..(k + 6).min(a.sent_end(r.start))).find(|&j| {
            !matches!(a.pos[j], "DT" | "PRP$" | "JJ" | "CD") && !a.pos[j].starts_with("NN")
        });
        if phrase.is_some_and(|j| j > k + 1 && verb(j)) {
            return true;
        }
    }
    let start = a.sent_start(r.start);
    r.start - start <= 3 && (start..r.start).all(|j| !a.pos[j].starts_with("VB"))
}

/// Per quotation, whether it is an excerpt of another text that narrates: opened at its
/// paragraph's start and left open to its end, with no first or second person in its own words
/// ("\"Ann thought the fine was unfair. She had paid on time." as a paragraph quoting a report).
fn excerpts(a: &Analysis) -> Vec<bool> {
    a.quotes
        .iter()
        .enumerate()
        .map(|(qi, q)| {
            let para = a.paragraph_tokens(q.paragraph as usize);
            q.open_ended
                && !para.is_empty()
                // The opening mark is the paragraph's first token.
                && a.mark_of(para.start) == Some(qi)
                && !para.clone().any(|i| {
                    a.quote_at(i) == Some(qi)
                        && matches!(
                            a.w(i),
                            "i" | "me" | "my" | "mine" | "we" | "us" | "our" | "you" | "your"
                        )
                })
        })
        .collect()
}

/// Sentences with no verb (captions, bylines, credits, headings), and the credit lines of news
/// ("Ann Lee contributed to this report", "Reporting by Ann Lee; editing by Bo Park", "Lee
/// reported from Paris", "Follow Ann Lee on Twitter").
fn caption_sentences(a: &Analysis) -> Vec<bool> {
    (0..a.seg.sentences.len())
        .map(|s| {
            let r = a.sentence(s);
            let verbless = !r
                .clone()
                .any(|i| a.pos[i].starts_with("VB") || a.pos[i] == "MD");
            let credit = r.clone().zip(r.clone().skip(1)).any(|(i, j)| {
                matches!(
                    (a.w(i), a.w(j)),
                    ("contributed", "to" | "reporting" | "research" | "from")
                        | ("reported", "from")
                        | (
                            "reporting" | "writing" | "editing" | "additional",
                            "by" | "reporting"
                        )
                )
            });
            let follow = a.w(r.start) == "follow" && r.clone().any(|i| a.w(i) == "twitter");
            verbless || credit || follow
        })
        .collect()
}

/// A photo or wire credit: "Name/Outlet", "(Name/Reuters)".
fn is_credit(a: &Analysis, r: Range<usize>) -> bool {
    let next = r.end < a.len() && a.w(r.end) == "/";
    let prev = r.start > 0 && a.w(r.start - 1) == "/";
    let by = r.start > 0 && a.w(r.start - 1) == "by" && a.sent_start(r.start) + 1 == r.start;
    next || prev || by
}

/// Echoes: a source described but not named ("a Cabinet minister has said …") whose quoted
/// words a named speaker says elsewhere in the document is that speaker.
fn echoes(a: &Analysis, links: &[Link], resolved: &mut [Option<(Speaker, SieveId)>]) {
    const N: usize = 4;
    let grams = |l: &Link| -> Vec<u64> {
        if l.kind == Kind::Indirect {
            return Vec::new();
        }
        let first = a.token_at_or_after(l.content.start);
        let words: Vec<&str> = (first..a.len())
            .take_while(|&i| (a.seg.tokens[i].start as usize) < l.content.end)
            .filter(|&i| a.quoted(i) && !a.is_punct(i))
            .map(|i| a.w(i))
            .collect();
        words.windows(N).map(hash_words).collect()
    };
    let mut by_gram: HashMap<u64, usize> = HashMap::new();
    for (i, l) in links.iter().enumerate() {
        if let Some((s, _)) = &resolved[i]
            && s.named
            && s.kind == SpeakerType::Per
        {
            for g in grams(l) {
                by_gram.entry(g).or_insert(i);
            }
        }
    }
    if by_gram.is_empty() {
        return;
    }
    for (i, l) in links.iter().enumerate() {
        let Some((s, _)) = &resolved[i] else { continue };
        let Some(m) = &l.speaker else { continue };
        let indefinite = matches!(a.w(m.start), "a" | "an" | "one");
        if s.named || !indefinite {
            continue;
        }
        let mut votes: HashMap<usize, usize> = HashMap::new();
        for g in grams(l) {
            if let Some(&j) = by_gram.get(&g)
                && j != i
            {
                *votes.entry(j).or_default() += 1;
            }
        }
        if let Some((&j, _)) = votes
            .iter()
            .filter(|(_, n)| **n >= 2)
            .max_by_key(|(j, n)| (**n, std::cmp::Reverse(**j)))
            && let Some((named, _)) = resolved[j].clone()
        {
            let mut s = named;
            s.certainty = SieveId::Echo.certainty();
            resolved[i] = Some((s, SieveId::Echo));
        }
    }
}

fn hash_words(words: &[&str]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    words.hash(&mut h);
    h.finish()
}
