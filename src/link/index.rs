//! Per-document tables that let the rules answer questions about a span of tokens in constant
//! time: whether it holds a quoted token, a verb or a cue, how many words lead in to a quote,
//! where the reported clause that starts at a token ends, and which verb to the left has a
//! subject. The rules ask such questions for every quote and every cue; scanning the sentence
//! each time would make one long sentence cost the square of its length.
//!
//! Counts are prefix sums (`x[j] - x[i]` counts the tokens `i..j`); positions are token indices
//! stored as `u32`, with `NONE` for none.

use std::ops::Range;

use super::Linker;

const NONE: u32 = u32::MAX;

#[derive(Debug, Default)]
pub(super) struct Index {
    /// Words that make a lead-in: neither punctuation nor "and", "but", "so".
    lead_words: Vec<u32>,
    /// Cue verbs outside quotations.
    cues: Vec<u32>,
    /// Tokens inside a quote or one of its marks.
    quoted: Vec<u32>,
    /// Verbs and modals.
    verbs: Vec<u32>,
    /// Finite verbs and modals (VBD, VBZ, VBP, MD).
    finite: Vec<u32>,
    /// For each token, the first token at or after it that is a quote's closing mark right
    /// after quoted words; `NONE` when there is none.
    closing_mark: Vec<u32>,
    /// For each token, where a reported clause that starts there ends (see
    /// [`Linker::clause_end`]): the first clause break at or after it in its sentence, or the
    /// sentence end.
    clause_break: Vec<u32>,
    /// For each token, the nearest token at or before it in its sentence that is a verb with a
    /// clause subject (see [`Linker::clause_subject`]); `NONE` when there is none.
    subject_verb: Vec<u32>,
    /// For each token, the nearest token at or before it in its sentence that is a finite verb
    /// with a subject (see [`Linker::finite_verb_with_subject`]); `NONE` when there is none.
    finite_with_subject: Vec<u32>,
}

fn prefix(n: usize, f: impl Fn(usize) -> bool) -> Vec<u32> {
    let mut out = Vec::with_capacity(n + 1);
    let mut count = 0u32;
    out.push(0);
    for i in 0..n {
        count += u32::from(f(i));
        out.push(count);
    }
    out
}

fn count(p: &[u32], r: Range<usize>) -> u32 {
    if r.start >= r.end {
        0
    } else {
        p[r.end] - p[r.start]
    }
}

fn pos(i: u32) -> Option<usize> {
    (i != NONE).then_some(i as usize)
}

fn index(i: usize) -> u32 {
    u32::try_from(i)
        .ok()
        .filter(|&i| i != NONE)
        .expect("fewer than 2^32 - 1 tokens")
}

impl Index {
    pub(super) fn build(l: &Linker) -> Self {
        let a = l.a;
        let n = a.len();
        index(n);
        let lead_words = prefix(n, |i| {
            !a.is_punct(i) && !matches!(a.w(i), "and" | "but" | "so")
        });
        let cues = prefix(n, |i| !a.quoted(i) && l.cue_verb(i).is_some());
        let quoted = prefix(n, |i| a.quoted(i));
        let verbs = prefix(n, |i| a.is_verb(i));
        let finite = prefix(n, |i| matches!(a.pos[i], "VBD" | "VBZ" | "VBP" | "MD"));

        let mut closing_mark = vec![NONE; n];
        let mut next = NONE;
        for k in (0..n).rev() {
            if k > 0 && a.mark_of(k).is_some() && a.quote_at(k - 1).is_some() {
                next = index(k);
            }
            closing_mark[k] = next;
        }

        let mut clause_break = vec![NONE; n];
        let mut subject_verb = vec![NONE; n];
        let mut finite_with_subject = vec![NONE; n];
        for s in &a.seg.sentences {
            let r = s.tokens.clone();
            let mut next = index(r.end);
            for k in r.clone().rev() {
                if l.breaks_clause(k, r.end) {
                    next = index(k);
                }
                clause_break[k] = next;
            }
            let (mut subject, mut finite) = (NONE, NONE);
            for k in r {
                if l.verb_subject(k).is_some() {
                    subject = index(k);
                }
                if l.finite_verb_subject(k).is_some() {
                    finite = index(k);
                }
                subject_verb[k] = subject;
                finite_with_subject[k] = finite;
            }
        }
        Index {
            lead_words,
            cues,
            quoted,
            verbs,
            finite,
            closing_mark,
            clause_break,
            subject_verb,
            finite_with_subject,
        }
    }

    /// Lead-in words among tokens `r`.
    pub(super) fn lead_words(&self, r: Range<usize>) -> usize {
        count(&self.lead_words, r) as usize
    }

    /// Whether tokens `r` hold a cue verb outside quotations.
    pub(super) fn has_cue(&self, r: Range<usize>) -> bool {
        count(&self.cues, r) > 0
    }

    /// Whether tokens `r` hold a quoted token or a quote mark.
    pub(super) fn has_quoted(&self, r: Range<usize>) -> bool {
        count(&self.quoted, r) > 0
    }

    /// Whether tokens `r` hold a verb.
    pub(super) fn has_verb(&self, r: Range<usize>) -> bool {
        count(&self.verbs, r) > 0
    }

    /// Whether tokens `r` hold a finite verb or a modal.
    pub(super) fn has_finite(&self, r: Range<usize>) -> bool {
        count(&self.finite, r) > 0
    }

    /// The first closing mark right after quoted words at or after token `i`.
    pub(super) fn closing_mark(&self, i: usize) -> Option<usize> {
        self.closing_mark.get(i).and_then(|&k| pos(k))
    }

    /// Where a reported clause starting at token `from` ends (`from` inside a sentence).
    pub(super) fn clause_break(&self, from: usize) -> usize {
        self.clause_break[from] as usize
    }

    /// The nearest verb with a clause subject at or before token `i`, in its sentence.
    pub(super) fn subject_verb(&self, i: usize) -> Option<usize> {
        pos(self.subject_verb[i])
    }

    /// The nearest finite verb with a subject at or before token `i`, in its sentence.
    pub(super) fn finite_with_subject(&self, i: usize) -> Option<usize> {
        pos(self.finite_with_subject[i])
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
