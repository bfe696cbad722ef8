//! The full name a bare surname most often stands for in news (`models/known-names.tsv`, built
//! by `scripts/build-known-names.sh` from a news corpus): used only when a document names a
//! person by surname and never gives the full name ("President Obama" → Barack Obama).

use std::collections::HashMap;
use std::path::Path;

/// File name of the shipped table.
pub const FILE_NAME: &str = "known-names.tsv";

/// Lower-case surname → full name.
#[derive(Debug, Default)]
pub struct KnownNames {
    by_surname: HashMap<String, String>,
}

impl KnownNames {
    /// Reads the table: `surname<TAB>full name<TAB>documents` lines, `#` comments.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut by_surname = HashMap::new();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut fields = line.split('\t');
            let (Some(surname), Some(full)) = (fields.next(), fields.next()) else {
                return Err(format!(
                    "line {}: expected surname<TAB>full name<TAB>documents",
                    n + 1
                ));
            };
            if surname.is_empty() || full.split_whitespace().count() < 2 {
                return Err(format!("line {}: {full:?} is not a full name", n + 1));
            }
            by_surname.insert(surname.to_lowercase(), full.to_string());
        }
        Ok(KnownNames { by_surname })
    }

    /// Reads the table from a file.
    pub fn load(path: &Path) -> std::io::Result<Self> {
        let text = std::fs::read_to_string(path)?;
        Self::parse(&text).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    }

    /// The full name for a surname, if the table knows one.
    pub fn full_name(&self, surname: &str) -> Option<&str> {
        self.by_surname
            .get(&surname.to_lowercase())
            .map(String::as_str)
    }

    /// Whether the table holds no names.
    pub fn is_empty(&self) -> bool {
        self.by_surname.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lines_and_looks_up_any_case() {
        let t = KnownNames::parse("# comment\nlund\tAnders Lund\t7\n").unwrap();
        assert_eq!(t.full_name("Lund"), Some("Anders Lund"));
        assert_eq!(t.full_name("LUND"), Some("Anders Lund"));
        assert_eq!(t.full_name("Berg"), None);
    }

    #[test]
    fn rejects_a_line_without_a_full_name() {
        let e = KnownNames::parse("lund\tLund\t7\n").unwrap_err();
        assert!(e.starts_with("line 1"), "{e}");
        assert!(KnownNames::parse("lund\n").is_err());
    }
}
