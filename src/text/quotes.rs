//! Quotation spans from quote marks: “…”, "…", ‘…’, '…', «…», „…“, nested quotes inside outer ones,
//! and quotations running over several paragraphs (each paragraph of a long quote opens with a
//! quote mark; only the last one closes).
//!
//! Apostrophes share code points with single quotes; a single mark counts as a quote mark only
//! where an apostrophe could not stand (`don’t`, `Witkoff’s`, `’90s` and `leaders’` are words).

use crate::text::segment::Paragraph;

/// A quotation inside one paragraph. Offsets are bytes into the document text, as 32-bit numbers
/// (a document is under 4 GB), so that a quote takes 24 bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// Where the opening mark starts.
    pub open: u32,
    /// Content between the marks (or to the paragraph end when the quote stays open).
    pub start: u32,
    pub end: u32,
    /// Where the closing mark ends (`end` when the quote stays open).
    pub close: u32,
    /// Index of the paragraph.
    pub paragraph: u32,
    /// The paragraph ended before the quote closed; it goes on in the next paragraph.
    pub open_ended: bool,
    /// This quote continues an open-ended quote of the previous paragraph.
    pub continues: bool,
    /// Double marks (“ " « „) or single (‘ ').
    pub double: bool,
}

impl Quote {
    /// The byte span of the content (`start..end`).
    pub fn content_span(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The quoted text (`start..end`).
    #[cfg(test)]
    pub fn content<'a>(&self, text: &'a str) -> &'a str {
        &text[self.content_span()]
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mark {
    Open,
    Close,
    /// A straight `"` or a mark that may open or close.
    Either,
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

/// Classifies a double quote mark from its neighbours.
fn double_mark(c: char, prev: Option<char>, next: Option<char>) -> Option<Mark> {
    match c {
        '“' | '„' | '«' => Some(Mark::Open),
        '”' | '»' => Some(Mark::Close),
        '"' | '″' => {
            let before_space = prev.is_none_or(|p| p.is_whitespace() || "([{—–-/".contains(p));
            let after_space = next.is_none_or(|n| n.is_whitespace() || ".,;:!?)]}—–-".contains(n));
            Some(match (before_space, after_space) {
                (true, false) => Mark::Open,
                (false, true) => Mark::Close,
                _ => Mark::Either,
            })
        }
        _ => None,
    }
}

/// Classifies a single quote mark, or `None` when it is an apostrophe.
fn single_mark(c: char, prev: Option<char>, next: Option<char>, rest: &str) -> Option<Mark> {
    if !matches!(c, '‘' | '’' | '\'' | '‚' | '‹' | '›' | '`') {
        return None;
    }
    // Inside a word: an apostrophe (don’t, Witkoff’s, O'Brien).
    if is_word_char(prev) && is_word_char(next) {
        return None;
    }
    let before_space = prev.is_none_or(|p| p.is_whitespace() || "([{—–-/\"“".contains(p));
    let after_space = next.is_none_or(|n| n.is_whitespace() || ".,;:!?)]}—–-\"”".contains(n));
    if before_space && !after_space {
        // ’90s, ’em: elisions at the start of a word.
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 2 || rest.starts_with("em ") || rest.starts_with("tis ") {
            return None;
        }
        return Some(Mark::Open);
    }
    if !before_space && after_space {
        return Some(Mark::Close);
    }
    match c {
        '‘' | '‚' | '‹' => Some(Mark::Open),
        '›' => Some(Mark::Close),
        _ => None,
    }
}

/// Finds the quotations of every paragraph.
pub fn find(text: &str, paragraphs: &[Paragraph]) -> Vec<Quote> {
    let mut out: Vec<Quote> = Vec::new();
    let mut prev_open_ended = false;
    for (pi, p) in paragraphs.iter().enumerate() {
        let first_new = out.len();
        let para_quotes = find_in(text, p.start, p.end, pi);
        let starts_with_quote = para_quotes
            .first()
            .is_some_and(|q| q.open as usize == p.start);
        if out.is_empty() {
            out = para_quotes;
        } else {
            out.extend(para_quotes);
        }
        if prev_open_ended && starts_with_quote {
            out[first_new].continues = true;
        }
        prev_open_ended = out
            .last()
            .is_some_and(|q| q.paragraph as usize == pi && q.open_ended);
    }
    out.shrink_to_fit();
    out
}

/// Quotations of one paragraph `text[start..end]`: double-mark quotes first (single marks inside
/// them are nested quotes, part of the outer one), then single-mark quotes outside them.
fn find_in(text: &str, start: usize, end: usize, paragraph: usize) -> Vec<Quote> {
    let para = &text[start..end];
    // Positions are byte offsets into the paragraph: the character at one, and the one before.
    let at = |i: usize| para.get(i..).and_then(|s| s.chars().next());
    let before = |i: usize| para[..i].chars().next_back();
    let mut quotes = Vec::new();

    // Double marks. Two apostrophes ('') or backticks (``) stand for a double mark in some
    // archives; such a mark is two characters wide.
    let mut open: Option<(usize, usize)> = None; // offset and width in bytes of the opening mark
    let mut i = 0;
    while let Some(c) = at(i) {
        let prev = before(i);
        let pair = match (c, at(i + c.len_utf8())) {
            ('\'', Some('\'')) => Some('"'),
            ('`', Some('`')) => Some('“'),
            _ => None,
        };
        let width = if pair.is_some() { 2 } else { c.len_utf8() };
        let Some(mut mark) = double_mark(pair.unwrap_or(c), prev, at(i + width)) else {
            i += c.len_utf8();
            continue;
        };
        // German style „…“ closes with the mark that opens in English.
        if c == '“' && open.is_some_and(|(o, _)| at(o) == Some('„')) {
            mark = Mark::Close;
        }
        match (open, mark) {
            (None, Mark::Open | Mark::Either) => open = Some((i, width)),
            (Some((o, ow)), Mark::Close | Mark::Either) => {
                quotes.push(make(
                    start + o,
                    start + o + ow,
                    start + i,
                    start + i + width,
                    paragraph,
                    false,
                    true,
                ));
                open = None;
            }
            // A second opening mark while one is open: the first never closed (a typo, or a
            // quote inside a quote in the same style); start again here.
            (Some(_), Mark::Open) => open = Some((i, width)),
            (None, Mark::Close) => {}
        }
        i += width;
    }
    if let Some((o, ow)) = open {
        let e = trim_end(text, start + o + ow, end);
        quotes.push(make(start + o, start + o + ow, e, e, paragraph, true, true));
    }

    // Single marks, outside double-mark quotes. The double-mark quotes are in text order and do
    // not overlap, so one cursor walks them along with the characters.
    let mut next_double = 0;
    let mut singles = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    let mut prev = None;
    for (i, c) in para.char_indices() {
        let before_c = prev;
        prev = Some(c);
        let b = start + i;
        while next_double < quotes.len() && quotes[next_double].close as usize <= b {
            next_double += 1;
        }
        if quotes
            .get(next_double)
            .is_some_and(|q| b >= q.open as usize)
        {
            continue;
        }
        let w = c.len_utf8();
        let rest = &para[i + w..];
        let Some(mark) = single_mark(c, before_c, at(i + w), rest) else {
            continue;
        };
        match (open, mark) {
            (None, Mark::Open) => open = Some((i, w)),
            (Some((o, ow)), Mark::Close | Mark::Either) => {
                singles.push(make(
                    start + o,
                    start + o + ow,
                    b,
                    b + w,
                    paragraph,
                    false,
                    false,
                ));
                open = None;
            }
            (Some(_), Mark::Open) => open = Some((i, w)),
            _ => {}
        }
    }
    // A single quote left open at the paragraph end is only a quote if the paragraph began with it.
    if let Some((o, ow)) = open.filter(|&(o, _)| o == 0) {
        let e = trim_end(text, start + o + ow, end);
        singles.push(make(
            start + o,
            start + o + ow,
            e,
            e,
            paragraph,
            true,
            false,
        ));
    }
    quotes.extend(singles);
    quotes.sort_by_key(|q| q.open);
    quotes.retain(|q| q.end > q.start);
    quotes
}

fn trim_end(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end().len()
}

fn make(
    open: usize,
    start: usize,
    end: usize,
    close: usize,
    paragraph: usize,
    open_ended: bool,
    double: bool,
) -> Quote {
    let offset = |x: usize| u32::try_from(x).expect("a document under 4 GB");
    Quote {
        open: offset(open),
        start: offset(start),
        end: offset(end),
        close: offset(close),
        paragraph: offset(paragraph),
        open_ended,
        continues: false,
        double,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::segment::segment;

    fn contents(text: &str) -> Vec<String> {
        let seg = segment(text);
        find(text, &seg.paragraphs)
            .iter()
            .map(|q| q.content(text).to_string())
            .collect()
    }

    #[test]
    fn all_styles() {
        assert_eq!(contents("He said “yes,” then left."), vec!["yes,"]);
        assert_eq!(
            contents("He said \"yes,\" then \"no.\""),
            vec!["yes,", "no."]
        );
        assert_eq!(
            contents("She called it ‘a disgrace’ today."),
            vec!["a disgrace"]
        );
        assert_eq!(
            contents("She called it 'a disgrace' today."),
            vec!["a disgrace"]
        );
        assert_eq!(contents("Il a dit «non» hier."), vec!["non"]);
        assert_eq!(contents("Er sagte „nein“ gestern."), vec!["nein"]);
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(contents("Witkoff’s plan doesn’t work in the ’90s style.").is_empty());
        assert!(contents("The leaders’ plan and O'Brien's view.").is_empty());
        assert_eq!(contents("The leaders’ plan was ‘bold’."), vec!["bold"]);
    }

    #[test]
    fn nested_quotes_are_one_quote() {
        let t = "“Ukraine ‘leadership’ has expressed zero gratitude,” he wrote.";
        assert_eq!(
            contents(t),
            vec!["Ukraine ‘leadership’ has expressed zero gratitude,"]
        );
    }

    #[test]
    fn doubled_apostrophes_are_double_quotes() {
        let t = "''Many people took a 'head in the sand' approach,'' he said. ``Yes.''";
        assert_eq!(
            contents(t),
            vec!["Many people took a 'head in the sand' approach,", "Yes."]
        );
    }

    #[test]
    fn quotes_run_over_paragraphs() {
        let t = "She said: “We have been clear.\n\n“It does require work.”\n\nNext paragraph.";
        let seg = segment(t);
        let q = find(t, &seg.paragraphs);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].content(t), "We have been clear.");
        assert!(q[0].open_ended && !q[0].continues);
        assert_eq!(q[1].content(t), "It does require work.");
        assert!(q[1].continues && !q[1].open_ended);
    }
}
