//! Per-document tables that let the rules answer questions about a span of tokens in logarithmic
//! time: whether it holds a quoted token, a verb or a cue, how many words lead in to a quote,
//! where the reported clause that starts at a token ends, and which verb to the left has a
//! subject. The rules ask such questions for every quote and every cue; scanning the sentence
//! each time would make one long sentence cost the square of its length.
//!
//! Each table is a sorted list of the token positions where something holds (or, for a count
//! over most tokens, where it does not), so a question takes a binary search or two and the
//! tables take memory in proportion to what they list, not to the document's length.

use std::ops::Range;

use super::Linker;

#[derive(Debug, Default)]
pub(super) struct Index {
    /// Words that make a lead-in: neither punctuation nor "and", "but", "so".
    lead_words: Positions,
    /// Cue verbs outside quotations.
    cues: Positions,
    /// Tokens inside a quote or one of its marks.
    quoted: Positions,
    /// Verbs and modals.
    verbs: Positions,
    /// Finite verbs and modals (VBD, VBZ, VBP, MD).
    finite: Positions,
    /// Quotes' closing marks right after quoted words.
    closing_marks: Vec<u32>,
    /// The tokens of each sentence, in order.
    sentences: Vec<(u32, u32)>,
    /// The tokens where a reported clause that starts before them in their sentence ends (see
    /// [`Linker::clause_end`]), in order.
    clause_breaks: Vec<u32>,
    /// Verbs with a clause subject (see [`Linker::clause_subject`]).
    subject_verbs: Vec<u32>,
    /// Finite verbs with a subject (see [`Linker::finite_verb_with_subject`]).
    finite_with_subject: Vec<u32>,
}

/// The token positions where a property holds, ascending; or, where it holds for most tokens,
/// those where it does not (whichever list is shorter).
#[derive(Debug, Default)]
struct Positions {
    list: Vec<u32>,
    complement: bool,
}

impl Positions {
    fn new(n: usize, f: impl Fn(usize) -> bool) -> Self {
        let list: Vec<u32> = (0..n).filter(|&i| f(i)).map(index).collect();
        if list.len() <= n / 2 {
            return Positions {
                list,
                complement: false,
            };
        }
        let mut others = Vec::with_capacity(n - list.len());
        let mut next = list.iter().peekable();
        for i in 0..n {
            if next.next_if(|&&k| k as usize == i).is_none() {
                others.push(index(i));
            }
        }
        Positions {
            list: others,
            complement: true,
        }
    }

    /// How many tokens of `r` have the property.
    fn count(&self, r: Range<usize>) -> usize {
        if r.start >= r.end {
            return 0;
        }
        let listed = below(&self.list, r.end) - below(&self.list, r.start);
        if self.complement {
            r.len() - listed
        } else {
            listed
        }
    }
}

/// How many positions of `list` are below `i`.
fn below(list: &[u32], i: usize) -> usize {
    list.partition_point(|&k| (k as usize) < i)
}

fn index(i: usize) -> u32 {
    u32::try_from(i)
        .ok()
        .filter(|&i| i != u32::MAX)
        .expect("fewer than 2^32 - 1 tokens")
}

impl Index {
    pub(super) fn build(l: &Linker) -> Self {
        let a = l.a;
        let n = a.len();
        index(n);
        let lead_words = Positions::new(n, |i| {
            !a.is_punct(i) && !matches!(a.w(i), "and" | "but" | "so")
        });
        let cues = Positions::new(n, |i| !a.quoted(i) && l.cue_verb(i).is_some());
        let quoted = Positions::new(n, |i| a.quoted(i));
        let verbs = Positions::new(n, |i| a.is_verb(i));
        let finite = Positions::new(n, |i| matches!(a.pos[i], "VBD" | "VBZ" | "VBP" | "MD"));
        let closing_marks = (1..n)
            .filter(|&k| a.mark_of(k).is_some() && a.quote_at(k - 1).is_some())
            .map(index)
            .collect();
        let mut sentences = Vec::with_capacity(a.seg.sentences.len());
        let mut clause_breaks = Vec::new();
        let mut subject_verbs = Vec::new();
        let mut finite_with_subject = Vec::new();
        for s in &a.seg.sentences {
            let r = s.tokens.clone();
            sentences.push((index(r.start), index(r.end)));
            for k in r.clone() {
                if l.breaks_clause(k, r.end) {
                    clause_breaks.push(index(k));
                }
                if l.verb_subject(k).is_some() {
                    subject_verbs.push(index(k));
                }
                if l.finite_verb_subject(k).is_some() {
                    finite_with_subject.push(index(k));
                }
            }
        }
        Index {
            lead_words,
            cues,
            quoted,
            verbs,
            finite,
            closing_marks,
            sentences,
            clause_breaks,
            subject_verbs,
            finite_with_subject,
        }
    }

