//! The review pages: well-formed, every record once, marks on the right characters, escaping.

use std::collections::HashMap;

use super::*;
use crate::corpus::speaker_id;
use crate::record::{RuleId, SpeakerType};

/// A piece of parsed HTML.
#[derive(Debug)]
enum Tok {
    Open(String, HashMap<String, String>),
    Close,
    Text(String),
}

const VOID: &[&str] = &["meta", "br", "hr", "img", "input", "link"];

/// Decodes the entities the writer uses; anything else after `&` is an error.
fn unescape(s: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let (entity, c) = [
            ("&amp;", '&'),
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&quot;", '"'),
            ("&#39;", '\''),
        ]
        .into_iter()
        .find(|(e, _)| rest.starts_with(e))
        .ok_or_else(|| format!("bare & at {:?}", &rest[..rest.len().min(20)]))?;
        out.push(c);
        rest = &rest[entity.len()..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A strict reading of the pages' HTML: every element closed in order (void elements excepted),
/// attribute values quoted, no raw `<` or `>` in text, only known entities; `script` and
/// `style` hold raw text up to their end tag.
fn parse(html: &str) -> Result<Vec<Tok>, String> {
    let mut rest = html.strip_prefix("<!DOCTYPE html>\n").ok_or("no doctype")?;
    let mut toks = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    while !rest.is_empty() {
        let lt = rest.find('<').unwrap_or(rest.len());
        if lt > 0 {
            let text = &rest[..lt];
            if text.contains('>') {
                return Err(format!("raw > in text {text:?}"));
            }
            toks.push(Tok::Text(unescape(text)?));
            rest = &rest[lt..];
            continue;
        }
        let gt = rest.find('>').ok_or("unclosed tag")?;
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            match stack.pop() {
                Some(open) if open == name => toks.push(Tok::Close),
                other => return Err(format!("</{name}> closes {other:?}")),
            }
            continue;
        }
        let tag = tag.strip_suffix(" /").unwrap_or(tag);
        let (name, mut attrs_text) = tag.split_once(' ').unwrap_or((tag, ""));
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(format!("bad tag name {name:?}"));
        }
        let mut attrs = HashMap::new();
        while !attrs_text.is_empty() {
            let (key, after) = attrs_text.split_once("=\"").ok_or("unquoted attribute")?;
            let key = key.trim();
            if !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return Err(format!("bad attribute name {key:?}"));
            }
            let (value, after) = after.split_once('"').ok_or("unterminated value")?;
            if value.contains('<') {
                return Err(format!("raw < in attribute {value:?}"));
            }
            if attrs.insert(key.to_string(), unescape(value)?).is_some() {
                return Err(format!("attribute {key} twice"));
            }
            attrs_text = after.trim_start();
        }
        toks.push(Tok::Open(name.to_string(), attrs));
        if VOID.contains(&name) {
            toks.push(Tok::Close);
        } else if name == "script" || name == "style" {
            let end = format!("</{name}>");
            let i = rest.find(&end).ok_or("unclosed raw text element")?;
            toks.push(Tok::Text(rest[..i].to_string()));
            toks.push(Tok::Close);
            rest = &rest[i + end.len()..];
        } else {
            stack.push(name.to_string());
        }
        if stack.is_empty() && !VOID.contains(&name) && name != "html" {
            return Err(format!("<{name}> outside <html>"));
        }
    }
    if !stack.is_empty() {
        return Err(format!("unclosed {stack:?}"));
    }
    Ok(toks)
}

/// What a page shows: the article's text, and per record the text of its quote pieces, mention
/// and cue, and how many elements carry its id.
#[derive(Default, Debug)]
struct Shown {
    article: String,
    quotes: HashMap<usize, String>,
    mentions: HashMap<usize, String>,
    cues: HashMap<usize, String>,
    ids: HashMap<String, usize>,
    scripts: Vec<String>,
}

fn shown(html: &str) -> Shown {
    let toks = parse(html).unwrap_or_else(|e| panic!("not well-formed: {e}\n{html}"));
    let mut s = Shown::default();
    let mut stack: Vec<(String, HashMap<String, String>)> = Vec::new();
    let nums = |v: Option<&String>| -> Vec<usize> {
        v.map(|v| v.split(' ').map(|n| n.parse().unwrap()).collect())
            .unwrap_or_default()
    };
    for t in toks {
        match t {
            Tok::Open(name, attrs) => {
                if let Some(id) = attrs.get("id") {
                    *s.ids.entry(id.clone()).or_default() += 1;
                }
                stack.push((name, attrs));
            }
            Tok::Close => {
                stack.pop();
            }
            Tok::Text(text) => {
                if stack.last().is_some_and(|(n, _)| n == "script") {
                    s.scripts.push(text.clone());
                }
                if !stack
                    .iter()
                    .any(|(_, a)| a.get("id").is_some_and(|i| i == "text"))
                {
                    continue;
                }
                s.article.push_str(&text);
                for (_, a) in &stack {
                    for r in nums(a.get("data-r")) {
                        s.quotes.entry(r).or_default().push_str(&text);
                    }
                    for r in nums(a.get("data-m")) {
                        s.mentions.entry(r).or_default().push_str(&text);
                    }
                    for r in nums(a.get("data-c")) {
                        s.cues.entry(r).or_default().push_str(&text);
                    }
                }
            }
        }
    }
    s
}

