//! Unnamed sources keep their description as the speaker: the mention cut to its head noun and
//! identifying modifiers (no apposition, relative clause or participle), with the names in it
//! made canonical ("Mr. Rubio's advisers" → "Marco Rubio's advisers", "her allies" → "Hillary
//! Clinton's allies"), typed by its head noun.

use std::ops::Range;

use super::first_names::Gender;
use super::people::is_title;
use super::{Resolver, SieveId};
use crate::analysis::Analysis;
use crate::lexicon::{DAYS, DOC_NOUNS, ORG_NOUNS, PASSING_MODIFIERS, TIME_NOUNS};
use crate::ner::EntityType;
use crate::record::{Speaker, SpeakerType};

/// The core of a mention: cut before an apposition, a relative clause or a participle, and
/// trailing punctuation ("Wilcox and Beruff, a Sarasota Republican," → "Wilcox and Beruff").
pub(super) fn core(a: &Analysis, m: &Range<usize>) -> Range<usize> {
    let mut end = m.end;
    for i in m.start + 1..m.end {
        let w = a.w(i);
        // A time after the head is not part of the description ("a poll last week", "the report
        // published Tuesday").
        let time = DAYS.contains(&w)
            || (matches!(
                w,
                "last" | "this" | "next" | "earlier" | "later" | "late" | "early"
            ) && (i + 1..m.end.min(i + 3)).any(|k| TIME_NOUNS.contains(&a.w(k))))
            || (matches!(w, "published" | "released" | "issued")
                && i + 1 < m.end
                && DAYS.contains(&a.w(i + 1)));
        if time
            || matches!(
                w,
                "," | "who" | "which" | "that" | "whose" | "speaking" | "(" | "--" | "—"
            )
        {
            end = i;
            break;
        }
    }
    while end > m.start && a.is_punct(end - 1) && !matches!(a.w(end - 1), "%" | "'s" | "'") {
        end -= 1;
    }
    m.start..end
}

/// "Mr. Kasich's campaign", "the Clinton campaign", "her campaign", "the Okafor camp": a
/// campaign goes by its candidate's surname.
pub(super) fn campaign(r: &mut Resolver, m: &Range<usize>) -> Option<(Speaker, SieveId)> {
    let a = r.a;
    let cut = core(a, m);
    if cut.is_empty() || !matches!(a.w(cut.end - 1), "campaign" | "camp") {
        return None;
    }
    let named = cut
        .clone()
        .filter_map(|i| a.entity_at(i))
        .find_map(|e| r.people.of_entity[e]);
    let p = match named {
        Some(p) => p,
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

/// "the survey by the Meridian Institute" → "Meridian Institute survey"; "an email from Dana
/// Whitlock" → "Dana Whitlock's email": a document made by a named author goes by that name.
fn authored(r: &Resolver, cut: &Range<usize>) -> Option<(String, SpeakerType)> {
    let a = r.a;
    let by = (cut.start + 1..cut.end).find(|&i| matches!(a.w(i), "by" | "from"))?;
    let noun = by - 1;
    if !DOC_NOUNS.contains(&a.w(noun)) || a.entity_at(noun).is_some() {
        return None;
    }
    // The author's name, after at most a short description ("by the consulting firm Brightline").
    let e = (by + 1..cut.end.min(by + 5)).find_map(|i| a.entity_at(i))?;
    let ent = &a.entities[e];
    let between_is_common = (by + 1..ent.tokens.start)
        .all(|i| a.word(i).starts_with(char::is_lowercase) && !a.is_punct(i));
    if !between_is_common || ent.tokens.end < cut.end && !matches!(a.w(ent.tokens.end), "in" | "on")
    {
        return None;
    }
    // The noun and its modifiers, without the determiner and the passing words.
    let words: Vec<&str> = (cut.start..=noun)
        .filter(|&i| !matches!(a.w(i), "the" | "a" | "an" | "this" | "that"))
        .filter(|&i| !PASSING_MODIFIERS.contains(&a.w(i)))
        .map(|i| a.word(i))
        .collect();
    let author = if let Some(p) = r.people.of_entity[e] {
        format!("{}'s", r.people.people[p].canonical())
    } else if let Some((name, _)) = r.people.org(e) {
        name.to_string()
    } else {
        return None;
    };
    Some((format!("{author} {}", words.join(" ")), SpeakerType::Doc))
}

/// The description of mention `m`, or an unknown speaker when nothing is left of it.
/// Whether the name at token `i` of a description is the object of "for", "of" or "to", past its
/// titles ("a spokesman for Mr. Kane", "the wife of Tom Reyes"): it then names a person in full.
fn person_object(a: &Analysis, cut: &Range<usize>, i: usize) -> bool {
    let mut k = i;
    while k > cut.start && is_title(a.word(k - 1)) {
        k -= 1;
    }
    k > cut.start && matches!(a.w(k - 1), "for" | "of" | "to")
}

pub(super) fn describe(r: &mut Resolver, m: &Range<usize>) -> (Speaker, SieveId) {
    let a = r.a;
    let cut = core(a, m);
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
    let passing = |i: usize| {
        first_name_at.is_some_and(|n| i < n || a.w(i) == "own")
            && a.entity_at(i).is_none()
            && (PASSING_MODIFIERS.contains(&a.w(i))
                || a.w(i) == "most" && i + 1 < head && a.w(i + 1) == "recent")
    };

    let coordinated = cut
        .clone()
        .any(|i| a.w(i) == "and" && a.entity_at(i).is_none());
    let text = a.text;
    let tokens = &a.seg.tokens;
    let mut out = String::new();
    let mut i = cut.start;
    let mut last_end: Option<u32> = None;
    let mut named_words = 0;
    let mut content_words = 0;
    while i < cut.end {
        if passing(i) {
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
            && person_object(a, &cut, a.entities[e].tokens.start)
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
                named_words += 1;
            } else if let Some((name, acronym)) = r.people.org(e)
                && (!acronym || possessive)
            {
                // An organisation by its fullest name ("a spokeswoman for Janney Montgomery
                // Scott"); an acronym modifying a noun stays as written ("RNC members").
                piece = name.to_string();
                if matches!(a.w(end - 1), "'s" | "'") {
                    piece.push_str("'s");
                }
                next = end;
                named_words += 1;
            } else if ent.kind != EntityType::Misc {
                named_words += 1;
            }
        } else if i == cut.start && matches!(a.w(i), "his" | "her") {
            let gender = if a.w(i) == "his" {
                Gender::Male
            } else {
                Gender::Female
            };
            if let Some((p, _)) = r.pronoun(i, gender) {
                piece = format!("{}'s", r.people.people[p].canonical());
            }
        }
        if a.pos[i].starts_with("NN") || a.pos[i] == "CD" || a.pos[i] == "JJ" {
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

    let plural = a.pos[head].ends_with('S')
        || cut.clone().any(|i| a.w(i) == "and")
        || a.pos[head] == "CD"
        || head_word == "%";
    let proper = cut.clone().all(|i| {
        a.pos[i] == "NNP" || a.is_punct(i) || a.entity_at(i).is_some() && a.pos[i] != "DT"
    });
    let (kind, named) = if DOC_NOUNS.contains(&head_word) {
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
