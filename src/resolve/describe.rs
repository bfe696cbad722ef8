//! Unnamed sources keep their description as the speaker: the mention cut to its head noun and
//! identifying modifiers (no apposition, relative clause or participle), with the names in it
//! made canonical ("Mr. Rubio's advisers" → "Marco Rubio's advisers", "her allies" → "Hillary
//! Clinton's allies"), typed by its head noun.

use std::ops::Range;

use super::first_names::Gender;
use super::people::is_title;
use super::{Resolver, SieveId};
use crate::analysis::Analysis;
use crate::lexicon::{
    APPROXIMATORS, CAMPAIGN_STAFF, DAYS, DOC_NOUNS, INSTITUTION_NOUNS, MONTHS, ORG_NOUNS,
    PASSING_MODIFIERS, POSTMODIFIERS, QUANTIFIERS, TIME_NOUNS, WRITTEN_NOUNS,
};
use crate::ner::EntityType;
use crate::record::{Speaker, SpeakerType};

/// Occasions of speaking that a source's phrase may name after it ("in an interview").
const MEDIA: &[&str] = &[
    "interview",
    "interviews",
    "speech",
    "remarks",
    "video",
    "conference",
    "appearance",
    "briefing",
    "hearing",
    "court",
    "debate",
    "rally",
    "forum",
];

/// Nouns of gathered figures that a maker's name identifies ("a Harwell Times database", "the
/// Harwell average of polls").
const DATA_NOUNS: &[&str] = &["database", "average", "averages", "tracker", "tally"];

/// Pieces that a newspaper or magazine publishes, "in" which it speaks ("an article in X").
const PRESS_PIECES: &[&str] = &["article", "story", "editorial", "column", "piece", "report"];

/// A quantity's approximator before the mention ("nearly two-thirds of voters", "more than half
/// of respondents", "at least one employee"): the description starts there.
fn with_approximator(a: &Analysis, cut: Range<usize>) -> Range<usize> {
    if cut.is_empty() {
        return cut;
    }
    let first = cut.start;
    let w = a.w(first);
    let quantity = a.pos[first] == "CD"
        || QUANTIFIERS.contains(&w)
        || matches!(w, "everyone" | "everybody" | "a")
        || w.ends_with("thirds")
        || w.ends_with("quarters");
    let lo = a.sent_start(first);
    if !quantity || first < lo + 1 || a.quoted(first - 1) {
        return cut;
    }
    let before = a.w(first - 1);
    let pair = first >= lo + 2
        && matches!(
            (a.w(first - 2), before),
            ("at", "least" | "most") | ("more" | "less" | "fewer", "than")
        );
    if pair {
        return first - 2..cut.end;
    }
    let single = APPROXIMATORS.contains(&before) && !matches!(before, "at" | "least" | "most");
    if single { first - 1..cut.end } else { cut }
}
/// Whether token `k` opens a list of the members of the group before it ("including", "like",
/// "such as").
pub(super) fn lists_members(a: &Analysis, k: usize) -> bool {
    match a.w(k) {
        "including" | "like" => true,
        "such" => k + 1 < a.len() && a.w(k + 1) == "as",
        _ => false,
    }
}

