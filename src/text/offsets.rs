//! Byte offsets (Rust string indices) to code-point offsets (Python string indices), converted once
//! at the output boundary.

/// Converts byte offsets of one text to code-point offsets.
pub struct CharOffsets<'t> {
    text: &'t [u8],
    /// The number of code points that start before each block of [`BLOCK`] bytes (and the total
    /// at the end): a conversion counts from there, so the table takes a sixteenth of the text's
    /// size rather than four times it.
    marks: Vec<u32>,
}

/// Bytes per entry of [`CharOffsets::marks`].
const BLOCK: usize = 64;

/// Whether a byte starts a character (is not a UTF-8 continuation byte).
fn starts_char(b: u8) -> bool {
    b & 0xc0 != 0x80
}

fn count_starts(bytes: &[u8]) -> u32 {
    bytes.iter().filter(|&&b| starts_char(b)).count() as u32
}

impl<'t> CharOffsets<'t> {
    /// The table for `text`.
    pub fn new(text: &'t str) -> Self {
        let text = text.as_bytes();
        u32::try_from(text.len()).expect("a document under 4 GB");
        let mut marks = Vec::with_capacity(text.len() / BLOCK + 2);
        let mut n = 0u32;
        for block in text.chunks(BLOCK) {
            marks.push(n);
            n += count_starts(block);
        }
        marks.push(n);
        CharOffsets { text, marks }
    }

    /// The code-point offset of byte offset `b` (a character boundary; a byte inside a
    /// character gives that character's offset).
    pub fn char_at(&self, b: usize) -> usize {
        let k = b / BLOCK;
        let from = k * BLOCK;
        let n = if b < self.text.len() {
            // The characters that start up to and including byte `b`, less the one at `b`.
            self.marks[k] + count_starts(&self.text[from..=b]) - 1
        } else {
            self.marks[k] + count_starts(&self.text[from..b])
        };
        n as usize
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

    /// Every byte offset of texts longer than a block gives what counting from the start gives.
    #[test]
    fn offsets_across_blocks_match_counting() {
        for text in [
            "plain ascii ".repeat(20),
            "“Quoted,” she said — é ü 中文 ".repeat(9),
            "é".repeat(64),
            "a".repeat(128),
            String::new(),
        ] {
            let o = CharOffsets::new(&text);
            for b in 0..=text.len() {
                // The index of the character that holds byte `b` (the count at the end).
                let want = if b == text.len() {
                    text.chars().count()
                } else {
                    text.char_indices().filter(|&(i, _)| i <= b).count() - 1
                };
                assert_eq!(o.char_at(b), want, "{text:?} at {b}");
            }
        }
    }
}
