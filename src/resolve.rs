//! Who a speaker mention is: people and organisations of the document clustered by name, role nouns
//! learnt from the document, pronouns, and unnamed spokespeople who speak for an organisation.
//!
//! The rules, in order:
//! - a mention holding a person's name is that person; "Mr Trump" and "Trump" join the cluster of
//!   the full name "Donald Trump", and a knight is called by first name ("Sir Keir" → Keir Starmer);
//!   the canonical name is the longest full name of the cluster, without titles;
//! - an organisation (or a place speaking as an institution: "Downing Street") is itself;
//! - a role noun learnt in the document ("Transport Secretary Heidi Alexander") makes "the
//!   Transport Secretary" mean her;
//! - "he" and "she" are the first person named (outside quotations) in the nearest sentence before
//!   them that names one of the right gender, looking back at most three sentences; "they" is the
//!   last organisation or group that spoke;
//! - "a spokesman" speaks for the organisation named just before;
//! - anything else is UNKNOWN, with an empty name.

use std::collections::HashMap;
use std::ops::Range;

use crate::analysis::Analysis;
use crate::lexicon::{FEMALE_TITLES, MALE_TITLES, SPOKESPEOPLE, TITLES};
use crate::link::Link;
use crate::ner::EntityType;
use crate::record::{Speaker, SpeakerType};

/// The speaker of every link, in the links' order (`None` where a link has no speaker mention).
/// Mentions are resolved in text order, so a pronoun sees the resolutions before it, whatever the
/// order of `links`.
pub fn resolve(a: &Analysis, links: &[Link]) -> Vec<Option<Speaker>> {
    let mut resolver = Resolver::new(a);
    let mut order: Vec<usize> = (0..links.len()).collect();
    order.sort_by_key(|&i| links[i].speaker.as_ref().map_or(usize::MAX, |s| s.start));
    let mut resolved = vec![None; links.len()];
    for i in order {
        if let Some(s) = &links[i].speaker {
            resolved[i] = Some(resolver.resolve(s));
        }
    }
    resolved
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
    Male,
    Female,
}

#[derive(Debug, Clone)]
struct Person {
    /// Name words without titles, as written.
    words: Vec<String>,
    gender: Option<Gender>,
}

impl Person {
    fn canonical(&self) -> String {
        self.words.join(" ")
    }
    fn last(&self) -> String {
        self.words
            .last()
            .map(|w| w.to_lowercase())
            .unwrap_or_default()
    }
    fn first(&self) -> String {
        self.words
            .first()
            .map(|w| w.to_lowercase())
            .unwrap_or_default()
    }
}

fn is_title(w: &str) -> bool {
    let w = w.to_lowercase();
    TITLES.contains(&w.as_str())
        || MALE_TITLES.contains(&w.as_str())
        || FEMALE_TITLES.contains(&w.as_str())
}

fn gender_of_title(w: &str) -> Option<Gender> {
    let w = w.to_lowercase();
    if MALE_TITLES.contains(&w.as_str()) {
        Some(Gender::Male)
    } else if FEMALE_TITLES.contains(&w.as_str()) {
        Some(Gender::Female)
    } else {
        None
    }
}

struct Resolver<'a, 't, 'p> {
    a: &'a Analysis<'t, 'p>,
    people: Vec<Person>,
    /// Person of each PER entity (by entity index).
    person_of_entity: HashMap<usize, usize>,
    /// Canonical organisation name of each ORG or LOC entity.
    org_of_entity: HashMap<usize, String>,
    /// Role phrases (lower case) to people.
    roles: HashMap<String, usize>,
    /// People named outside quotations, by token: (token, person).
    mentions: Vec<(usize, usize)>,
    /// The last organisation or group that spoke.
    last_group: Option<Speaker>,
}

impl<'a, 't, 'p> Resolver<'a, 't, 'p> {
    fn new(a: &'a Analysis<'t, 'p>) -> Self {
        let mut r = Resolver {
            a,
            people: Vec::new(),
            person_of_entity: HashMap::new(),
            org_of_entity: HashMap::new(),
            roles: HashMap::new(),
            mentions: Vec::new(),
            last_group: None,
        };
        r.cluster_people();
        r.cluster_orgs();
        r
    }

    /// Splits a PER entity into role words (titles, offices) and name words.
    fn split_name(&self, tokens: Range<usize>) -> (Vec<usize>, Vec<usize>) {
        let words: Vec<usize> = tokens
            .filter(|&i| !matches!(self.a.lower[i].as_str(), "'s" | "'"))
            .collect();
        let name_start = words
            .iter()
            .rposition(|&i| {
                is_title(self.a.word(i)) || !self.a.word(i).starts_with(char::is_uppercase)
            })
            .map(|p| p + 1)
            .unwrap_or(0);
        (words[..name_start].to_vec(), words[name_start..].to_vec())
    }