/// The core of a mention: cut before an apposition, a relative clause or a participle, and
/// trailing punctuation ("Wilcox and Beruff, a Sarasota Republican," → "Wilcox and Beruff").
pub(super) fn core(a: &Analysis, m: &Range<usize>) -> Range<usize> {
    let mut end = m.end;
    for i in m.start + 1..m.end {
        let w = a.w(i);
        // A time after the head is not part of the description ("a poll last week", "the report
        // published Tuesday").
        // A word in capitals after another is part of a name ("USA TODAY"), as is a
        // capitalised "Today" after a name ("a reporter for USA Today").
        let capitals = |k: usize| a.word(k).chars().all(|c| !c.is_lowercase());
        let time = (DAYS.contains(&w) || matches!(w, "today" | "yesterday" | "tonight"))
            && !(capitals(i) && capitals(i - 1))
            && !(w == "today"
                && a.word(i).starts_with(char::is_uppercase)
                && a.entity_at(i - 1).is_some())
            || (matches!(
                w,
                "last" | "this" | "next" | "earlier" | "later" | "late" | "early"
            ) && (i + 1..m.end.min(i + 3)).any(|k| TIME_NOUNS.contains(&a.w(k))))
            || (matches!(w, "published" | "released" | "issued")
                && i + 1 < m.end
                && DAYS.contains(&a.w(i + 1)));
        // Where or when the source spoke is not part of it ("her lawyers in a court filing",
        // "a spokesman in a statement", "a poll in June").
        let medium = matches!(w, "in" | "on" | "during")
            && (i + 1..m.end.min(i + 4)).any(|k| {
                let x = a.w(k);
                MONTHS.contains(&x)
                    || DAYS.contains(&x)
                    || WRITTEN_NOUNS.contains(&x)
                    || MEDIA.contains(&x)
            });
        // A participle after a document its maker names ("a Harwell Times database tracking
        // such sales", "the Harwell average of polls taken over two weeks"): the name
        // identifies it.
        let participle = matches!(a.pos[i], "VBN" | "VBG")
            && a.word(i).starts_with(char::is_lowercase)
            && matches!(a.pos[i - 1], "NN" | "NNS")
            && a.entity_at(i - 1).is_none()
            && (m.start..i)
                .any(|k| a.entity_at(k).is_some() || a.pos[k] == "NNP" && k > a.sent_start(k))
            && (m.start..i).any(|k| DOC_NOUNS.contains(&a.w(k)) || DATA_NOUNS.contains(&a.w(k)));
        // Members named after the description stay in it ("Proponents, including the
        // Harwell League,", "critics, like Ann Lee,"); the comma after them ends it.
        let members = w == "," && i + 1 < m.end && lists_members(a, i + 1);
        if !members
            && (time
                || medium
                || participle
                || matches!(
                    w,
                    "," | "who" | "which" | "that" | "whose" | "speaking" | "(" | "--" | "—"
                ))
        {
            end = i;
            break;
        }
    }
    while end > m.start && a.is_punct(end - 1) && !matches!(a.w(end - 1), "%" | "'s" | "'") {
        end -= 1;
    }
    // A participle left after the noun once its time or place is cut ("a poll released last
    // week", "polls taken over two weeks" → "a poll", "polls").
    if end > m.start + 1
        && a.pos[end - 1] == "VBN"
        && a.word(end - 1).starts_with(char::is_lowercase)
        && matches!(a.pos[end - 2], "NN" | "NNS" | "NNP" | "NNPS")
    {
        end -= 1;
    }
    // A reflexive that only stresses the source is no part of it ("migrants themselves", "the
    // company itself").
    if end > m.start + 1
        && matches!(
            a.w(end - 1),
            "themselves" | "itself" | "himself" | "herself"
        )
    {
        end -= 1;
    }
    m.start..end
}

/// Whom a description's possessor phrase names when it is no name itself: a role ("the former
/// vice president's spokeswoman" → Al Gore's spokeswoman) or an organisation by its noun ("the
/// foundation's tally" → Clinton Foundation's tally). The possessor opens the description with a
/// definite determiner; gives the token after its possessive mark and the owner's name.
fn possessor_owner(r: &Resolver, cut: &Range<usize>) -> Option<(usize, String, Option<usize>)> {
    let a = r.a;
    if cut.len() < 3 || !matches!(a.w(cut.start), "the" | "this" | "that") {
        return None;
    }
    let mark =
        (cut.start + 2..cut.end.min(cut.start + 7)).find(|&k| matches!(a.w(k), "'s" | "'"))?;
    // A place or a party may modify the role ("the Florida senator's", "the Democratic
    // nominee's"); a person or an organisation is the possessor itself.
    let named = |i: usize| {
        a.entity(i)
            .is_some_and(|e| matches!(e.kind, EntityType::Per | EntityType::Org))
    };
    if mark + 1 >= cut.end || (cut.start..mark).any(|i| named(i) || a.is_punct(i)) {
        return None;
    }
    let phrase = cut.start..mark;
    if let Some((p, _)) = r.role(&phrase) {
        return Some((mark + 1, r.people.people[p].canonical(), Some(p)));
    }
    let (s, _) = r.nominal_org_of(&phrase, false)?;
    Some((mark + 1, s.name, None))
}

/// "Mr. Kasich's campaign", "the Clinton campaign", "her campaign", "the Okafor camp": a
/// campaign goes by its candidate's surname.
pub(super) fn campaign(r: &mut Resolver, m: &Range<usize>) -> Option<(Speaker, SieveId)> {
    let a = r.a;
    let cut = core(a, m);
    if cut.is_empty() || !matches!(a.w(cut.end - 1), "campaign" | "camp" | "team") {
        return None;
    }
    // A candidate's team is their campaign, but only with its owner ("Kasich's team", "his
    // team", "the Kasich team"), not "the team".
    let owned = cut.len() >= 2
        && (matches!(a.w(cut.end - 2), "'s" | "'")
            || matches!(a.w(cut.start), "his" | "her")
            || a.entity_at(cut.end - 2)
                .is_some_and(|e| r.people.of_entity[e].is_some()));
    if a.w(cut.end - 1) == "team" && !owned {
        return None;
    }
    let named = cut
        .clone()
        .filter_map(|i| a.entity_at(i))
        .find_map(|e| r.people.of_entity[e]);
    let p = match named {
        Some(p) => p,
        // "the Democratic nominee's campaign": the person the role names.
        None if let Some((_, _, Some(p))) = possessor_owner(r, &cut) => p,
        // "his campaign": the person the possessive pronoun is.
        None if cut.len() == 2 && matches!(a.w(cut.start), "his" | "her") => {
            let gender = if a.w(cut.start) == "his" {
                Gender::Male
            } else {
                Gender::Female
            };
            r.pronoun(cut.start, gender)?.0
        }
        None => return None,
    };
    let surname = r.people.people[p].surname();
    Some((
        Speaker {
            name: format!("{surname} campaign"),
            kind: SpeakerType::Org,
            named: true,
            certainty: SieveId::Description.certainty(),
        },
        SieveId::Description,
    ))
}