/// The characters `start..end` (code points) of `text`.
fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// Checks a page against its records: well-formed, the whole text shown, every record's quote,
/// mention and cue on exactly the characters its offsets name, each record's anchor once.
fn check_page(text: &str, records: &[Attribution]) -> Shown {
    let page = render_page("doc", text, records, "00001-doc.html", Some("index.html"));
    let s = shown(&page.html);
    assert_eq!(s.article, text, "the whole text, as it is");
    for (i, r) in records.iter().enumerate() {
        assert_eq!(s.ids.get(&format!("q{i}")), Some(&1), "record {i} once");
        assert_eq!(
            s.quotes.get(&i).map(String::as_str).unwrap_or(""),
            slice(text, r.quote_start, r.quote_end),
            "quote {i}"
        );
        assert_eq!(s.quotes.get(&i).map(String::as_str).unwrap_or(""), r.quote);
        if let (Some(a), Some(b)) = (r.speaker_start, r.speaker_end) {
            assert_eq!(s.mentions[&i], slice(text, a, b), "mention {i}");
            assert_eq!(s.mentions[&i], r.speaker_mention);
        } else {
            assert!(!s.mentions.contains_key(&i));
        }
        if let (Some(a), Some(b)) = (r.cue_start, r.cue_end) {
            assert_eq!(s.cues[&i], slice(text, a, b), "cue {i}");
            assert_eq!(s.cues[&i], r.cue);
        }
    }
    assert!(!s.ids.contains_key(&format!("q{}", records.len())));
    // The records' details are valid JSON, one per record.
    let json: serde_json::Value = serde_json::from_str(&s.scripts[0]).unwrap();
    assert_eq!(json.as_array().unwrap().len(), records.len());
    assert_eq!(page.entry.records, records.len());
    s
}

/// A record whose quote, mention and cue are the first occurrences of those strings in `text`
/// (offsets in code points).
fn record(text: &str, quote: &str, mention: &str, cue: &str, speaker: &str) -> Attribution {
    let at = |s: &str| -> Option<(usize, usize)> {
        if s.is_empty() {
            return None;
        }
        let b = text.find(s).unwrap_or_else(|| panic!("{s:?} not in text"));
        let start = text[..b].chars().count();
        Some((start, start + s.chars().count()))
    };
    let q = at(quote).unwrap();
    let m = at(mention);
    let c = at(cue);
    let kind = if speaker.is_empty() {
        SpeakerType::Unknown
    } else {
        SpeakerType::Per
    };
    Attribution {
        doc_id: "doc".into(),
        speaker: speaker.into(),
        speaker_type: kind,
        speaker_mention: mention.into(),
        quote: quote.into(),
        kind: Kind::Direct,
        cue: cue.into(),
        confidence: 0.9,
        rule: RuleId::QuoteSpeakerSaid,
        quote_start: q.0,
        quote_end: q.1,
        speaker_start: m.map(|m| m.0),
        speaker_end: m.map(|m| m.1),
        cue_start: c.map(|c| c.0),
        cue_end: c.map(|c| c.1),
        speaker_named: !speaker.is_empty(),
        cue_type: crate::record::CueType::Speech,
        speaker_id: speaker_id(speaker, kind, !speaker.is_empty()),
    }
}

#[test]
fn offsets_are_code_points_and_land_on_their_text() {
    // Multi-byte characters before and inside the quotes: byte offsets would miss.
    let text = "Café owners 😀 met.\n\n“Déjà vu, all over again,” said Zoë Ångström.\n\n\
                “Ça suffit,” she added, “we are done.”";
    let records = [
        record(
            text,
            "Déjà vu, all over again,",
            "Zoë Ångström",
            "said",
            "Zoë Ångström",
        ),
        record(text, "Ça suffit,", "she", "added", "Zoë Ångström"),
        record(text, "we are done.", "", "", ""),
    ];
    let s = check_page(text, &records);
    assert_eq!(s.quotes[&0], "Déjà vu, all over again,");
}

