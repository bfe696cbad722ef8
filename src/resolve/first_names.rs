//! The first-name gender table: how often a first name was given to girls rather than boys, from
//! the US Social Security Administration's baby-name counts (`models/first-names.tsv`, built by
//! `scripts/build-first-names.sh`; see `models/first-names.md`). Speaker resolution asks it for a
//! person's likely gender when the text gives no evidence (no title, no linked pronoun).
//!
//! The file holds one name a line, `name<TAB>female_share`, the share a decimal from 0 to 1;
//! empty lines and lines starting with `#` are skipped. Names are compared case-insensitively,
//! letters and digits only.

use std::fmt;
use std::path::Path;

/// The table's file name among the shipped models.
pub const FILE_NAME: &str = "first-names.tsv";

/// The share of one sex a name needs before [`FirstNames::gender`] gives it that gender.
pub const DEFAULT_THRESHOLD: f32 = 0.9;

/// A person's likely gender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    /// Mostly given to boys.
    Male,
    /// Mostly given to girls.
    Female,
}

/// A line of the table that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The line, counted from 1.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Lower-case first names and their female share, in percent. The names lie end to end in one
/// string, sorted, found by binary search: about 30,000 names take one allocation of their own
/// length plus 8 bytes a name.
#[derive(Debug, Clone, Default)]
pub struct FirstNames {
    /// Every name, lower case, one after the other in sorted order.
    text: String,
    /// Per name: where it starts in `text`, its length, its female share in percent (0 to 100).
    entries: Vec<(u32, u16, u8)>,
}