/// The surname of the candidate whose campaign the text named last before token `t` ("the
/// Clinton campaign", "Trump's presidential campaign"), for a campaign it then names bare ("the
/// campaign", "campaign aides").
fn recent_campaign(r: &Resolver, t: usize) -> Option<String> {
    let a = r.a;
    (t.saturating_sub(3000)..t)
        .rev()
        .filter(|&k| a.w(k) == "campaign" && !a.quoted(k))
        .find_map(|k| {
            let mut o = k.checked_sub(1)?;
            if a.w(o) == "presidential" {
                o = o.checked_sub(1)?;
            }
            if matches!(a.w(o), "'s" | "'" | "’s" | "’") {
                o = o.checked_sub(1)?;
            }
            let p = a.entity_at(o).and_then(|e| r.people.of_entity[e])?;
            Some(r.people.people[p].surname().to_string())
        })
}

/// The surname of the person named as the subject of the sentence before token `t`, whose
/// campaign a bare "a campaign aide" after them belongs to ("Lee will visit Ohio, according to
/// a campaign aide").
fn subject_in_sentence(r: &Resolver, t: usize) -> Option<String> {
    let s = r.a.sentence_of(t);
    let before = r.mentions.partition_point(|n| n.token < t);
    let n = r.mentions[..before]
        .iter()
        .rev()
        .take(super::MAX_CANDIDATES)
        .take_while(|n| n.sentence == s)
        .filter(|n| n.subject && !n.minor)
        .last()?;
    Some(r.people.people[n.person].surname().to_string())
}

/// Whether the "campaign" at token `k` of a description has no owner of its own ("campaign
/// aides", not "Clinton campaign aides", "his campaign").
fn bare_campaign_word(a: &Analysis, cut: &Range<usize>, k: usize) -> bool {
    a.w(k) == "campaign"
        && (k == cut.start
            || a.entity_at(k - 1).is_none()
                && !matches!(
                    a.w(k - 1),
                    "'s" | "'" | "his" | "her" | "their" | "presidential"
                ))
}

/// "the campaign", bare: the campaign the text named last, by its candidate's surname.
pub(super) fn bare_campaign(r: &Resolver, m: &Range<usize>) -> Option<(Speaker, SieveId)> {
    let a = r.a;
    let cut = core(a, m);
    if cut.len() != 2 || !matches!(a.w(cut.start), "the" | "this") {
        return None;
    }
    let k = cut.start + 1;
    if !bare_campaign_word(a, &cut, k) {
        return None;
    }
    let surname = recent_campaign(r, m.start)?;
    Some((
        Speaker {
            name: format!("{surname} campaign"),
            kind: SpeakerType::Org,
            named: true,
            certainty: SieveId::Description.certainty() * 0.9,
        },
        SieveId::Description,
    ))
}

