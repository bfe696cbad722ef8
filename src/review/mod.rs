//! The review page: one self-contained HTML page per document (inline CSS and JavaScript, nothing
//! fetched, opens from disk) that shows the whole text with each quote highlighted in its
//! speaker's colour, the speaker mention and the cue marked, a panel of the document's speakers,
//! and the details of the quote under the pointer or selected (speaker, mention, kind, cue, rule,
//! confidence). Records below [`LOW_CONFIDENCE`] are striped. Keys `j`/`n` and `k`/`p` move from
//! quote to quote (Tab works too); Escape clears the selection; `page.html#q3` opens with the
//! fourth quote selected. [`render_index`] gives the page
//! that lists the documents.
//!
//! Every character of the document is escaped; record offsets (code points) are mapped to the
//! text's bytes here, so the marks land on the very characters the records name.

use std::fmt::Write as _;

use serde::Serialize;

use crate::record::{Attribution, Kind};

/// Records with a confidence below this look different (striped, dashed outline).
pub const LOW_CONFIDENCE: f32 = 0.5;

/// One document's line on the index page.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexEntry {
    /// The page's file name, relative to the index.
    pub file: String,
    /// The document's id.
    pub doc_id: String,
    /// Records on the page.
    pub records: usize,
    /// Distinct speakers (an unresolved speaker counts as one).
    pub speakers: usize,
    /// Records below [`LOW_CONFIDENCE`].
    pub low_confidence: usize,
}

/// A rendered page and its line on the index.
#[derive(Debug, Clone)]
pub struct Page {
    /// The HTML.
    pub html: String,
    /// Its entry for [`render_index`].
    pub entry: IndexEntry,
}

/// The file name of the page of the `ordinal`-th document (0-based): the number, for order and
/// uniqueness, and the last part of the id with anything but letters, digits, `.`, `-` and `_`
/// replaced ("00003-article.txt.html").
pub fn page_file_name(ordinal: usize, doc_id: &str) -> String {
    let last = doc_id
        .rsplit(['/', '\\'])
        .find(|s| !s.is_empty())
        .unwrap_or("");
    let slug: String = last
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    let slug = slug.trim_start_matches('.');
    if slug.is_empty() {
        format!("{:05}.html", ordinal + 1)
    } else {
        format!("{:05}-{slug}.html", ordinal + 1)
    }
}

/// A speaker of the page: the records' speaker id (empty: unresolved), in order of first quote.
struct Group {
    id: String,
    name: String,
    mention: String,
    kind: &'static str,
    named: bool,
    quotes: usize,
}

/// What the script needs to show of a record.
#[derive(Serialize)]
struct Details<'a> {
    speaker: &'a str,
    speaker_type: &'static str,
    speaker_named: bool,
    speaker_id: &'a str,
    speaker_mention: &'a str,
    kind: &'static str,
    cue: &'a str,
    rule: &'static str,
    confidence: f32,
    quote_start: usize,
    quote_end: usize,
    group: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Mark {
    Quote,
    Mention,
    Cue,
}

