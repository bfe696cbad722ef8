//! Unnamed sources keep their description as the speaker: the mention cut to its head noun and
//! identifying modifiers (no apposition, relative clause or participle), with the names in it
//! made canonical ("Mr. Rubio's advisers" → "Marco Rubio's advisers", "her allies" → "Hillary
//! Clinton's allies"), typed by its head noun.

use std::ops::Range;

use super::first_names::Gender;
use super::{Resolver, SieveId};
use crate::analysis::Analysis;
use crate::lexicon::{DAYS, DOC_NOUNS, ORG_NOUNS, TIME_NOUNS};
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

/// "Mr. Kasich's campaign", "the Clinton campaign": a campaign goes by its candidate's surname.
pub(super) fn campaign(r: &Resolver, m: &Range<usize>) -> Option<(Speaker, SieveId)> {
    let a = r.a;
    let cut = core(a, m);
    if cut.is_empty() || a.w(cut.end - 1) != "campaign" {
        return None;
    }
    let p = cut
        .clone()
        .filter_map(|i| a.entity_at(i))
        .find_map(|e| r.people.of_entity[e])?;
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

/// The description of mention `m`, or an unknown speaker when nothing is left of it.
pub(super) fn describe(r: &mut Resolver, m: &Range<usize>) -> (Speaker, SieveId) {
    let a = r.a;
    let cut = core(a, m);
    if cut.is_empty() {
        return super::unresolved();
    }
    let end = cut.end;
    let head = end - 1;
    let head_word = a.w(head);

    let coordinated = cut
        .clone()
        .any(|i| a.w(i) == "and" && a.entity_at(i).is_none());
    let text = a.text;
    let tokens = &a.seg.tokens;
    let mut out = String::new();
    let mut i = cut.start;
    let mut last_end: Option<usize> = None;
    let mut named_words = 0;
    let mut content_words = 0;
    while i < cut.end {
        let t = &tokens[i];
        if let Some(prev) = last_end {
            out.push_str(if t.start > prev { " " } else { "" });
        }
        let mut next = i + 1;
        let mut piece = text[t.start..t.end].to_string();
        if let Some(e) = a.entity_at(i) {
            let ent = &a.entities[e];
            let end = ent.tokens.end.min(cut.end);
            let possessive = matches!(a.w(end - 1), "'s" | "'")
                || end < cut.end && matches!(a.w(end), "'s" | "'");
            let alone = i == cut.start && end == cut.end;
            if let Some(p) = r.people.of_entity[e].filter(|_| possessive || alone || coordinated) {
                // A possessor's or a coordinated person's canonical name in place of the words
                // naming them; a name modifying a noun stays as written ("Carson advisers").
                piece = r.people.people[p].canonical();
                next = end;
                if matches!(a.w(next - 1), "'s" | "'") {
                    piece.push_str("'s");
                }
                named_words += 1;
            } else if let Some((name, _)) = r.people.org(e) {
                // An organisation by its fullest name ("a spokeswoman for Janney Montgomery
                // Scott").
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