/// "the survey by the Meridian Institute" → "Meridian Institute survey"; "an email from Dana
/// Whitlock" → "Dana Whitlock's email": a document made by a named author goes by that name.
fn authored(r: &Resolver, cut: &Range<usize>) -> Option<(String, SpeakerType)> {
    let a = r.a;
    let by = (cut.start + 1..cut.end).find(|&i| matches!(a.w(i), "by" | "from" | "in"))?;
    let noun = by - 1;
    if !DOC_NOUNS.contains(&a.w(noun)) || a.entity_at(noun).is_some() {
        return None;
    }
    // A piece "in" a publication is the publication's ("an article in the Harwell Courier");
    // other documents "in" a place are not ("polls in Ohio").
    let in_publication = a.w(by) == "in";
    if in_publication && !PRESS_PIECES.contains(&a.w(noun)) {
        return None;
    }
    // The author's name, after at most a short description ("by the consulting firm Brightline").
    let first = (by + 1..cut.end.min(by + 5)).find_map(|i| a.entity_at(i))?;
    // A person after a description that names their institution ("by Harwell Law School
    // professor Dana Whitlock"): the person is the author.
    let e = if r.people.of_entity[first].is_none() && a.w(by) == "by" {
        let mut k = a.entities[first].tokens.end;
        while k < cut.end.min(by + 8)
            && a.entity_at(k).is_none()
            && a.word(k).starts_with(char::is_lowercase)
            && a.pos[k].starts_with("NN")
        {
            k += 1;
        }
        a.entity_at(k)
            .filter(|&x| k > a.entities[first].tokens.end && r.people.of_entity[x].is_some())
            .unwrap_or(first)
    } else {
        first
    };
    let ent = &a.entities[e];
    // A year before the author's name stays with it ("data from the 2014 Harwell Census" →
    // "2014 Harwell Census data").
    let is_year = |i: usize| a.word(i).len() == 4 && a.word(i).bytes().all(|b| b.is_ascii_digit());
    let year = (by + 1..ent.tokens.start).find(|&i| is_year(i));
    let between_is_common = (by + 1..ent.tokens.start).all(|i| {
        !a.is_punct(i)
            && (a.word(i).starts_with(char::is_lowercase) || e != first || Some(i) == year)
    });
    if !between_is_common || ent.tokens.end < cut.end && !matches!(a.w(ent.tokens.end), "in" | "on")
    {
        return None;
    }
    // The noun and its modifiers, without the determiner and the passing words.
    let words: Vec<&str> = (cut.start..=noun)
        .filter(|&i| !matches!(a.w(i), "the" | "a" | "an" | "this" | "that"))
        .filter(|&i| !PASSING_MODIFIERS.contains(&a.w(i)))
        .map(|i| if i == noun { a.w(i) } else { a.word(i) })
        .collect();
    let author = if in_publication {
        // Only an organisation publishes, named at once ("in the Harwell Courier"; not "in the
        // academic journal Harwell Review", which stays as written).
        if (by + 1..ent.tokens.start).any(|i| a.w(i) != "the") {
            return None;
        }
        r.people
            .org(e)
            .filter(|_| r.people.of_entity[e].is_none())?
            .0
            .to_string()
    } else if let Some(p) = r.people.of_entity[e] {
        // A person's document "by" them is written so ("study by Dana Whitlock"); one "from"
        // them is theirs ("Dana Whitlock's email").
        let name = r.people.people[p].canonical();
        if a.w(by) == "by" {
            return Some((format!("{} by {name}", words.join(" ")), SpeakerType::Doc));
        }
        format!("{name}'s")
    } else if let Some((name, _)) = r.people.org(e) {
        name.to_string()
    } else {
        return None;
    };
    let author = match year {
        Some(y) if e == first => format!("{} {author}", a.word(y)),
        _ => author,
    };
    Some((format!("{author} {}", words.join(" ")), SpeakerType::Doc))
}

/// The first noun of a description with no name before it ("police", "the poll"), when it names
/// an institution or, after a definite determiner or none, a document: only a determiner or a
/// number comes before it.
fn bare_noun(a: &Analysis, cut: &Range<usize>) -> Option<usize> {
    let i = cut
        .clone()
        .find(|&i| !matches!(a.pos[i], "DT" | "CD" | "PDT"))?;
    let sentence_start = i == a.sent_start(i);
    let definite = i == cut.start || matches!(a.w(cut.start), "the" | "this" | "that");
    let w = a.w(i);
    let ok = a.pos[i].starts_with("NN")
        && a.entity_at(i).is_none()
        && (a.word(i).starts_with(char::is_lowercase) || sentence_start)
        && (INSTITUTION_NOUNS.contains(&w) || definite && DOC_NOUNS.contains(&w));
    ok.then_some(i)
}

/// The name the text gives common noun `noun` as a modifier: the last before token `t`, else the
/// one name it gives it after, when only one. An organisation goes by its fullest name.
fn noun_modifier(r: &Resolver, noun: &str, t: usize) -> Option<String> {
    let a = r.a;
    let uses = r.modified.get(noun)?;
    let name = |e: usize| match r.people.org(e) {
        Some((name, _)) => name.to_string(),
        None => a.text[a.span(&a.entities[e].tokens)].to_string(),
    };
    if let Some(&(_, e)) = uses.iter().rev().find(|(k, _)| *k < t) {
        return Some(name(e));
    }
    let first = name(uses.first()?.1);
    uses.iter()
        .all(|&(_, e)| name(e).eq_ignore_ascii_case(&first))
        .then_some(first)
}