/// The page of one document. `index`: the file name of the index page to link back to.
pub fn render_page(
    doc_id: &str,
    text: &str,
    records: &[Attribution],
    file: &str,
    index: Option<&str>,
) -> Page {
    // Speakers, in order of their first quote.
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of = Vec::with_capacity(records.len());
    for r in records {
        let g = match groups.iter().position(|g| g.id == r.speaker_id) {
            Some(g) => g,
            None => {
                groups.push(Group {
                    id: r.speaker_id.clone(),
                    name: r.speaker.clone(),
                    mention: r.speaker_mention.clone(),
                    kind: r.speaker_type.as_str(),
                    named: r.speaker_named,
                    quotes: 0,
                });
                groups.len() - 1
            }
        };
        groups[g].quotes += 1;
        group_of.push(g);
    }
    let low = records
        .iter()
        .filter(|r| r.confidence < LOW_CONFIDENCE)
        .count();

    let mut html = String::with_capacity(text.len() * 2 + records.len() * 400 + 8192);
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n");
    let _ = writeln!(html, "<title>{} · whosaid review</title>", escape(doc_id));
    html.push_str("<style>\n");
    html.push_str(PAGE_CSS);
    for (g, group) in groups.iter().enumerate() {
        let (bg, fg) = colours(g, group.id.is_empty());
        let _ = writeln!(html, ".s{g}{{--bg:{bg};--fg:{fg}}}");
    }
    html.push_str("</style>\n</head>\n<body>\n<header>\n");
    if let Some(index) = index {
        let _ = writeln!(
            html,
            "<a class=\"back\" href=\"{}\">All documents</a>",
            escape(index)
        );
    }
    let _ = writeln!(html, "<h1>{}</h1>", escape(doc_id));
    let _ = writeln!(
        html,
        "<p class=\"summary\">{} quotes · {} speakers · {} below confidence {LOW_CONFIDENCE}</p>",
        records.len(),
        groups.len(),
        low
    );
    html.push_str(LEGEND);
    html.push_str("</header>\n<main>\n<article id=\"text\">");
    write_text(&mut html, text, records, &group_of);
    html.push_str("</article>\n<aside>\n");
    html.push_str(DETAILS);
    write_speakers(&mut html, &groups);
    html.push_str("</aside>\n</main>\n");

    let details: Vec<Details> = records
        .iter()
        .zip(&group_of)
        .map(|(r, &group)| Details {
            speaker: &r.speaker,
            speaker_type: r.speaker_type.as_str(),
            speaker_named: r.speaker_named,
            speaker_id: &r.speaker_id,
            speaker_mention: &r.speaker_mention,
            kind: r.kind.as_str(),
            cue: &r.cue,
            rule: r.rule.as_str(),
            confidence: r.confidence,
            quote_start: r.quote_start,
            quote_end: r.quote_end,
            group,
        })
        .collect();
    let json = serde_json::to_string(&details).unwrap_or_else(|_| "[]".into());
    html.push_str("<script type=\"application/json\" id=\"records\">");
    html.push_str(&script_safe(&json));
    html.push_str("</script>\n<script>\n");
    html.push_str(&PAGE_JS.replace("__LOW__", &LOW_CONFIDENCE.to_string()));
    html.push_str("</script>\n</body>\n</html>\n");
    Page {
        html,
        entry: IndexEntry {
            file: file.to_string(),
            doc_id: doc_id.to_string(),
            records: records.len(),
            speakers: groups.len(),
            low_confidence: low,
        },
    }
}

/// The text with the marks of every record: each segment between two mark boundaries in the
/// spans of the quotes that cover it (outermost first), then of a speaker mention, then of a cue.
/// A record's first piece carries its id (`q3`) and is focusable.
fn write_text(html: &mut String, text: &str, records: &[Attribution], group_of: &[usize]) {
    // Code-point offsets to byte offsets.
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain([text.len()])
        .collect();
    let chars = bytes.len() - 1;
    let span = |s: Option<usize>, e: Option<usize>| match (s, e) {
        (Some(s), Some(e)) if s <= e && e <= chars => Some((bytes[s], bytes[e])),
        _ => None,
    };
    // (start, end, mark, record), bytes.
    let mut marks: Vec<(usize, usize, Mark, usize)> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        // A quote whose offsets do not fit the text is shown at the end, empty.
        let q = span(Some(r.quote_start), Some(r.quote_end)).unwrap_or((text.len(), text.len()));
        marks.push((q.0, q.1, Mark::Quote, i));
        if let Some((s, e)) = span(r.speaker_start, r.speaker_end).filter(|(s, e)| s < e) {
            marks.push((s, e, Mark::Mention, i));
        }
        if let Some((s, e)) = span(r.cue_start, r.cue_end).filter(|(s, e)| s < e) {
            marks.push((s, e, Mark::Cue, i));
        }
    }
    marks.sort_by_key(|&(s, e, m, i)| (s, std::cmp::Reverse(e), m, i));
    let mut cuts: Vec<usize> = marks.iter().flat_map(|m| [m.0, m.1]).collect();
    cuts.extend([0, text.len()]);
    cuts.sort_unstable();
    cuts.dedup();

    let mut first = vec![true; records.len()];
    let mut active: Vec<(usize, usize, Mark, usize)> = Vec::new();
    let mut next = 0;
    let open_quote = |html: &mut String, i: usize, first: &mut Vec<bool>| {
        let r = &records[i];
        let low = if r.confidence < LOW_CONFIDENCE {
            " low"
        } else {
            ""
        };
        let kind = match r.kind {
            Kind::Direct => "direct",
            Kind::Mixed => "mixed",
            Kind::Indirect => "indirect",
        };
        let _ = write!(html, "<span class=\"q s{} {kind}{low}\"", group_of[i]);
        if std::mem::take(&mut first[i]) {
            let _ = write!(html, " id=\"q{i}\" tabindex=\"0\"");
        }
        let _ = write!(html, " data-r=\"{i}\">");
    };
    for w in cuts.windows(2) {
        let (at, end) = (w[0], w[1]);
        active.retain(|m| m.1 > at);
        while next < marks.len() && marks[next].0 == at {
            let m = marks[next];
            next += 1;
            if m.1 == at {
                // An empty quote: an empty anchor, so that the record is still on the page.
                if m.2 == Mark::Quote {
                    open_quote(html, m.3, &mut first);
                    html.push_str("</span>");
                }
            } else {
                active.push(m);
            }
        }
        let mut quotes: Vec<&(usize, usize, Mark, usize)> =
            active.iter().filter(|m| m.2 == Mark::Quote).collect();
        quotes.sort_by_key(|m| (std::cmp::Reverse(m.1 - m.0), m.3));
        let list = |kind: Mark| -> Vec<usize> {
            let mut v: Vec<usize> = active.iter().filter(|m| m.2 == kind).map(|m| m.3).collect();
            v.sort_unstable();
            v
        };
        let (mentions, cues) = (list(Mark::Mention), list(Mark::Cue));
        for m in &quotes {
            open_quote(html, m.3, &mut first);
        }
        if let Some(&i) = mentions.first() {
            let _ = write!(
                html,
                "<span class=\"m s{}\" data-m=\"{}\">",
                group_of[i],
                join(&mentions)
            );
        }
        if !cues.is_empty() {
            let _ = write!(html, "<span class=\"cue\" data-c=\"{}\">", join(&cues));
        }
        html.push_str(&escape(&text[at..end]));
        let closes =
            quotes.len() + usize::from(!mentions.is_empty()) + usize::from(!cues.is_empty());
        for _ in 0..closes {
            html.push_str("</span>");
        }
    }
    // Empty quotes at the very end of the text.
    while next < marks.len() {
        let m = marks[next];
        next += 1;
        if m.2 == Mark::Quote && first[m.3] {
            open_quote(html, m.3, &mut first);
            html.push_str("</span>");
        }
    }
}

