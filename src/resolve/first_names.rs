//! Placeholder replaced by the first-name table module.
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

#[derive(Debug, Default)]
pub struct FirstNames {
    map: HashMap<String, u8>,
}

impl FirstNames {
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut map = HashMap::new();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let (name, share) = line
                .split_once('\t')
                .ok_or_else(|| format!("line {}: expected name<TAB>share", n + 1))?;
            let share: f32 = share
                .trim()
                .parse()
                .map_err(|_| format!("line {}: bad share", n + 1))?;
            map.insert(name.to_lowercase(), (share * 100.0).round() as u8);
        }
        Ok(FirstNames { map })
    }
    pub fn load(path: &Path) -> std::io::Result<Self> {
        let text = std::fs::read_to_string(path)?;
        Self::parse(&text).map_err(std::io::Error::other)
    }
    pub fn gender(&self, first_name: &str) -> Option<Gender> {
        let s = *self.map.get(&first_name.to_lowercase())?;
        if s >= 90 {
            Some(Gender::Female)
        } else if s <= 10 {
            Some(Gender::Male)
        } else {
            None
        }
    }
}