impl FirstNames {
    /// Reads the table from its text. A line that is not `name<TAB>share`, with a name of letters
    /// and digits and a share from 0 to 1, or that repeats a name, is an error naming the line.
    pub fn parse(text: &str) -> Result<Self, ParseError> {
        let mut rows: Vec<(String, u8, usize)> = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let err = |message: String| ParseError { line, message };
            let row = raw.trim_end_matches('\r');
            if row.trim().is_empty() || row.starts_with('#') {
                continue;
            }
            let (name, share) = row
                .split_once('\t')
                .ok_or_else(|| err(format!("expected name<TAB>female_share, got {row:?}")))?;
            let name = name.trim();
            if name.is_empty() || !name.chars().all(char::is_alphanumeric) || name.len() > 255 {
                return Err(err(format!("bad name {name:?}")));
            }
            let share: f32 = share
                .trim()
                .parse()
                .map_err(|_| err(format!("bad female share {share:?} for {name:?}")))?;
            if !(0.0..=1.0).contains(&share) {
                return Err(err(format!(
                    "female share {share} for {name:?} is not between 0 and 1"
                )));
            }
            rows.push((name.to_lowercase(), (share * 100.0).round() as u8, line));
        }
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        if let Some(w) = rows.windows(2).find(|w| w[0].0 == w[1].0) {
            return Err(ParseError {
                line: w[0].2.max(w[1].2),
                message: format!("{:?} is listed twice", w[1].0),
            });
        }
        let mut table = FirstNames {
            text: String::with_capacity(rows.iter().map(|r| r.0.len()).sum()),
            entries: Vec::with_capacity(rows.len()),
        };
        for (name, percent, line) in rows {
            let start = u32::try_from(table.text.len()).map_err(|_| ParseError {
                line,
                message: "the table is too large".into(),
            })?;
            table.text.push_str(&name);
            table.entries.push((start, name.len() as u16, percent));
        }
        Ok(table)
    }

    /// Reads and parses the table file; a bad line is an `InvalidData` error naming the file and
    /// the line.
    pub fn load(path: &Path) -> std::io::Result<Self> {
        let text = std::fs::read_to_string(path)?;
        Self::parse(&text).map_err(|e| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{}: {e}", path.display()),
            )
        })
    }

    /// The share of births given this name that were girls' (0 to 1, in hundredths); `None` when
    /// the name is not in the table. Case does not matter, and hyphens, apostrophes and other
    /// marks are dropped as SSA drops them ("Jean-Pierre" is "jeanpierre").
    pub fn female_share(&self, first_name: &str) -> Option<f32> {
        let key: String = first_name
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        let i = self
            .entries
            .binary_search_by(|&(start, len, _)| {
                self.text[start as usize..start as usize + len as usize].cmp(key.as_str())
            })
            .ok()?;
        Some(f32::from(self.entries[i].2) / 100.0)
    }

    /// The name's likely gender when at least [`DEFAULT_THRESHOLD`] (90%) of those given it were
    /// of one sex; `None` for a name given to both (Jordan, Taylor) or not in the table.
    pub fn gender(&self, first_name: &str) -> Option<Gender> {
        self.gender_at(first_name, DEFAULT_THRESHOLD)
    }

    /// As [`gender`](Self::gender), with the share one sex needs (above 0.5, at most 1).
    pub fn gender_at(&self, first_name: &str, threshold: f32) -> Option<Gender> {
        let female = self.female_share(first_name)?;
        // Shares are whole percents: compare in percents so that 0.9 means 90 and not 89.99.
        let (female, need) = ((female * 100.0).round(), (threshold * 100.0).round());
        if need <= 50.0 {
            None
        } else if female >= need {
            Some(Gender::Female)
        } else if 100.0 - female >= need {
            Some(Gender::Male)
        } else {
            None
        }
    }

    /// How many names the table holds.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the table holds no name.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str =
        "# a comment\n\nann\t1.00\nbob\t0.00\njordan\t0.27\nkim\t0.84\nrobin\t0.9\n";

    #[test]
    fn parses_and_looks_up_without_case() {
        let t = FirstNames::parse(SMALL).unwrap();
        assert_eq!(t.len(), 5);
        assert_eq!(t.gender("Ann"), Some(Gender::Female));
        assert_eq!(t.gender("ANN"), Some(Gender::Female));
        assert_eq!(t.gender("bob"), Some(Gender::Male));
        assert_eq!(t.gender("Bob"), Some(Gender::Male));
        assert_eq!(t.female_share("Jordan"), Some(0.27));
        assert_eq!(t.gender("Nobody"), None);
        assert_eq!(t.gender(""), None);
    }

    #[test]
    fn unsorted_input_and_upper_case_names_are_fine() {
        let t = FirstNames::parse("Zoe\t0.99\r\nadam\t0.01\r\nMia\t1\r\n").unwrap();
        assert_eq!(t.gender("zoe"), Some(Gender::Female));
        assert_eq!(t.gender("Adam"), Some(Gender::Male));
        assert_eq!(t.gender("mia"), Some(Gender::Female));
        assert_eq!(t.gender("mi"), None);
        assert_eq!(t.gender("Zo-e"), Some(Gender::Female));
    }

    #[test]
    fn thresholds() {
        let t = FirstNames::parse(SMALL).unwrap();
        // 0.9 exactly is enough at the default threshold; 0.84 is not, but is at 0.8.
        assert_eq!(t.gender("robin"), Some(Gender::Female));
        assert_eq!(t.gender("kim"), None);
        assert_eq!(t.gender_at("kim", 0.8), Some(Gender::Female));
        assert_eq!(t.gender_at("robin", 0.95), None);
        // 0.27 female is 0.73 male: male at 0.7, unknown at 0.9.
        assert_eq!(t.gender("jordan"), None);
        assert_eq!(t.gender_at("jordan", 0.7), Some(Gender::Male));
        // A threshold of one half or less says nothing.
        assert_eq!(t.gender_at("ann", 0.5), None);
    }

    #[test]
    fn parse_errors_name_the_line() {
        let cases = [
            ("ann\t1\nbob 0\n", 2, "expected name<TAB>female_share"),
            ("ann\tx\n", 1, "bad female share"),
            ("# c\nann\t1.5\n", 2, "not between 0 and 1"),
            ("ann\t-0.1\n", 1, "not between 0 and 1"),
            ("ann\tNaN\n", 1, "not between 0 and 1"),
            ("\t0.5\n", 1, "bad name"),
            ("mary ann\t1\n", 1, "bad name"),
            ("mary-ann\t1\n", 1, "bad name"),
            ("ann\t1\nbob\t0\nAnn\t0.9\n", 3, "listed twice"),
        ];
        for (text, line, message) in cases {
            let e = FirstNames::parse(text).unwrap_err();
            assert_eq!(e.line, line, "{text:?}: {e}");
            assert!(e.message.contains(message), "{text:?}: {e}");
            assert!(e.to_string().starts_with(&format!("line {line}: ")));
        }
    }

    #[test]
    fn load_names_the_file() {
        let dir = std::env::temp_dir().join(format!("whosaid-first-names-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("bad.tsv");
        std::fs::write(&path, "ann\t1\nbob\n").unwrap();
        let e = FirstNames::load(&path).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::InvalidData);
        assert!(e.to_string().contains("bad.tsv: line 2:"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(FirstNames::load(&path).is_err());
    }

    #[test]
    fn shipped_table() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("models")
            .join(FILE_NAME);
        let t = FirstNames::load(&path).unwrap();
        assert!(t.len() > 20_000, "{}", t.len());
        assert_eq!(t.gender("Heidi"), Some(Gender::Female));
        assert_eq!(t.gender("Keir"), Some(Gender::Male));
        assert_eq!(t.gender("Donald"), Some(Gender::Male));
        assert_eq!(t.gender("Hillary"), Some(Gender::Female));
        assert_eq!(t.gender("Angela"), Some(Gender::Female));
        assert_eq!(t.gender("Jean-Pierre"), Some(Gender::Male));
        // Given to both.
        assert_eq!(t.gender("Jordan"), None);
        assert_eq!(t.gender("Taylor"), None);
        assert_eq!(t.gender("Casey"), None);
        // Too rare in the US to be listed.
        assert_eq!(t.female_share("Narendra"), None);
    }
}