fn join(v: &[usize]) -> String {
    v.iter().map(usize::to_string).collect::<Vec<_>>().join(" ")
}

/// The panel of speakers: colour, name (an unresolved speaker shows as such), type, named or
/// not, quotes.
fn write_speakers(html: &mut String, groups: &[Group]) {
    html.push_str("<section id=\"speakers\">\n<h2>Speakers</h2>\n<table>\n");
    html.push_str(
        "<thead><tr><th></th><th>speaker</th><th>type</th><th>named</th><th>quotes</th></tr></thead>\n<tbody>\n",
    );
    for (g, group) in groups.iter().enumerate() {
        let name = if group.id.is_empty() {
            "<i>unresolved</i>".to_string()
        } else {
            escape(&group.name)
        };
        let mention = if group.id.is_empty() && !group.mention.is_empty() {
            format!(" <small>(“{}” …)</small>", escape(&group.mention))
        } else {
            String::new()
        };
        let _ = writeln!(
            html,
            "<tr data-g=\"{g}\" tabindex=\"0\" title=\"{}\"><td><span class=\"sw s{g}\"></span></td><td>{name}{mention}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            escape(&group.id),
            group.kind,
            if group.named { "yes" } else { "no" },
            group.quotes
        );
    }
    html.push_str("</tbody>\n</table>\n</section>\n");
}

/// The colours of the `g`-th speaker: a light background and a dark border, hues spread by the
/// golden angle; grey for the unresolved.
fn colours(g: usize, unresolved: bool) -> (String, String) {
    if unresolved {
        return ("hsl(0 0% 88%)".into(), "hsl(0 0% 35%)".into());
    }
    let hue = (g as f64 * 137.508 + 45.0) % 360.0;
    (
        format!("hsl({hue:.0} 85% 84%)"),
        format!("hsl({hue:.0} 70% 32%)"),
    )
}

