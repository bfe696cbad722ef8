//! Paragraphs, sentences and word tokens, every unit carrying byte offsets into the original text.
//!
//! Later stages (quotes, cues, linking) point back into the document, so nothing here ever works on
//! a modified copy of the text. Word tokens follow CoNLL/PTB conventions closely enough that the
//! NER model sees at run time what it saw in training: punctuation and quote marks split off,
//! possessive `'s` and `n't` split, hyphenated words kept whole.

use std::ops::Range;

/// A word token: byte offsets into the document text, as 32-bit numbers (a document is under
/// 4 GB), so that a token takes eight bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Where the token starts.
    pub start: u32,
    /// Where the token ends, exclusive.
    pub end: u32,
}

impl Token {
    /// The token at byte offsets `start..end`.
    pub fn new(start: usize, end: usize) -> Self {
        let offset = |x: usize| u32::try_from(x).expect("a document under 4 GB");
        Token {
            start: offset(start),
            end: offset(end),
        }
    }

    /// The token's byte offsets as a range.
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The token's text in the document.
    pub fn text<'a>(&self, doc: &'a str) -> &'a str {
        &doc[self.range()]
    }
}

/// A sentence: its byte span and the indices of its tokens in [`Segmentation::tokens`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Where the sentence starts.
    pub start: usize,
    /// Where the sentence ends, exclusive.
    pub end: usize,
    /// Indices of its tokens, end exclusive.
    pub tokens: Range<usize>,
}

/// A paragraph: its byte span and the indices of its sentences in [`Segmentation::sentences`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Where the paragraph starts.
    pub start: usize,
    /// Where the paragraph ends, exclusive.
    pub end: usize,
    /// Indices of its sentences, end exclusive.
    pub sentences: Range<usize>,
}

/// The segmentation of one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segmentation {
    /// Paragraphs, in text order.
    pub paragraphs: Vec<Paragraph>,
    /// Sentences of all paragraphs, in text order.
    pub sentences: Vec<Sentence>,
    /// Tokens of all sentences, in text order.
    pub tokens: Vec<Token>,
}

impl Segmentation {
    /// The tokens of sentence `i`.
    pub fn sentence_tokens(&self, i: usize) -> &[Token] {
        &self.tokens[self.sentences[i].tokens.clone()]
    }
}

/// Segments a whole document.
pub fn segment(text: &str) -> Segmentation {
    let mut seg = Segmentation::default();
    for range in paragraph_spans(text) {
        let first_sentence = seg.sentences.len();
        let first_token = seg.tokens.len();
        tokenize_into(text, range.clone(), &mut seg.tokens);
        split_sentences(text, &seg.tokens, first_token, &mut seg.sentences);
        if seg.tokens.len() > first_token {
            seg.paragraphs.push(Paragraph {
                start: range.start,
                end: range.end,
                sentences: first_sentence..seg.sentences.len(),
            });
        }
    }
    // The tables grew by doubling; a long document's stay in memory until it is done.
    seg.tokens.shrink_to_fit();
    seg.sentences.shrink_to_fit();
    seg
}

/// Paragraph byte spans, trimmed of surrounding whitespace. Paragraphs are separated by blank lines;
/// a text without any blank line but with several lines is read as one paragraph per line. A
/// heading line ends its paragraph even without a blank line after it (see [`is_heading`]).
pub fn paragraph_spans(text: &str) -> Vec<Range<usize>> {
    let lines = line_spans(text);
    let has_blank = lines.iter().any(|r| text[r.clone()].trim().is_empty());
    let mut out = Vec::new();
    let mut current: Option<Range<usize>> = None;
    let mut last_line = 0..0;
    for r in lines {
        let line = &text[r.clone()];
        if line.trim().is_empty() {
            out.extend(current.take());
            continue;
        }
        let trimmed = trim_span(text, r);
        let after_heading =
            is_heading(&text[last_line.clone()]) && opens_line(&text[trimmed.clone()]);
        last_line = trimmed.clone();
        match current.as_mut() {
            Some(c) if has_blank && !after_heading => c.end = trimmed.end,
            _ => {
                out.extend(current.take());
                current = Some(trimmed);
            }
        }
    }
    out.extend(current);
    out
}