    fn cluster_people(&mut self) {
        let a = self.a;
        let per: Vec<usize> = (0..a.entities.len())
            .filter(|&e| a.entities[e].kind == EntityType::Per)
            .collect();
        let mut singles = Vec::new();
        // Full names first, so that "Mr Trump" can find "Donald Trump" wherever it stands.
        for &e in &per {
            let (role, name) = self.split_name(a.entities[e].tokens.clone());
            if name.len() < 2 {
                singles.push(e);
                continue;
            }
            let words: Vec<String> = name.iter().map(|&i| a.word(i).to_string()).collect();
            let (first, last) = (
                words[0].to_lowercase(),
                words[words.len() - 1].to_lowercase(),
            );
            let p = match self
                .people
                .iter()
                .position(|p| p.last() == last && p.first() == first)
            {
                Some(p) => {
                    if words.len() > self.people[p].words.len() {
                        self.people[p].words = words;
                    }
                    p
                }
                None => {
                    self.people.push(Person {
                        words,
                        gender: None,
                    });
                    self.people.len() - 1
                }
            };
            self.note_titles(e, &role, p);
            self.person_of_entity.insert(e, p);
        }
        for &e in &singles {
            let (role, name) = self.split_name(a.entities[e].tokens.clone());
            let Some(&w) = name.first() else { continue };
            let word = a.word(w).to_lowercase();
            let title = role.last().map(|&i| a.lower[i].clone()).or_else(|| {
                let s = a.entities[e].tokens.start;
                (s > 0).then(|| a.lower[s - 1].clone())
            });
            let knight = matches!(title.as_deref(), Some("sir" | "dame" | "lord" | "lady"));
            let by_last = self
                .people
                .iter()
                .position(|p| p.words.len() > 1 && p.last() == word);
            let by_first = self
                .people
                .iter()
                .position(|p| p.words.len() > 1 && p.first() == word);
            let p = match (knight, by_last, by_first) {
                (true, _, Some(p))
                | (false, Some(p), _)
                | (true, Some(p), None)
                | (false, None, Some(p)) => p,
                _ => match self
                    .people
                    .iter()
                    .position(|p| p.words.len() == 1 && p.last() == word)
                {
                    Some(p) => p,
                    None => {
                        self.people.push(Person {
                            words: vec![a.word(w).to_string()],
                            gender: None,
                        });
                        self.people.len() - 1
                    }
                },
            };
            self.note_titles(e, &role, p);
            self.person_of_entity.insert(e, p);
        }
        for &e in &per {
            let start = a.entities[e].tokens.start;
            if let Some(&p) = self.person_of_entity.get(&e).filter(|_| !a.quoted(start)) {
                self.mentions.push((start, p));
            }
        }
        self.mentions.sort_unstable();
    }

    /// Records the gender a title tells and the role words before a name ("Transport Secretary").
    fn note_titles(&mut self, e: usize, role_in_entity: &[usize], p: usize) {
        let a = self.a;
        let start = a.entities[e].tokens.start;
        // Role words just before the entity: capitalised or lower-case nouns and adjectives.
        let mut k = start;
        while k > 0 && start - k < 5 {
            let i = k - 1;
            let pos = a.pos[i];
            if a.quoted(i)
                || !(pos.starts_with("NN") || pos == "JJ" || a.lower[i] == "of")
                || a.entity_at[i].is_some_and(|x| a.entities[x].kind == EntityType::Per)
            {
                break;
            }
            k -= 1;
        }
        let mut role: Vec<usize> = (k..start).collect();
        role.extend_from_slice(role_in_entity);
        while role.first().is_some_and(|&i| a.lower[i] == "of") {
            role.remove(0);
        }
        for &i in &role {
            if let Some(g) = gender_of_title(a.word(i)) {
                self.people[p].gender = Some(g);
            }
        }
        let words: Vec<&str> = role
            .iter()
            .map(|&i| a.lower[i].as_str())
            .filter(|w| !MALE_TITLES.contains(w) && !FEMALE_TITLES.contains(w))
            .collect();
        // The role and its shorter endings ("ukrainian president" → "president" too is ambiguous,
        // so only endings of two words or more, and single words that are offices).
        for n in 1..=words.len() {
            let key = words[words.len() - n..].join(" ");
            if n >= 2 || words.len() == 1 {
                self.roles.entry(key).or_insert(p);
            }
        }
    }

    fn cluster_orgs(&mut self) {
        let a = self.a;
        let mut names: Vec<(usize, Vec<String>)> = Vec::new();
        for (e, m) in a.entities.iter().enumerate() {
            if matches!(m.kind, EntityType::Org | EntityType::Loc) {
                let words: Vec<String> = m
                    .tokens
                    .clone()
                    .filter(|&i| !(i == m.tokens.start && a.lower[i] == "the"))
                    .map(|i| a.word(i).to_string())
                    .collect();
                names.push((e, words));
            }
        }
        for (e, words) in &names {
            let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
            // The longest name of the same kind that ends with this one ("State Department" →
            // "US State Department").
            let best = names
                .iter()
                .filter(|(o, w)| {
                    a.entities[*o].kind == a.entities[*e].kind && w.len() >= words.len()
                })
                .filter(|(_, w)| {
                    let wl: Vec<String> = w.iter().map(|x| x.to_lowercase()).collect();
                    wl.ends_with(&lower)
                })
                .max_by_key(|(_, w)| w.len())
                .map(|(_, w)| w.join(" "))
                .unwrap_or_else(|| words.join(" "));
            self.org_of_entity.insert(*e, best);
        }
    }

