//! The sieves' examples, run through the whole pipeline with the shipped fast models: in each
//! example text, the link whose speaker mention is the example's must get the example's speaker
//! from that sieve.

use super::{SieveId, resolve_with_sieves};
use crate::pipeline::Pipeline;
use crate::{cues, link};

fn pipeline() -> Pipeline {
    Pipeline::builder()
        .build()
        .expect("the shipped models load")
}

/// (mention, speaker, sieve) of every link in `text`.
fn speakers(p: &Pipeline, text: &str) -> Vec<(String, String, SieveId)> {
    let a = p.analyse(text).unwrap();
    let links = link::link(&a, &cues::find(&a));
    let resolved = resolve_with_sieves(&a, &links, p.name_tables());
    links
        .iter()
        .zip(resolved)
        .filter_map(|(l, r)| {
            let m = l.speaker.as_ref()?;
            let (s, id) = r?;
            Some((a.text[a.span(m)].to_string(), s.name, id))
        })
        .collect()
}

#[test]
fn every_sieve_example_resolves_by_its_sieve() {
    let p = pipeline();
    let mut failures = Vec::new();
    let mut count = 0;
    for &sieve in SieveId::ALL {
        for ex in sieve.examples() {
            count += 1;
            let got = speakers(&p, ex.text);
            let hit = got.iter().find(|(m, _, _)| m == ex.mention);
            match hit {
                Some((_, name, id)) if name == ex.speaker && *id == sieve => {}
                _ => failures.push(format!(
                    "{}: in {:?} expected {:?} → {:?}, got {:?}",
                    sieve.as_str(),
                    ex.text,
                    ex.mention,
                    ex.speaker,
                    got
                )),
            }
        }
    }
    assert!(count >= 12, "the catalogue has examples");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