/// Whether a line is a heading or a name line rather than a piece of wrapped prose: no
/// sentence punctuation at its end, a capital or a dash first, and every word of four letters
/// or more capitalised, at least two of them ("Christie Says He Would Issue A Quarantine",
/// "― Ana Ruiz").
fn is_heading(line: &str) -> bool {
    let line = line.trim();
    let Some(first) = line.chars().next() else {
        return false;
    };
    let Some(last) = line.chars().last() else {
        return false;
    };
    if matches!(last, '.' | '!' | '?' | ',' | ';' | ':') || is_quote_char(last) {
        return false;
    }
    // A name after a dash closes the line: "“…” ― Ana Ruiz".
    if let Some(d) = line.rfind(is_dash) {
        let name: Vec<&str> = line[d..].split_whitespace().skip(1).collect();
        if line[d..].starts_with(|c: char| is_dash(c))
            && d > 0
            && (1..=4).contains(&name.len())
            && name.iter().all(|w| w.starts_with(char::is_uppercase))
        {
            return true;
        }
    }
    if !(first.is_uppercase() || is_dash(first)) {
        return false;
    }
    let long: Vec<&str> = line
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .collect();
    long.len() >= 2
        && long.iter().all(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        })
}

/// Whether a line can open a paragraph: a capital or an opening quotation mark first.
fn opens_line(line: &str) -> bool {
    line.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || is_quote_char(c))
}

fn line_spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            out.push(start..i);
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

fn trim_span(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    (r.start + lead)..(r.end - trail)
}

/// Characters that open or close quotations. Apostrophes share code points with single quotes; the
/// tokenizer decides from context which one it sees.
pub fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '”' | '‘' | '’' | '«' | '»' | '„' | '‚' | '‹' | '›' | '`' | '″'
    )
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '`')
}

fn is_open_bracket(c: char) -> bool {
    matches!(c, '(' | '[' | '{')
}

fn is_close_bracket(c: char) -> bool {
    matches!(c, ')' | ']' | '}')
}

fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '―' | '−')
}

/// Abbreviations (without their period) that keep their period as part of the token. Titles and
/// months rarely end a sentence; the others may, and the sentence splitter decides from context.
const TITLE_ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Maj", "Capt",
    "Cmdr", "Adm", "Sgt", "Cpl", "Pvt", "Rev", "Hon", "Pres", "Supt", "Insp", "Det", "Messrs",
    "Mme", "Mlle", "St", "Ft", "Mt", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Sept", "Oct", "Nov", "Dec", "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat",
    "Sun", "vs", "v", "cf", "approx", "Nos", "Art", "Vol", "Fig", "Ch", "Sec",
];

const OTHER_ABBREVIATIONS: &[&str] = &[
    "Inc", "Corp", "Ltd", "Co", "Jr", "Sr", "Bros", "Plc", "PLC", "Ave", "Blvd", "Rd", "Dept",
    "Univ", "Assn", "etc", "al", "Ky", "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla",
    "Ga", "Ill", "Ind", "Kan", "Kans", "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont",
    "Neb", "Nev", "Okla", "Ore", "Pa", "Penn", "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo",
    "No",
];

/// Whether `word` (without its final period) is an abbreviation that keeps its period.
fn is_abbreviation(word: &str, next_chunk: &str) -> bool {
    if word == "No" || word == "Nos" {
        // "No. 10" is an abbreviation; "He said no." is not.
        return next_chunk.starts_with(|c: char| c.is_ascii_digit());
    }
    if TITLE_ABBREVIATIONS.contains(&word) || OTHER_ABBREVIATIONS.contains(&word) {
        return true;
    }
    is_initialism(word)
}