    /// The tokens of the sentence that holds token `i`, if one does.
    fn sentence(&self, i: usize) -> Option<Range<usize>> {
        let k = self
            .sentences
            .partition_point(|&(_, end)| end as usize <= i);
        self.sentences
            .get(k)
            .filter(|&&(start, _)| start as usize <= i)
            .map(|&(start, end)| start as usize..end as usize)
    }

    /// The last of `list` at or before token `i` in its sentence.
    fn last_in_sentence(&self, list: &[u32], i: usize) -> Option<usize> {
        let s = self.sentence(i)?;
        let k = below(list, i + 1).checked_sub(1)?;
        Some(list[k] as usize).filter(|&k| k >= s.start)
    }

    /// Lead-in words among tokens `r`.
    pub(super) fn lead_words(&self, r: Range<usize>) -> usize {
        self.lead_words.count(r)
    }

    /// Whether tokens `r` hold a cue verb outside quotations.
    pub(super) fn has_cue(&self, r: Range<usize>) -> bool {
        self.cues.count(r) > 0
    }

    /// Whether tokens `r` hold a quoted token or a quote mark.
    pub(super) fn has_quoted(&self, r: Range<usize>) -> bool {
        self.quoted.count(r) > 0
    }

    /// Whether tokens `r` hold a verb.
    pub(super) fn has_verb(&self, r: Range<usize>) -> bool {
        self.verbs.count(r) > 0
    }

    /// Whether tokens `r` hold a finite verb or a modal.
    pub(super) fn has_finite(&self, r: Range<usize>) -> bool {
        self.finite.count(r) > 0
    }

    /// The first closing mark right after quoted words at or after token `i`.
    pub(super) fn closing_mark(&self, i: usize) -> Option<usize> {
        let k = below(&self.closing_marks, i);
        self.closing_marks.get(k).map(|&k| k as usize)
    }

    /// Where a reported clause starting at token `from` ends (`from` inside a sentence): the
    /// first clause break at or after it in its sentence, or the sentence's end.
    pub(super) fn clause_break(&self, from: usize) -> usize {
        let Some(s) = self.sentence(from) else {
            return u32::MAX as usize;
        };
        let k = below(&self.clause_breaks, from);
        self.clause_breaks
            .get(k)
            .map(|&k| k as usize)
            .filter(|&k| k < s.end)
            .unwrap_or(s.end)
    }

    /// The nearest verb with a clause subject at or before token `i`, in its sentence.
    pub(super) fn subject_verb(&self, i: usize) -> Option<usize> {
        self.last_in_sentence(&self.subject_verbs, i)
    }

    /// The nearest finite verb with a subject at or before token `i`, in its sentence.
    pub(super) fn finite_with_subject(&self, i: usize) -> Option<usize> {
        self.last_in_sentence(&self.finite_with_subject, i)
    }
}

/// Spans of tokens sorted by start, with the furthest end among each prefix, so that "does a
/// span that starts before `x` reach past `y`?" takes a binary search rather than a scan.
pub(super) struct Reach {
    starts: Vec<usize>,
    furthest: Vec<usize>,
}

impl Reach {
    pub(super) fn new(spans: impl Iterator<Item = (usize, usize)>) -> Self {
        let mut spans: Vec<(usize, usize)> = spans.collect();
        spans.sort_unstable();
        let mut furthest = Vec::with_capacity(spans.len());
        for &(_, end) in &spans {
            furthest.push(furthest.last().map_or(end, |&f: &usize| f.max(end)));
        }
        Reach {
            starts: spans.into_iter().map(|(start, _)| start).collect(),
            furthest,
        }
    }

    /// The furthest end among the spans that start before `x`.
    pub(super) fn furthest_before(&self, x: usize) -> Option<usize> {
        let n = self.starts.partition_point(|&s| s < x);
        n.checked_sub(1).map(|k| self.furthest[k])
    }
}