#[test]
fn overlapping_marks_and_odd_offsets() {
    let text = "Ann Lee said the mayor had told her that “Bo Park said no” and left.";
    let mut records = vec![
        // A claim that holds a quotation holding another record's speaker and cue.
        record(
            text,
            "the mayor had told her that “Bo Park said no”",
            "Ann Lee",
            "said",
            "Ann Lee",
        ),
        record(text, "Bo Park said no", "the mayor", "told", "the mayor"),
        record(text, "no", "Bo Park", "said no", "Bo Park"),
    ];
    // The cue "said" of record 2 is the second "said".
    records[2].cue_start = Some(text[..text.find("said no").unwrap()].chars().count());
    records[2].cue_end = Some(records[2].cue_start.unwrap() + 4);
    records[2].cue = "said".into();
    check_page(text, &records);
    // An empty quote and offsets past the end still give each record its one anchor.
    let mut empty = record(text, "left", "", "", "");
    empty.quote_end = empty.quote_start;
    empty.quote.clear();
    let mut outside = record(text, "left", "", "", "");
    outside.quote_start = 500;
    outside.quote_end = 510;
    outside.quote.clear();
    records.extend([empty, outside]);
    check_page(text, &records);
}

#[test]
fn everything_is_escaped() {
    let text = "<script>alert(1)</script> & “<b>bold</b> & 'so' \"on\",” said <i>Ann</i>.";
    let mut r = record(
        text,
        "<b>bold</b> & 'so' \"on\",",
        "<i>Ann</i>",
        "said",
        "<i>Ann</i>",
    );
    r.doc_id = "x\"<y>&'z'".into();
    let page = render_page(&r.doc_id.clone(), text, &[r.clone()], "f\"x.html", None);
    // Only the page's own two scripts.
    assert_eq!(page.html.matches("<script").count(), 2);
    assert_eq!(page.html.matches("</script").count(), 2);
    assert!(!page.html.contains("<b>") && !page.html.contains("<i>"));
    assert!(page.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let s = check_page(text, &[r]);
    assert!(s.scripts[0].contains("\\u003ci\\u003eAnn\\u003c/i\\u003e"));
    let json: serde_json::Value = serde_json::from_str(&s.scripts[0]).unwrap();
    assert_eq!(json[0]["speaker"], "<i>Ann</i>");
    // The index escapes ids and file names.
    let index = render_index(&[page.entry]);
    let toks = parse(&index).unwrap();
    assert!(
        toks.iter()
            .any(|t| matches!(t, Tok::Text(x) if x == "x\"<y>&'z'"))
    );
    assert!(
        toks.iter()
            .any(|t| matches!(t, Tok::Open(n, a) if n == "a" && a["href"] == "f\"x.html"))
    );
}

#[test]
fn speakers_panel_low_confidence_and_colours() {
    let text = "“One two,” Ann Lee said. “Three,” Bo Park said. “Four,” he said.";
    let mut records = vec![
        record(text, "One two,", "Ann Lee", "said", "Ann Lee"),
        record(text, "Three,", "Bo Park", "said", "Bo Park"),
        record(text, "Four,", "he", "said", ""),
    ];
    records[1].confidence = 0.3;
    let page = render_page("d", text, &records, "d.html", None);
    let html = &page.html;
    assert_eq!(page.entry.speakers, 3);
    assert_eq!(page.entry.low_confidence, 1);
    assert!(html.contains("class=\"q s1 direct low\" id=\"q1\""));
    assert!(html.contains("class=\"q s0 direct\" id=\"q0\""));
    // The panel: one row per speaker, the unresolved one with its mention.
    assert_eq!(html.matches("<tr data-g=").count(), 3);
    assert!(html.contains("<i>unresolved</i> <small>(“he” …)</small>"));
    assert!(html.contains(">Ann Lee</td><td>PER</td><td>yes</td><td class=\"n\">1</td>"));
    // Distinct colours per speaker; grey for the unresolved.
    assert!(html.contains(".s2{--bg:hsl(0 0% 88%)"));
    let colour = |g: usize| {
        let at = html.find(&format!(".s{g}{{--bg:")).unwrap();
        html[at + 4..at + 30].split(';').next().unwrap().to_string()
    };
    assert_ne!(colour(0), colour(1));
}

#[test]
fn file_names() {
    assert_eq!(page_file_name(0, "corpus/a b/x.txt"), "00001-x.txt.html");
    assert_eq!(
        page_file_name(41, "data.jsonl:7"),
        "00042-data.jsonl_7.html"
    );
    assert_eq!(page_file_name(2, "../"), "00003.html");
    assert_eq!(page_file_name(2, ".hidden"), "00003-hidden.html");
    assert_eq!(page_file_name(9, "é"), "00010-_.html");
}

#[test]
fn real_records_on_the_fixture_article() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/quotes-article.txt"
    ))
    .unwrap();
    let pipeline = crate::Pipeline::builder().build().unwrap();
    let records = pipeline
        .extract(&crate::Document::new("quotes-article", text.as_str()))
        .unwrap();
    assert!(records.len() >= 10);
    check_page(&text, &records);
    let index = render_index(&[IndexEntry {
        file: "00001-quotes-article.html".into(),
        doc_id: "quotes-article".into(),
        records: records.len(),
        speakers: 3,
        low_confidence: 0,
    }]);
    parse(&index).unwrap();
}
