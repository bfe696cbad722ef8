//! Views over the records of many documents: a run-wide key per speaker ([`speaker_id`]), the
//! table of who is quoted ([`speakers`]), and the same words attributed to different speakers in
//! different documents ([`conflicts`]).
//!
//! The key is a pure function of one record's `speaker`, `speaker_type` and `speaker_named`, so
//! that it is the same whatever the order of the documents, the number of threads, or the run
//! that produced the record: records written by separate runs can be joined on it. Merging by
//! what a whole corpus holds (a bare "Trump" as the one full name of that surname the corpus
//! gives) would change a record's key when other documents are added; that step stays in the
//! resolver, which names a person by the fullest form of the document and, for a surname alone,
//! by the known-names table.

pub mod conflicts;
pub mod speakers;

use crate::lexicon::{FEMALE_TITLES, MALE_TITLES, NAME_SUFFIXES, TITLE_ABBREVIATIONS, TITLES};
use crate::record::SpeakerType;

/// The run-wide key of a speaker: `per:donald-trump` for a named speaker ("Donald J. Trump",
/// "Donald Trump", "Mr. Trump" resolved to Donald Trump, "DONALD TRUMP JR." minus the suffix
/// all give that key), `group~republican-officials` for an unnamed source's description, and
/// the empty string for an unresolved speaker.
///
/// The name is folded to lower case, accents are dropped from Latin letters, full stops and
/// apostrophes are removed ("U.S." → "us", "O'Rourke" → "orourke") and other punctuation
/// separates words; a person's name loses its leading titles, its middle initials and its
/// generational suffix; a description loses a leading article ("the", "a").
pub fn speaker_id(speaker: &str, kind: SpeakerType, named: bool) -> String {
    let mut words = words(speaker);
    if named && kind == SpeakerType::Per {
        while words.len() > 1 && is_title(&words[0]) {
            words.remove(0);
        }
        while words.len() > 1 && NAME_SUFFIXES.contains(&words[words.len() - 1].as_str()) {
            words.pop();
        }
        // Middle initials: "donald j trump" → "donald trump".
        let last = words.len().saturating_sub(1);
        let mut i = 0;
        words.retain(|w| {
            let keep = i == 0 || i == last || w.chars().count() > 1;
            i += 1;
            keep
        });
    }
    if !named || kind != SpeakerType::Per {
        while words.len() > 1 && matches!(words[0].as_str(), "the" | "a" | "an") {
            words.remove(0);
        }
    }
    if words.is_empty() {
        return String::new();
    }
    let kind = kind.as_str().to_ascii_lowercase();
    let sep = if named { ':' } else { '~' };
    format!("{kind}{sep}{}", words.join("-"))
}

fn is_title(w: &str) -> bool {
    TITLES.contains(&w)
        || MALE_TITLES.contains(&w)
        || FEMALE_TITLES.contains(&w)
        || TITLE_ABBREVIATIONS.iter().any(|(a, _)| *a == w)
}

/// The words of a name or of quoted text, normalised: lower case, Latin accents dropped, full
/// stops and apostrophes removed, any other character that is not a letter or digit a break.
pub(crate) fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if matches!(c, '.' | '\'' | '’' | '‘' | '`' | 'ʼ') {
            continue;
        }
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                cur.push(fold(l));
            }
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A lower-case Latin letter without its accent ("é" → "e"); other characters as they are.
fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => 'i',
        'ł' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' => 's',
        'ť' | 'ţ' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use SpeakerType::*;

    #[test]
    fn one_key_for_the_forms_of_a_name() {
        let key = speaker_id("Donald J. Trump", Per, true);
        assert_eq!(key, "per:donald-trump");
        assert_eq!(speaker_id("Donald Trump", Per, true), key);
        assert_eq!(speaker_id("Mr. Trump", Per, true), "per:trump");
        assert_eq!(speaker_id("Mr. Donald Trump Jr.", Per, true), key);
        assert_eq!(speaker_id("DONALD  TRUMP", Per, true), key);
        assert_eq!(
            speaker_id("Sen. Beto O’Rourke", Per, true),
            "per:beto-orourke"
        );
        assert_eq!(speaker_id("Beto O'Rourke", Per, true), "per:beto-orourke");
        assert_eq!(speaker_id("José Núñez", Per, true), "per:jose-nunez");
        // A first initial stays: "J. Smith" is not "Smith".
        assert_eq!(speaker_id("J. K. Rowling", Per, true), "per:j-rowling");
    }

    #[test]
    fn type_and_naming_are_part_of_the_key() {
        assert_eq!(
            speaker_id("the U.S. Chamber of Commerce", Org, true),
            "org:us-chamber-of-commerce"
        );
        assert_eq!(
            speaker_id("Republican officials", Group, false),
            "group~republican-officials"
        );
        assert_eq!(speaker_id("a senior aide", Per, false), "per~senior-aide");
        assert_ne!(
            speaker_id("Trump", Per, true),
            speaker_id("Trump", Org, true)
        );
        // Titles are not stripped from descriptions or organisations.
        assert_eq!(speaker_id("President Obama", Per, true), "per:obama");
        assert_eq!(speaker_id("the president", Per, false), "per~president");
        assert_eq!(speaker_id("", Unknown, false), "");
        assert_eq!(speaker_id("“ ”", Per, true), "");
    }
}