/// Whether the name at token `i` of a description is the object of "for", "of" or "to", past its
/// titles ("a spokesman for Mr. Kane", "the wife of Tom Reyes"): it then names a person in full.
fn person_object(a: &Analysis, cut: &Range<usize>, i: usize) -> bool {
    let mut k = i;
    while k > cut.start && is_title(a.word(k - 1)) {
        k -= 1;
    }
    k > cut.start && (matches!(a.w(k - 1), "for" | "of" | "to") || lists_members(a, k - 1))
}

/// Nouns of a part or an amount of what follows them ("a group of doctors", "a number of
/// experts"): the noun after the preposition tells the speaker's type.
const PART_OF: &[&str] = &[
    "group",
    "number",
    "majority",
    "minority",
    "lot",
    "lots",
    "handful",
    "couple",
    "pair",
    "team",
    "panel",
    "coalition",
    "series",
    "set",
    "share",
    "percent",
    "half",
    "third",
];

/// How many sentences back a bare share looks for the population of an earlier share.
const SHARE_WINDOW: usize = 3;

/// Whether tokens `..end` end a share of people: a number and "percent" ("63 percent", "12%")
/// or "in 10" ("six in 10"). Gives where the number starts.
fn share_at(a: &Analysis, end: usize) -> Option<usize> {
    if end < 2 {
        return None;
    }
    let last = a.w(end - 1);
    if matches!(last, "percent" | "%") && a.pos[end - 2] == "CD" {
        return Some(end - 2);
    }
    (last == "10" && end >= 3 && a.w(end - 2) == "in" && a.pos[end - 3] == "CD").then(|| end - 3)
}

/// "63 percent" after "48 percent of registered voters": the population of the nearest share
/// before a bare share, or of the nearest "among" ("Among men, 61 percent"), within a few
/// sentences; and whether the bare share takes it after "of" (a percentage) or directly ("six in
/// 10 voters"). The population is adjectives, participles and nouns ending on a plural noun.
fn share_population(a: &Analysis, cut: &Range<usize>) -> Option<(String, bool)> {
    let number = share_at(a, cut.end)?;
    // Only a determiner or an approximator before the number ("another", "more than", "only"),
    // not another phrase ("his supporters and 22 percent").
    let bare = number >= cut.start
        && (cut.start..number)
            .all(|i| matches!(a.pos[i], "DT" | "JJ" | "JJR" | "RB" | "RBR" | "IN"));
    if !bare || cut.end < a.pos.len() && matches!(a.w(cut.end), "of" | "'s" | "(") {
        return None;
    }
    let of = a.w(cut.end - 1) != "10";
    let s = a.sentence_of(cut.start);
    let lo = a.sentence(s.saturating_sub(SHARE_WINDOW)).start;
    (lo..number).rev().find_map(|k| {
        // "Among men, 61 percent …": the group the shares are taken among.
        let first = if a.w(k) == "among" {
            k + 1
        } else if share_at(a, k + 1).is_none() {
            return None;
        } else if a.w(k) != "10" {
            (k + 1 < number && a.w(k + 1) == "of").then_some(k + 2)?
        } else {
            k + 1
        };
        let mut end = first;
        while end < number
            && matches!(a.pos[end], "JJ" | "VBN" | "NN" | "NNS" | "NNP" | "NNPS")
            && !a.quoted(end)
        {
            end += 1;
        }
        // The population ends on a plural noun ("voters", "Democrats").
        while end > first && !matches!(a.pos[end - 1], "NNS" | "NNPS") {
            end -= 1;
        }
        (end > first).then(|| (a.text[a.span(&(first..end))].to_string(), of))
    })
}

