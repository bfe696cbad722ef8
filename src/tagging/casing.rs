//! How a word is usually written in running text. A capitalised word whose lower-case form is
//! common ("Late" in a headline) is rarely a name; one never seen in lower case often is.

use std::collections::HashMap;

use super::features::TokenInfo;
use super::hash::{IdHasher, hash_str};

/// Per lower-cased word: bucketed counts of lower-case uses and of capitalised uses that did not
/// start a sentence, packed as `lower_bucket << 4 | capital_bucket`.
#[derive(Debug, Clone, Default)]
pub struct CasingStats {
    pub buckets: HashMap<u64, u8, IdHasher>,
}

fn bucket(n: u32) -> u8 {
    match n {
        0 => 0,
        1 => 1,
        2..=4 => 2,
        5..=19 => 3,
        20..=99 => 4,
        _ => 5,
    }
}

/// The key of a word: the hash of its lower-case form.
pub fn key(lower: &str) -> u64 {
    hash_str(7, lower)
}

impl CasingStats {
    /// Counts casing over sentences of running text (headline-like sentences are skipped: their
    /// capitals say nothing).
    pub fn build<'a>(sentences: impl Iterator<Item = &'a [TokenInfo]>) -> Self {
        let mut counts: HashMap<u64, (u32, u32)> = HashMap::new();
        for s in sentences {
            if super::features::is_headline(s) {
                continue;
            }
            for (i, t) in s.iter().enumerate() {
                let first = t.norm.chars().next();
                let c = counts.entry(t.h_casing).or_default();
                match first {
                    Some(ch) if ch.is_lowercase() => c.0 += 1,
                    Some(ch) if ch.is_uppercase() && i > 0 => c.1 += 1,
                    _ => {}
                }
            }
        }
        let buckets = counts
            .into_iter()
            .map(|(k, (lower, cap))| (k, bucket(lower) << 4 | bucket(cap)))
            .filter(|&(_, b)| b != 0)
            .collect();
        CasingStats { buckets }
    }

    /// The packed buckets of a word (0 when never seen).
    pub fn get(&self, t: &TokenInfo) -> u8 {
        self.buckets.get(&t.h_casing).copied().unwrap_or(0)
    }
}