/// "J", "U.S", "a.m", "U.K": single letters, or letters joined by periods.
fn is_initialism(word: &str) -> bool {
    let mut letters = 0;
    let mut expect_letter = true;
    for c in word.chars() {
        if expect_letter {
            if !c.is_alphabetic() {
                return false;
            }
            letters += 1;
            expect_letter = false;
        } else if c == '.' {
            expect_letter = true;
        } else {
            return false;
        }
    }
    !expect_letter && (letters > 1 || word.chars().next().is_some_and(|c| c.is_uppercase()))
}

/// Whether a token (with its period) is a title-like abbreviation that never ends a sentence.
fn never_ends_sentence(tok: &str) -> bool {
    let Some(word) = tok.strip_suffix('.') else {
        return false;
    };
    if TITLE_ABBREVIATIONS.contains(&word) || word == "No" || word == "Nos" {
        return true;
    }
    // Single initials ("J." in "J. K. Rowling").
    let mut cs = word.chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase())
}

const CLITICS: &[&str] = &[
    "s", "re", "ve", "ll", "m", "d", "S", "RE", "VE", "LL", "M", "D",
];

/// Appends the word tokens of `text[range]` to `out`.
pub fn tokenize_into(text: &str, range: Range<usize>, out: &mut Vec<Token>) {
    let region = &text[range.clone()];
    let mut chunks: Vec<Range<usize>> = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in region.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                chunks.push(range.start + s..range.start + i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        chunks.push(range.start + s..range.end);
    }
    for (k, chunk) in chunks.iter().enumerate() {
        let next = chunks.get(k + 1).map(|r| &text[r.clone()]).unwrap_or("");
        split_chunk(text, chunk.clone(), next, out);
    }
}

/// Splits one whitespace-free chunk into tokens.
fn split_chunk(text: &str, chunk: Range<usize>, next_chunk: &str, out: &mut Vec<Token>) {
    let mut start = chunk.start;
    let mut end = chunk.end;
    let mut tail: Vec<Token> = Vec::new();

    // Leading punctuation: quote marks, brackets, dashes, currency signs, one token each.
    while start < end {
        let s = &text[start..end];
        let c = s.chars().next().unwrap();
        let cl = c.len_utf8();
        if is_apostrophe(c) && is_decade(&s[cl..]) {
            break; // ’90s
        }
        if s.starts_with("...") {
            out.push(Token::new(start, start + 3));
            start += 3;
            continue;
        }
        if s.starts_with("--") {
            let n = s.bytes().take_while(|&b| b == b'-').count();
            out.push(Token::new(start, start + n));
            start += n;
            continue;
        }
        if is_quote_char(c)
            || is_open_bracket(c)
            || is_close_bracket(c)
            || is_dash(c)
            || matches!(
                c,
                '$' | '£' | '€' | '¥' | '#' | '@' | '*' | '•' | '…' | '¿' | '¡'
            )
            || (matches!(c, ',' | ';' | ':' | '!' | '?' | '.')
                && s.len() > cl
                && !next_is_digit(s, cl))
        {
            out.push(Token::new(start, start + cl));
            start += cl;
            continue;
        }
        break;
    }

    // Trailing punctuation, peeled right to left.
    while start < end {
        let s = &text[start..end];
        let c = s.chars().next_back().unwrap();
        let cl = c.len_utf8();
        if s.ends_with("...") && s.len() > 3 {
            tail.push(Token::new(end - 3, end));
            end -= 3;
            continue;
        }
        if c == '.' {
            let word = &s[..s.len() - 1];
            if word.is_empty() {
                break;
            }
            if is_abbreviation(word, next_chunk) {
                break;
            }
            tail.push(Token::new(end - 1, end));
            end -= 1;
            continue;
        }
        // A final apostrophe is a plural possessive ("leaders’") or a closing single quote: its
        // own token either way.
        if is_quote_char(c)
            || is_close_bracket(c)
            || is_open_bracket(c)
            || is_dash(c)
            || matches!(c, ',' | ';' | ':' | '!' | '?' | '…' | '%' | '*')
        {
            tail.push(Token::new(end - cl, end));
            end -= cl;
            continue;
        }
        if c == '-' && s.len() > 1 {
            tail.push(Token::new(end - 1, end));
            end -= 1;
            continue;
        }
        break;
    }

    // Clitics: n't, 's, 're, 've, 'll, 'm, 'd.
    if start < end {
        let s = &text[start..end];
        if let Some(pos) = clitic_split(s) {
            split_inner(text, start, start + pos, out);
            out.push(Token::new(start + pos, end));
        } else {
            split_inner(text, start, end, out);
        }
    }
    out.extend(tail.into_iter().rev());
}