/// The description of mention `m`, or an unknown speaker when nothing is left of it.
pub(super) fn describe(r: &mut Resolver, m: &Range<usize>) -> (Speaker, SieveId) {
    let a = r.a;
    let cut = with_approximator(a, core(a, m));
    if cut.is_empty() {
        return super::unresolved();
    }
    if let Some((name, kind)) = authored(r, &cut) {
        let speaker = Speaker {
            name,
            kind,
            named: false,
            certainty: SieveId::Description.certainty(),
        };
        return (speaker, SieveId::Description);
    }
    let end = cut.end;
    let head = end - 1;
    let head_word = a.w(head);
    // A name before the head after which passing words are dropped ("a new Harwell poll").
    let first_name_at = (cut.start..head).find(|&i| a.entity_at(i).is_some());
    // Only before a name that modifies the head ("a new Harwell poll"), not one after it ("a
    // recent poll of Ohio voters").
    let first_noun_at = (cut.start..=head).find(|&i| {
        a.pos[i].starts_with("NN")
            && a.entity_at(i).is_none()
            && a.word(i).starts_with(char::is_lowercase)
            && !PASSING_MODIFIERS.contains(&a.w(i))
    });
    let first_name_at = first_name_at.filter(|&n| first_noun_at.is_none_or(|c| n < c));
    // "Opinion" adds nothing to a named poll ("the Harwell opinion poll" is the Harwell poll).
    let passing = |i: usize| {
        first_name_at.is_some_and(|n| i < n || a.w(i) == "own")
            && a.entity_at(i).is_none()
            && (PASSING_MODIFIERS.contains(&a.w(i))
                || a.w(i) == "most" && i + 1 < head && a.w(i + 1) == "recent")
            || first_name_at.is_some_and(|n| n < i)
                && a.w(i) == "opinion"
                && i + 1 == head
                && matches!(head_word, "poll" | "polls")
    };

    // Members joined by "and"; not two adjectives of one noun ("current and former aides").
    let coordinated = cut.clone().any(|i| {
        a.w(i) == "and"
            && a.entity_at(i).is_none()
            && !(i > cut.start && i + 1 < cut.end && a.pos[i - 1] == "JJ" && a.pos[i + 1] == "JJ")
    });
    let bare_noun = bare_noun(a, &cut).filter(|_| !coordinated);
    let text = a.text;
    let tokens = &a.seg.tokens;
    let mut out = String::new();
    let mut i = cut.start;
    let mut last_end: Option<u32> = None;
    let mut named_words = 0;
    let mut content_words = 0;
    // A possessor that is a role or an organisation's noun, by its owner's name.
    if let Some((next, owner, _)) = possessor_owner(r, &cut) {
        out = format!("{owner}'s");
        last_end = Some(tokens[next - 1].end);
        i = next;
        named_words += 1;
    }
    while i < cut.end {
        // "Both Democrats and Republicans" are Democrats and Republicans.
        if passing(i) || i == cut.start && coordinated && matches!(a.w(i), "both" | "either") {
            i += 1;
            continue;
        }
        // A title before a person named in full in its place ("a lawyer for Mr. Kane" → a
        // lawyer for Dan Kane).
        if is_title(a.word(i))
            && let Some(e) = (i + 1..cut.end)
                .find(|&k| !is_title(a.word(k)))
                .and_then(|k| a.entity_at(k))
            && r.people.of_entity[e].is_some()
            && (coordinated || person_object(a, &cut, a.entities[e].tokens.start))
        {
            i += 1;
            continue;
        }
        let t = &tokens[i];
        if let Some(prev) = last_end {
            out.push_str(if t.start > prev { " " } else { "" });
        }
        let mut next = i + 1;
        let mut piece = t.text(text).to_string();
        // "campaign aides": the staff of the campaign the text named last.
        if i + 1 < cut.end
            && CAMPAIGN_STAFF.contains(&a.w(i + 1))
            && bare_campaign_word(a, &cut, i)
            && let Some(surname) = (i > 0 && matches!(a.w(i - 1), "a" | "an" | "one"))
                .then(|| subject_in_sentence(r, cut.start))
                .flatten()
                .or_else(|| recent_campaign(r, cut.start))
        {
            piece = format!("{surname} {piece}");
        }
        // "police": the name the text gives the noun elsewhere ("Dunmore County police").
        if Some(i) == bare_noun
            && let Some(name) = noun_modifier(r, a.w(i), cut.start)
        {
            piece = format!("{name} {piece}");
        }
        if let Some(e) = a.entity_at(i) {
            let ent = &a.entities[e];
            let end = ent.tokens.end.min(cut.end);
            let possessive = matches!(a.w(end - 1), "'s" | "'")
                || end < cut.end && matches!(a.w(end), "'s" | "'");
            let alone = i == cut.start && end == cut.end;
            let object = person_object(a, &cut, i);
            if let Some(p) =
                r.people.of_entity[e].filter(|_| possessive || alone || coordinated || object)
            {
                // A possessor's or a coordinated person's canonical name in place of the words
                // naming them; a name modifying a noun stays as written ("Carson advisers").
                piece = r.people.people[p].canonical();
                next = end;
                if matches!(a.w(next - 1), "'s" | "'") {
                    piece.push_str("'s");
                }
                // The possessor's roles before the name go with it ("Libertarian presidential
                // candidate Tom Keller's doctor" → Tom Keller's doctor).
                let roles_before = i > cut.start
                    && (cut.start..i).all(|k| {
                        a.entity_at(k)
                            .is_none_or(|x| a.entities[x].kind == EntityType::Misc)
                            && !a.is_punct(k)
                            && matches!(a.pos[k], "JJ" | "NN" | "NNP")
                    });
                if possessive && roles_before {
                    out.clear();
                }
                named_words += 1;
            } else if let Some((name, acronym)) = r.people.org(e)
                && (!acronym || possessive)
            {
                // An organisation by its fullest name ("a spokeswoman for Janney Montgomery
                // Scott"); an acronym modifying a noun stays as written ("RNC members"), and
                // so does a name whose first words the description already gives ("super
                // PACs" for "Super PACs").
                let written = a.text[a.span(&(i..end))].to_lowercase();
                let before = name
                    .to_lowercase()
                    .strip_suffix(&written)
                    .map(|b| b.trim_end().to_string());
                let repeated = before.is_some_and(|b| {
                    !b.is_empty() && out.trim_end().to_lowercase().ends_with(b.as_str())
                });
                if !repeated {
                    piece = name.to_string();
                }
                if matches!(a.w(end - 1), "'s" | "'") {
                    piece.push_str("'s");
                }
                next = end;
                // A name the text goes on to write in full ("U.S. Court of Appeals" "for the
                // Fifth Circuit") is not written twice.
                let from = a.span(&(i..i + 1)).start;
                if !repeated && name.len() > written.len() && a.text[from..].starts_with(name) {
                    let after = a.token_at_or_after(from + name.len());
                    if after <= cut.end {
                        next = after.max(end);
                    }
                }
                named_words += 1;
            } else if ent.kind != EntityType::Misc {
                named_words += 1;
            }
        } else if let Some((gender, possessive)) = person_pronoun(a, i, &cut, coordinated) {
            // "his allies", "many of her supporters", "those close to him": the person the
            // pronoun is.
            if let Some((p, _)) = r.pronoun(i, gender) {
                let name = r.people.people[p].canonical();
                piece = if possessive {
                    format!("{name}'s")
                } else {
                    name
                };
            }
        }
        // An adjective taking the phrase after it ("those close to him") is content whatever
        // its tag.
        if a.pos[i].starts_with("NN")
            || a.pos[i] == "CD"
            || a.pos[i] == "JJ"
            || matches!(a.w(i), "close" | "familiar" | "loyal")
        {
            content_words += 1;
        }
        out.push_str(&piece);
        last_end = Some(tokens[next - 1].end);
        i = next;
    }
    if content_words == 0 {
        return super::unresolved();
    }
    // Possessive "'s" joins its word.
    let out = out.replace(" 's", "'s").replace(" '", "'");

    // The noun a postmodifier follows is the head of the type ("a person familiar with the
    // talks" is a person).
    let (head, head_word) = match (cut.start + 1..end).find(|&i| POSTMODIFIERS.contains(&a.w(i))) {
        Some(k) if a.pos[k - 1].starts_with("NN") => (k - 1, a.w(k - 1)),
        _ => (head, head_word),
    };
    // So does a common noun before a preposition ("Critics of the plan" are a group, "a
    // spokesman for the ministry" a person); "one of" them is one person.
    let prep = (cut.start + 1..end).find(|&i| matches!(a.pos[i], "IN" | "TO"));
    let (head, head_word, one) = match prep {
        Some(k) if a.w(k) == "of" && a.w(k - 1) == "one" => (head, head_word, true),
        Some(k)
            if matches!(a.pos[k - 1], "NN" | "NNS")
                && a.entity_at(k - 1).is_none()
                && !PART_OF.contains(&a.w(k - 1)) =>
        {
            (k - 1, a.w(k - 1), false)
        }
        _ => (head, head_word, false),
    };
    let plural = !one && a.pos[head].ends_with('S')
        || (cut.start..head).any(|i| a.w(i) == "and")
        || a.pos[head] == "CD"
        || head_word == "%";
    let proper = cut.clone().all(|i| {
        a.pos[i] == "NNP" || a.is_punct(i) || a.entity_at(i).is_some() && a.pos[i] != "DT"
    });
    let (kind, named) = if one {
        (SpeakerType::Per, false)
    } else if DOC_NOUNS.contains(&head_word) {
        (SpeakerType::Doc, false)
    } else if plural {
        (SpeakerType::Group, false)
    } else if proper && named_words + 1 >= cut.len().min(2) {
        (SpeakerType::Org, true)
    } else if ORG_NOUNS.contains(&head_word) {
        (SpeakerType::Org, false)
    } else {
        (SpeakerType::Per, false)
    };
    if let Some((population, of)) = share_population(a, &cut) {
        let joint = if of { " of " } else { " " };
        let speaker = Speaker {
            name: format!("{out}{joint}{population}"),
            kind: SpeakerType::Group,
            named: false,
            certainty: SieveId::SharePopulation.certainty(),
        };
        return (speaker, SieveId::SharePopulation);
    }
    (
        Speaker {
            name: out,
            kind,
            named,
            certainty: SieveId::Description.certainty(),
        },
        SieveId::Description,
    )
}

