//! Byte offsets (Rust string indices) to code-point offsets (Python string indices), converted once
//! at the output boundary.

/// Converts byte offsets of one text to code-point offsets.
pub struct CharOffsets {
    /// Code-point offset of each byte position that starts a character (and of the end).
    table: Vec<u32>,
}

impl CharOffsets {
    /// The table for `text`.
    pub fn new(text: &str) -> Self {
        let mut table = vec![0u32; text.len() + 1];
        let mut n = 0u32;
        for (i, c) in text.char_indices() {
            for b in 0..c.len_utf8() {
                table[i + b] = n;
            }
            n += 1;
        }
        table[text.len()] = n;
        CharOffsets { table }
    }

    /// The code-point offset of byte offset `b` (which must be a character boundary).
    pub fn char_at(&self, b: usize) -> usize {
        self.table[b] as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_code_points() {
        let s = "a“b”é";
        let o = CharOffsets::new(s);
        assert_eq!(o.char_at(0), 0);
        assert_eq!(o.char_at(1), 1);
        assert_eq!(o.char_at(4), 2);
        assert_eq!(o.char_at(s.len()), 5);
    }
}