fn next_is_digit(s: &str, at: usize) -> bool {
    s[at..].starts_with(|c: char| c.is_ascii_digit())
}

/// `90s`, `60's`: what follows a decade apostrophe.
fn is_decade(rest: &str) -> bool {
    let digits = rest.bytes().take_while(|b| b.is_ascii_digit()).count();
    let after = rest[digits..].strip_prefix('s').unwrap_or(&rest[digits..]);
    digits == 2 && !after.starts_with(char::is_alphanumeric)
}

/// Byte position where a clitic starts, if the word ends in one.
fn clitic_split(s: &str) -> Option<usize> {
    for nt in ["n't", "n’t", "n`t"] {
        if s.len() > nt.len()
            && s.as_bytes()[s.len() - nt.len()..].eq_ignore_ascii_case(nt.as_bytes())
        {
            return Some(s.len() - nt.len());
        }
    }
    // Find the last apostrophe; the rest must be a clitic and something must precede it.
    let (pos, ap) = s.char_indices().rev().find(|&(_, c)| is_apostrophe(c))?;
    let rest = &s[pos + ap.len_utf8()..];
    if pos > 0 && CLITICS.contains(&rest) {
        let before = s[..pos].chars().next_back()?;
        if before.is_alphanumeric() {
            return Some(pos);
        }
    }
    None
}

/// Splits the inside of a chunk on characters that are never word-internal: em dashes, double
/// hyphens, slashes between words stay, commas split unless between digits.
fn split_inner(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let s = &text[start..end];
    // Most words hold no character that could split them: one token, without the scan below.
    if s.bytes()
        .all(|b| b.is_ascii() && !b",;!?\"()[]:-".contains(&b))
    {
        if !s.is_empty() {
            out.push(Token::new(start, end));
        }
        return;
    }
    let mut tok_start = 0;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        let prev = if k > 0 { Some(chars[k - 1].1) } else { None };
        let next = chars.get(k + 1).map(|&(_, c)| c);
        let digit_both =
            prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
        let splits_alone = is_dash(c)
            || c == '…'
            || (matches!(
                c,
                ',' | ';' | '!' | '?' | '"' | '“' | '”' | '(' | ')' | '[' | ']'
            ) && !digit_both)
            || (c == ':' && !digit_both && next.is_some_and(|n| !n.is_ascii_digit()));
        let double_hyphen = c == '-' && next == Some('-');
        if splits_alone || double_hyphen {
            if i > tok_start {
                out.push(Token::new(start + tok_start, start + i));
            }
            let mut j = k + 1;
            if double_hyphen {
                while j < chars.len() && chars[j].1 == '-' {
                    j += 1;
                }
            }
            let tok_end = chars.get(j).map(|&(p, _)| p).unwrap_or(s.len());
            out.push(Token::new(start + i, start + tok_end));
            tok_start = tok_end;
            k = j;
            continue;
        }
        k += 1;
    }
    if tok_start < s.len() {
        out.push(Token::new(start + tok_start, end));
    }
}

fn is_terminal(tok: &str) -> bool {
    matches!(tok, "." | "!" | "?" | "..." | "…" | "?!" | "!?")
}

fn is_closing(tok: &str) -> bool {
    matches!(tok, "”" | "’" | "\"" | "'" | "»" | ")" | "]" | "}" | "“")
}

/// Words that commonly start a sentence: after a period-final abbreviation such as "U.S." a
/// sentence break is assumed only before one of these.
const SENTENCE_STARTERS: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "but",
    "and",
    "or",
    "so",
    "this",
    "that",
    "these",
    "those",
    "there",
    "his",
    "her",
    "its",
    "their",
    "our",
    "in",
    "on",
    "at",
    "for",
    "if",
    "when",
    "while",
    "after",
    "before",
    "as",
    "since",
    "however",
    "meanwhile",
    "still",
    "yet",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "what",
    "who",
    "why",
    "how",
    "where",
    "not",
    "no",
    "one",
];