/// People named together ("Presidential candidates Ann Lee and Tom Hale", "Sens. Ann Lee
/// (D-Ohio) and Tom Hale (R-Ky.)", "former Gov. Ann Lee and Mayor Tom Hale"): each member of the
/// list a person named last in it, with only titles, roles and other names before the name and
/// at most a bracket after it. The speaker is the people's canonical names ("Ann Lee and Tom
/// Hale"), the roles dropped. A party tag between commas ("Ann Lee, R-Ohio, and …") and a
/// closing "all" or "both" are no member. None when any member is another kind of phrase ("Mr.
/// Lee and his advisers", "lawyers for Ann Lee and Tom Hale").
pub(super) fn named_people(r: &Resolver, m: &Range<usize>) -> Option<Speaker> {
    let a = r.a;
    let mut names: Vec<String> = Vec::new();
    let mut joined = false;
    let mut from = m.start;
    let mut depth = 0usize;
    for i in m.start..=m.end {
        if i < m.end {
            match a.word(i) {
                "(" => depth += 1,
                ")" => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth > 0 || !matches!(a.w(i), "," | "and") {
                continue;
            }
            joined |= a.w(i) == "and";
        }
        if i > from
            && let Some(name) = member_name(r, from..i, i == m.end)?
            && !names.contains(&name)
        {
            names.push(name);
        }
        from = i + 1;
    }
    if !joined || names.len() < 2 {
        return None;
    }
    let last = names.pop()?;
    Some(Speaker {
        name: format!("{} and {last}", names.join(", ")),
        kind: SpeakerType::Group,
        named: true,
        certainty: SieveId::NamedGroup.certainty(),
    })
}

/// The canonical name of the person one member of a list names (`Some(None)` for a party tag,
/// no member), or None when the member is not a person named with roles before the name.
fn member_name(r: &Resolver, member: Range<usize>, last: bool) -> Option<Option<String>> {
    let a = r.a;
    let mut end = member.end;
    if last && end > member.start + 1 && matches!(a.w(end - 1), "all" | "both") {
        end -= 1;
    }
    // A bracket after the name ("(D-Ohio)").
    if a.word(end - 1) == ")" {
        end = (member.start..end).rev().find(|&k| a.word(k) == "(")?;
    }
    if end <= member.start + 3 && is_party_tag(&a.text[a.span(&(member.start..end))]) {
        return Some(None);
    }
    let e = a.entity_at(end.checked_sub(1)?)?;
    let p = r.people.of_entity[e]?;
    let start = a.entities[e].tokens.start;
    if start < member.start || a.entities[e].tokens.end != end {
        return None;
    }
    let roles = (member.start..start).all(|k| {
        let w = a.w(k);
        is_title(a.word(k))
            || matches!(w, "both" | "former" | "fellow")
            || a.entity_at(k)
                .is_none_or(|x| a.entities[x].kind != EntityType::Per)
                && matches!(a.pos[k], "JJ" | "NN" | "NNS" | "NNP" | "NNPS")
            || w == "of" && k + 1 < start && a.word(k + 1).starts_with(char::is_uppercase)
            || a.word(k) == "."
    });
    roles.then(|| Some(r.people.people[p].canonical()))
}

/// A party and state tag ("R-Ky.", "D-N.J."): a capital, a hyphen, a capitalised place, no
/// space.
fn is_party_tag(w: &str) -> bool {
    let mut parts = w.splitn(2, '-');
    let (Some(party), Some(place)) = (parts.next(), parts.next()) else {
        return false;
    };
    party.len() == 1
        && party.chars().all(|c| c.is_ascii_uppercase())
        && !place.contains(char::is_whitespace)
        && place.starts_with(|c: char| c.is_ascii_uppercase())
}

/// The gender of a third-person pronoun at `i` that a description names the person of, and
/// whether it is possessive: a possessive opening the phrase or modifying a noun, "his allies",
/// "many of her supporters", but not beside that person named, "Mr. Lund and his advisers"; or
/// an object after a preposition, "those close to him".
fn person_pronoun(
    a: &Analysis,
    i: usize,
    cut: &Range<usize>,
    coordinated: bool,
) -> Option<(Gender, bool)> {
    let w = a.w(i);
    let possessive =
        (i == cut.start || !coordinated && a.pos[i] == "PRP$") && matches!(w, "his" | "her");
    let object = i > cut.start && matches!(a.pos[i - 1], "IN" | "TO") && matches!(w, "him" | "her");
    if !possessive && !object {
        return None;
    }
    let gender = if matches!(w, "his" | "him") {
        Gender::Male
    } else {
        Gender::Female
    };
    Some((gender, possessive))
}
