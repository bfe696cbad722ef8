//! Document-level evidence for the fast tagger's second stage: how a first pass over the whole
//! article tagged the same word elsewhere.

use crate::tagging::features::{DocEvidence, TokenInfo};

use super::Label;

/// Document evidence for every token of every sentence, from first-pass labels.
///
/// Words are compared in lower case, and only capitalised occurrences count: "Bush" in a headline
/// and "BUSH" in a results table support each other, "bush" in running text does not.
pub fn doc_evidence(infos: &[Vec<TokenInfo>], labels: &[Vec<Label>]) -> Vec<Vec<DocEvidence>> {
    use std::collections::HashMap;
    let mut counts: HashMap<String, ([u16; 4], u16, u8)> = HashMap::new();
    let lower_of = |t: &TokenInfo| t.norm.to_lowercase();
    for (s, ls) in infos.iter().zip(labels) {
        for (t, l) in s.iter().zip(ls) {
            if !t.initial_cap {
                continue;
            }
            let e = counts.entry(lower_of(t)).or_default();
            match l.entity_type() {
                Some(ty) => {
                    e.0[ty.index()] = e.0[ty.index()].saturating_add(1);
                    if e.2 == 0 {
                        e.2 = ty.index() as u8 + 1;
                    }
                }
                None => e.1 = e.1.saturating_add(1),
            }
        }
    }
    let code = |l: Option<&Label>| l.map(|l| l.index() as u8 + 1).unwrap_or(0);
    let (mut numbers, mut tokens) = (0usize, 0usize);
    for t in infos.iter().flatten() {
        tokens += 1;
        numbers += t.norm.starts_with(|c: char| c.is_ascii_digit()) as usize;
    }
    let numeric = match (numbers * 100).checked_div(tokens).unwrap_or(0) {
        0..=4 => 0,
        5..=9 => 1,
        10..=19 => 2,
        _ => 3,
    };
    infos
        .iter()
        .zip(labels)
        .map(|(s, ls)| {
            s.iter()
                .enumerate()
                .map(|(i, t)| {
                    let mut ev = DocEvidence {
                        stage1: [
                            if i > 0 { code(ls.get(i - 1)) } else { 0 },
                            code(ls.get(i)),
                            code(ls.get(i + 1)),
                        ],
                        numeric,
                        ..Default::default()
                    };
                    if let Some(&(mut types, mut o, first)) =
                        counts.get(&lower_of(t)).filter(|_| t.initial_cap)
                    {
                        // Evidence from elsewhere: leave this occurrence out.
                        match ls[i].entity_type() {
                            Some(ty) => types[ty.index()] -= 1,
                            None => o -= 1,
                        }
                        ev.type_counts = types;
                        ev.o_count = o;
                        ev.first_type = first;
                    }
                    ev
                })
                .collect()
        })
        .collect()
}