/// Splits the tokens `tokens[first..]` (one paragraph) into sentences.
fn split_sentences(text: &str, tokens: &[Token], first: usize, out: &mut Vec<Sentence>) {
    let n = tokens.len();
    if first >= n {
        return;
    }
    let mut s_start = first;
    let mut i = first;
    while i < n {
        let t = tokens[i].text(text);
        let mut boundary_after: Option<usize> = None;
        if is_terminal(t) || (t.ends_with('.') && t.len() > 1 && !never_ends_sentence(t)) {
            // Absorb closing quotes and brackets that stick to the terminal punctuation.
            let mut j = i + 1;
            while j < n && is_closing(tokens[j].text(text)) && !starts_after_space(text, &tokens[j])
            {
                j += 1;
            }
            // A closing quote separated by space still belongs here if what follows opens nothing.
            let next = tokens.get(j).map(|t| t.text(text));
            let is_abbrev = !is_terminal(t);
            let ends = match next {
                None => true,
                Some(nx) => {
                    let first_char = nx.chars().next().unwrap();
                    let capital_like = first_char.is_uppercase()
                        || first_char.is_ascii_digit()
                        || is_quote_char(first_char)
                        || is_open_bracket(first_char)
                        || is_dash(first_char);
                    if is_abbrev {
                        matches!(first_char, '“' | '"') && j == i + 1
                            || first_char.is_uppercase()
                                && SENTENCE_STARTERS.contains(&nx.to_lowercase().as_str())
                    } else if matches!(t, "..." | "…") {
                        first_char.is_uppercase()
                    } else {
                        capital_like
                    }
                }
            };
            if ends {
                boundary_after = Some(j);
            }
        }
        if let Some(j) = boundary_after {
            push_sentence(tokens, s_start, j, out);
            s_start = j;
            i = j;
        } else {
            i += 1;
        }
    }
    if s_start < n {
        push_sentence(tokens, s_start, n, out);
    }
}

fn starts_after_space(text: &str, tok: &Token) -> bool {
    text[..tok.start as usize]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_whitespace())
}