    /// Resolves the speaker mention `m` (tokens).
    fn resolve(&mut self, m: &Range<usize>) -> Speaker {
        let a = self.a;
        // A person named in the mention: the last PER entity (the head of "Britain's adviser X").
        let person = m
            .clone()
            .rev()
            .filter_map(|i| a.entity_at[i])
            .find_map(|e| self.person_of_entity.get(&e));
        if let Some(&p) = person {
            return Speaker {
                name: self.people[p].canonical(),
                kind: SpeakerType::Per,
            };
        }
        if let Some(e) = m
            .clone()
            .rev()
            .filter_map(|i| a.entity_at[i])
            .find(|&e| matches!(a.entities[e].kind, EntityType::Org | EntityType::Loc))
        {
            // An organisation as the head of the phrase, not a modifier ("a Downing Street source"
            // is a source).
            let head_in_entity = a.entities[e].tokens.end >= m.end;
            let spokesperson = SPOKESPEOPLE.contains(&a.lower[m.end - 1].as_str());
            if head_in_entity || spokesperson {
                let r = Speaker {
                    name: self.org_of_entity[&e].clone(),
                    kind: SpeakerType::Org,
                };
                self.last_group = Some(r.clone());
                return r;
            }
        }
        let words: Vec<&str> = m.clone().map(|i| a.lower[i].as_str()).collect();
        if words.len() == 1 {
            match words[0] {
                "he" => return self.pronoun(m.start, Some(Gender::Male)),
                "she" => return self.pronoun(m.start, Some(Gender::Female)),
                "they" | "it" => return self.last_group.clone().unwrap_or_else(Speaker::unknown),
                _ => {}
            }
        }
        let definite = words.first() == Some(&"the");
        let content: Vec<&str> = words
            .iter()
            .copied()
            .skip_while(|w| matches!(*w, "the" | "a" | "an"))
            .collect();
        let key = content.join(" ");
        if let Some(&p) = self.roles.get(&key)
            && (content.len() >= 2 || TITLES.contains(&key.as_str()))
        {
            return Speaker {
                name: self.people[p].canonical(),
                kind: SpeakerType::Per,
            };
        }
        // "the minister" after "Transport Minister Clara Jensen": a role's head noun, when one
        // person of the document holds a role with that head.
        if definite && content.len() == 1 {
            let mut holders: Vec<usize> = self
                .roles
                .iter()
                .filter(|(role, _)| role.rsplit(' ').next() == Some(content[0]))
                .map(|(_, &p)| p)
                .collect();
            holders.sort_unstable();
            holders.dedup();
            if let [p] = holders[..] {
                return Speaker {
                    name: self.people[p].canonical(),
                    kind: SpeakerType::Per,
                };
            }
        }
        if content.last().is_some_and(|w| SPOKESPEOPLE.contains(w))
            && content.len() <= 2
            && let Some(org) = self.org_before(m.start)
        {
            return org;
        }
        Speaker::unknown()
    }

    /// The nearest organisation named (outside quotations) before token `t`, in its sentence or
    /// the three before.
    fn org_before(&self, t: usize) -> Option<Speaker> {
        let a = self.a;
        let s = a.sentence_of[t];
        let from = a.sentence(s.saturating_sub(3)).start;
        (from..t)
            .rev()
            .filter(|&i| !a.quoted(i))
            .filter_map(|i| a.entity_at[i])
            .find(|&e| a.entities[e].kind == EntityType::Org)
            .map(|e| Speaker {
                name: self.org_of_entity[&e].clone(),
                kind: SpeakerType::Org,
            })
    }

    fn pronoun(&mut self, t: usize, gender: Option<Gender>) -> Speaker {
        let a = self.a;
        let s = a.sentence_of[t];
        for back in 0..=3 {
            let Some(si) = s.checked_sub(back) else { break };
            let r = a.sentence(si);
            let hit = self
                .mentions
                .iter()
                .filter(|&&(i, _)| i >= r.start && i < r.end && i < t)
                .map(|&(_, p)| p)
                .find(|&p| {
                    gender.is_none()
                        || self.people[p].gender.is_none()
                        || self.people[p].gender == gender
                });
            if let Some(p) = hit {
                if self.people[p].gender.is_none() {
                    self.people[p].gender = gender;
                }
                self.mentions.push((t, p));
                self.mentions.sort_unstable();
                return Speaker {
                    name: self.people[p].canonical(),
                    kind: SpeakerType::Per,
                };
            }
        }
        Speaker::unknown()
    }
}