/// The index page: every document with its numbers of quotes and speakers, linked to its page.
pub fn render_index(entries: &[IndexEntry]) -> String {
    let mut html = String::with_capacity(512 + entries.len() * 200);
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n");
    html.push_str("<title>whosaid review</title>\n<style>\n");
    html.push_str(INDEX_CSS);
    html.push_str("</style>\n</head>\n<body>\n<h1>whosaid review</h1>\n");
    let records: usize = entries.iter().map(|e| e.records).sum();
    let _ = writeln!(
        html,
        "<p>{} documents · {records} quotes</p>",
        entries.len()
    );
    html.push_str("<table>\n<thead><tr><th>#</th><th>document</th><th>quotes</th><th>speakers</th><th>low confidence</th></tr></thead>\n<tbody>\n");
    for (i, e) in entries.iter().enumerate() {
        let _ = writeln!(
            html,
            "<tr><td class=\"n\">{}</td><td><a href=\"{}\">{}</a></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            i + 1,
            escape(&e.file),
            escape(&e.doc_id),
            e.records,
            e.speakers,
            e.low_confidence
        );
    }
    html.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    html
}

/// Text or an attribute value with `&`, `<`, `>`, `"` and `'` escaped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// JSON made safe inside a `<script>` element: `<`, `>` and `&` as `\u` escapes, so no text in
/// it can end the element or open a comment.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

const LEGEND: &str = "<p class=\"legend\"><span class=\"q sample\">quote</span> in its speaker's colour · \
<span class=\"m sample\">speaker mention</span> · <span class=\"cue\">cue</span> · \
<span class=\"q sample low\">low confidence</span> (striped) · indirect quotes in italics · \
keys: <kbd>j</kbd>/<kbd>n</kbd> next quote, <kbd>k</kbd>/<kbd>p</kbd> previous, <kbd>Esc</kbd> clear</p>\n";

const DETAILS: &str = "<section id=\"details\">\n<h2>Quote</h2>\n<p id=\"hint\">Point at a quote, or press j.</p>\n<dl id=\"fields\" hidden=\"hidden\">\n\
<dt>speaker</dt><dd id=\"f-speaker\"></dd>\n<dt>type</dt><dd id=\"f-type\"></dd>\n\
<dt>key</dt><dd id=\"f-id\"></dd>\n<dt>mention</dt><dd id=\"f-mention\"></dd>\n\
<dt>kind</dt><dd id=\"f-kind\"></dd>\n<dt>cue</dt><dd id=\"f-cue\"></dd>\n\
<dt>rule</dt><dd id=\"f-rule\"></dd>\n<dt>confidence</dt><dd id=\"f-confidence\"></dd>\n\
<dt>offsets</dt><dd id=\"f-offsets\"></dd>\n</dl>\n</section>\n";