fn push_sentence(tokens: &[Token], from: usize, to: usize, out: &mut Vec<Sentence>) {
    if from < to {
        out.push(Sentence {
            start: tokens[from].start as usize,
            end: tokens[to - 1].end as usize,
            tokens: from..to,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        let seg = segment(s);
        seg.tokens.iter().map(|t| t.text(s)).collect()
    }

    fn sents(s: &str) -> Vec<&str> {
        let seg = segment(s);
        seg.sentences.iter().map(|x| &s[x.start..x.end]).collect()
    }

    #[test]
    fn splits_punctuation_and_clitics() {
        assert_eq!(
            toks("Trump’s plan doesn't work, they're sure."),
            vec![
                "Trump", "’s", "plan", "does", "n't", "work", ",", "they", "'re", "sure", "."
            ]
        );
        assert_eq!(toks("can't"), vec!["ca", "n't"]);
        assert_eq!(toks("O'Brien's"), vec!["O'Brien", "'s"]);
    }

    #[test]
    fn quote_marks_are_tokens() {
        assert_eq!(
            toks("“Ukraine ‘leadership’ has,” he wrote."),
            vec![
                "“",
                "Ukraine",
                "‘",
                "leadership",
                "’",
                "has",
                ",",
                "”",
                "he",
                "wrote",
                "."
            ]
        );
        assert_eq!(
            toks("\"Yes,\" she said"),
            vec!["\"", "Yes", ",", "\"", "she", "said"]
        );
        assert_eq!(toks("«non»"), vec!["«", "non", "»"]);
    }

    #[test]
    fn keeps_hyphens_decimals_and_decades() {
        assert_eq!(
            toks("US-drafted 28-point 3.5 1,000"),
            vec!["US-drafted", "28-point", "3.5", "1,000"]
        );
        assert_eq!(toks("the ’90s"), vec!["the", "’90s"]);
        assert_eq!(toks("wait... now"), vec!["wait", "...", "now"]);
        assert_eq!(
            toks("peace – and war—again"),
            vec!["peace", "–", "and", "war", "—", "again"]
        );
        assert_eq!(
            toks("plural leaders’ views"),
            vec!["plural", "leaders", "’", "views"]
        );
    }

    #[test]
    fn abbreviations_keep_periods() {
        assert_eq!(
            toks("Mr. Smith of the U.S. Army"),
            vec!["Mr.", "Smith", "of", "the", "U.S.", "Army"]
        );
        assert_eq!(
            toks("No. 10 said no."),
            vec!["No.", "10", "said", "no", "."]
        );
    }

    #[test]
    fn sentence_splitting_survives_abbreviations() {
        let s = "Mr. Smith met Sen. Jones and Gov. Brown on Jan. 5 in St. Paul. They talked. \
                 J. K. Rowling wrote it. Dr. No won 3.5 points.";
        assert_eq!(
            sents(s),
            vec![
                "Mr. Smith met Sen. Jones and Gov. Brown on Jan. 5 in St. Paul.",
                "They talked.",
                "J. K. Rowling wrote it.",
                "Dr. No won 3.5 points."
            ]
        );
    }

    #[test]
    fn sentence_splitting_with_quotes_and_ellipses() {
        let s =
            "He said: “This is work.” Then he left... and came back. It was in the U.S. The end.";
        assert_eq!(
            sents(s),
            vec![
                "He said: “This is work.”",
                "Then he left... and came back.",
                "It was in the U.S.",
                "The end."
            ]
        );
        let s = "“Why?” he asked. “Because,” she said.";
        assert_eq!(sents(s), vec!["“Why?” he asked.", "“Because,” she said."]);
        let s = "Talks with the U.S. and U.K. went on.";
        assert_eq!(sents(s), vec![s]);
    }

    #[test]
    fn paragraphs_by_blank_lines_or_lines() {
        let s = "One para\nstill one.\n\n  Two.  \n\n\nThree.";
        let seg = segment(s);
        let paras: Vec<&str> = seg.paragraphs.iter().map(|p| &s[p.start..p.end]).collect();
        assert_eq!(paras, vec!["One para\nstill one.", "Two.", "Three."]);
        let s = "First line.\nSecond line.\n";
        let seg = segment(s);
        assert_eq!(seg.paragraphs.len(), 2);
        // A heading or a name line ends its paragraph; wrapped prose does not.
        let s = "Mayor Says The Bridge Will Reopen\nAna Ruiz said it would.\n\nNext.";
        let seg = segment(s);
        let paras: Vec<&str> = seg.paragraphs.iter().map(|p| &s[p.start..p.end]).collect();
        assert_eq!(
            paras,
            vec![
                "Mayor Says The Bridge Will Reopen",
                "Ana Ruiz said it would.",
                "Next."
            ]
        );
        let s = "“We will win.” ― Ana Ruiz\n“We will not.” ― Tom Reed\n\nNext.";
        assert_eq!(segment(s).paragraphs.len(), 3);
        let s = "The mayor, Ana Ruiz, said on\nMonday that the bridge would reopen.\n\nNext.";
        assert_eq!(segment(s).paragraphs.len(), 2);
    }

    #[test]
    fn offsets_point_into_original() {
        let s = "  Café “au lait”, n’est-ce pas?\n\nOui.";
        let seg = segment(s);
        for t in &seg.tokens {
            assert!(!t.text(s).is_empty());
            assert!(!t.text(s).contains(char::is_whitespace));
        }
        let joined: String = seg.tokens.iter().map(|t| t.text(s)).collect();
        let squeezed: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(joined, squeezed);
    }

    #[test]
    fn empty_input() {
        assert_eq!(segment(""), Segmentation::default());
        assert_eq!(segment(" \n\n \n"), Segmentation::default());
    }
}