const PAGE_CSS: &str = r#"body{margin:0;font:16px/1.55 Georgia,"Times New Roman",serif;color:#1d1d1f;background:#fafaf7}
header{padding:12px 24px;border-bottom:1px solid #ddd;background:#fff}
header h1{font:600 18px/1.3 system-ui,sans-serif;margin:4px 0}
.summary,.legend,.back{font:13px/1.5 system-ui,sans-serif;color:#555;margin:2px 0}
main{display:flex;gap:24px;padding:16px 24px;align-items:flex-start}
article{flex:1 1 auto;max-width:46em;white-space:pre-wrap;background:#fff;padding:16px 24px;border:1px solid #e4e4e4;border-radius:6px}
aside{flex:0 0 22em;position:sticky;top:12px;font:14px/1.45 system-ui,sans-serif}
aside section{background:#fff;border:1px solid #e4e4e4;border-radius:6px;padding:8px 12px;margin-bottom:12px}
aside h2{font-size:14px;margin:2px 0 6px;text-transform:uppercase;letter-spacing:.05em;color:#666}
dl{display:grid;grid-template-columns:auto 1fr;gap:2px 10px;margin:0}
dt{color:#777}dd{margin:0;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%}
th{font-weight:600;text-align:left;color:#777;font-size:12px}
td,th{padding:2px 4px;vertical-align:top}
td.n{text-align:right}
tr[data-g]{cursor:pointer}tr[data-g]:hover,tr[data-g]:focus{background:#f0f0f0;outline:none}
.sw{display:inline-block;width:12px;height:12px;border-radius:3px;background:var(--bg);border:2px solid var(--fg)}
.q{background:var(--bg);border-radius:2px;cursor:pointer}
.q .q{box-shadow:inset 0 -2px 0 var(--fg)}
.q.indirect{font-style:italic}
.q.low{background:repeating-linear-gradient(135deg,var(--bg) 0 6px,#fff 6px 10px);outline:1px dashed var(--fg)}
.q.sel{box-shadow:0 0 0 2px var(--fg);background:var(--bg)}
.q:focus{outline:2px solid var(--fg)}
.m{border-bottom:3px solid var(--fg);font-weight:700}
.m.sel{background:var(--bg)}
.cue{border-bottom:2px dotted #333;font-variant:small-caps}
.cue.sel{background:#ffe98a}
.sample{--bg:hsl(45 85% 84%);--fg:hsl(45 70% 32%)}
kbd{font:12px monospace;border:1px solid #bbb;border-radius:3px;padding:0 3px;background:#f4f4f4}
.lowval{color:#b3261e;font-weight:600}
@media (max-width:900px){main{flex-direction:column}aside{position:static;flex-basis:auto;width:100%}}
"#;

const INDEX_CSS: &str = r#"body{margin:24px;font:15px/1.5 system-ui,sans-serif;color:#1d1d1f}
table{border-collapse:collapse}td,th{padding:3px 10px;border-bottom:1px solid #eee;text-align:left}
td.n{text-align:right}
"#;

const PAGE_JS: &str = r#"(function () {
  "use strict";
  var records = JSON.parse(document.getElementById("records").textContent);
  var current = -1;
  function all(sel) { return Array.prototype.slice.call(document.querySelectorAll(sel)); }
  function parts(i) {
    return all('[data-r="' + i + '"]').concat(all('[data-m~="' + i + '"]'), all('[data-c~="' + i + '"]'));
  }
  function set(id, value) { document.getElementById(id).textContent = value; }
  function show(i) {
    var fields = document.getElementById("fields");
    if (i < 0) { fields.hidden = true; document.getElementById("hint").hidden = false; return; }
    var r = records[i];
    document.getElementById("hint").hidden = true;
    fields.hidden = false;
    set("f-speaker", r.speaker || "(unresolved)");
    set("f-type", r.speaker_type + (r.speaker_named ? ", named" : ", not named"));
    set("f-id", r.speaker_id || "-");
    set("f-mention", r.speaker_mention || "-");
    set("f-kind", r.kind);
    set("f-cue", r.cue || "-");
    set("f-rule", r.rule);
    var conf = document.getElementById("f-confidence");
    conf.textContent = r.confidence.toFixed(3) + (r.confidence < LOW ? " (low)" : "");
    conf.className = r.confidence < LOW ? "lowval" : "";
    set("f-offsets", r.quote_start + "-" + r.quote_end + " (quote " + (i + 1) + " of " + records.length + ")");
  }
  function select(i, focus) {
    if (current >= 0) { parts(current).forEach(function (e) { e.classList.remove("sel"); }); }
    current = i;
    if (i >= 0) {
      parts(i).forEach(function (e) { e.classList.add("sel"); });
      var el = document.getElementById("q" + i);
      if (focus && el) { el.focus({ preventScroll: true }); el.scrollIntoView({ block: "nearest" }); }
    }
    show(i);
  }
  var LOW = __LOW__;
  var text = document.getElementById("text");
  text.addEventListener("mouseover", function (e) {
    var q = e.target.closest(".q");
    show(q ? +q.getAttribute("data-r") : current);
  });
  text.addEventListener("mouseleave", function () { show(current); });
  text.addEventListener("click", function (e) {
    var q = e.target.closest(".q");
    if (q) { select(+q.getAttribute("data-r"), false); }
  });
  text.addEventListener("focusin", function (e) {
    var q = e.target.closest(".q");
    if (q) { var i = +q.getAttribute("data-r"); if (i !== current) { select(i, false); } }
  });
  function speakerRow(row) {
    var g = +row.getAttribute("data-g"), n = records.length;
    for (var k = 1; k <= n; k++) {
      var i = (current + k + n) % n;
      if (records[i].group === g) { select(i, true); return; }
    }
  }
  all("tr[data-g]").forEach(function (row) {
    row.addEventListener("click", function () { speakerRow(row); });
    row.addEventListener("keydown", function (e) { if (e.key === "Enter") { speakerRow(row); } });
  });
  // A link to a quote (page.html#q3) selects it.
  var hash = /^#q(\d+)$/.exec(window.location.hash);
  if (hash && +hash[1] < records.length) { select(+hash[1], true); }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || records.length === 0) { return; }
    var n = records.length;
    if (e.key === "j" || e.key === "n") { select(current < 0 ? 0 : (current + 1) % n, true); e.preventDefault(); }
    else if (e.key === "k" || e.key === "p") { select(current <= 0 ? n - 1 : current - 1, true); e.preventDefault(); }
    else if (e.key === "Escape") { select(-1, false); }
  });
})();
"#;

#[cfg(test)]
mod tests;
