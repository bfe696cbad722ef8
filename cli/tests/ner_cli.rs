//! The NER commands, run as a user runs them: `tag`, `tag --conll`, `eval ner`, `train-ner`.

mod common;

use common::{fixture, run, shared_data, whosaid};

/// The rows of `whosaid tag` output, fields split, header skipped.
fn tag_rows(stdout: &str) -> Vec<Vec<&str>> {
    stdout
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect()
}

#[test]
fn tag_prints_entities_with_code_point_offsets() {
    let out = run(whosaid().arg("tag").arg(fixture("article.txt")));
    assert!(out.status.success(), "{}", out.stderr);
    let text = std::fs::read_to_string(fixture("article.txt")).unwrap();
    let chars: Vec<char> = text.chars().collect();
    let rows = tag_rows(&out.stdout);
    assert!(
        out.stdout
            .starts_with("doc_id\tstart\tend\ttype\tscore\ttext\n")
    );
    for r in &rows {
        let (start, end): (usize, usize) = (r[1].parse().unwrap(), r[2].parse().unwrap());
        let slice: String = chars[start..end].iter().collect();
        assert_eq!(slice, r[5], "offsets must give the entity text back");
        let score: f32 = r[4].parse().unwrap();
        assert!((0.0..=1.0).contains(&score));
    }
    let has = |ty: &str, name: &str| rows.iter().any(|r| r[3] == ty && r[5].contains(name));
    assert!(has("PER", "Anna Berger"), "{}", out.stdout);
    assert!(has("PER", "Thomas Krall"), "{}", out.stdout);
    assert!(has("LOC", "Vienna"), "{}", out.stdout);
    assert!(has("ORG", "European Commission"), "{}", out.stdout);
}

#[test]
fn tag_reads_stdin_and_empty_input_gives_nothing() {
    let out = run(whosaid()
        .arg("tag")
        .stdin_text("Peter Schmidt flew to London.\n"));
    assert!(out.status.success());
    let per = out
        .stdout
        .lines()
        .any(|l| l.contains("\tPER\t") && l.ends_with("\tPeter Schmidt"));
    assert!(per, "{}", out.stdout);
    let out = run(whosaid().arg("tag").stdin_text(""));
    assert!(out.status.success());
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr, "");
}

#[test]
fn invalid_utf8_is_decoded_lossily_with_a_warning() {
    let out = run(whosaid().arg("tag").arg(fixture("invalid-utf8.txt")));
    assert!(out.status.success(), "{}", out.stderr);
    assert!(
        out.stderr.contains("invalid-utf8.txt") && out.stderr.contains("invalid UTF-8"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.contains("Angela Merkel"), "{}", out.stdout);
}

#[test]
fn missing_input_is_skipped_with_exit_code_3() {
    let out = run(whosaid()
        .arg("tag")
        .arg("no-such-file.txt")
        .arg(fixture("article.txt")));
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stderr.contains("no-such-file.txt"), "{}", out.stderr);
    assert!(
        out.stdout.contains("Anna Berger"),
        "the other input is still tagged"
    );
}

#[test]
fn tag_conll_adds_one_column() {
    let out = run(whosaid()
        .args(["tag", "--conll"])
        .arg(fixture("ner-sample.conll")));
    assert!(out.status.success(), "{}", out.stderr);
    let input = std::fs::read_to_string(fixture("ner-sample.conll")).unwrap();
    let in_lines: Vec<&str> = input.lines().filter(|l| !l.trim().is_empty()).collect();
    let out_lines: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(in_lines.len(), out_lines.len());
    for (a, b) in in_lines.iter().zip(&out_lines) {
        let tag = b
            .strip_prefix(*a)
            .unwrap_or_else(|| panic!("{b:?} does not extend {a:?}"))
            .trim();
        assert!(
            tag == "O" || tag.starts_with("B-") || tag.starts_with("I-"),
            "{tag}"
        );
    }
    assert!(
        out.stdout.contains("Maria NNP B-NP B-PER B-PER"),
        "{}",
        out.stdout
    );
}

#[test]
fn malformed_conll_names_file_and_line() {
    let out = run(whosaid()
        .args(["eval", "ner", "--gold"])
        .arg(fixture("ner-malformed.conll")));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stderr.contains("ner-malformed.conll:4:"),
        "{}",
        out.stderr
    );
}

#[test]
fn eval_ner_reports_scores_and_speed() {
    let out = run(whosaid()
        .args(["eval", "ner", "--json", "--gold"])
        .arg(fixture("ner-sample.conll")));
    assert!(out.status.success(), "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["overall"]["gold"], 6);
    assert!(v["overall"]["f1"].as_f64().unwrap() > 50.0, "{v}");
    assert!(v["tokens_per_second"].as_f64().unwrap() > 0.0);
    assert!(v["by_type"]["PER"]["gold"] == 2);
    let out = run(whosaid()
        .args(["eval", "ner", "--gold"])
        .arg(fixture("ner-sample.conll")));
    assert!(
        out.stdout.contains("overall") && out.stdout.contains("tokens/s"),
        "{}",
        out.stdout
    );
}

#[test]
fn train_ner_is_deterministic_and_reports_dev_f1() {
    let dir = common::temp_dir("train");
    let train = |name: &str| {
        let path = dir.join(name);
        let out = run(whosaid()
            .args(["train-ner", "--epochs", "3", "--folds", "2", "--train"])
            .arg(fixture("ner-sample.conll"))
            .arg("--dev")
            .arg(fixture("ner-sample.conll"))
            .arg("--out")
            .arg(&path));
        assert!(out.status.success(), "{}", out.stderr);
        assert!(
            out.stderr.contains("stage 1 epoch  1: dev F1"),
            "{}",
            out.stderr
        );
        assert!(out.stderr.contains("stage 2 epoch"), "{}", out.stderr);
        std::fs::read(path).unwrap()
    };
    let a = train("a.bin");
    let b = train("b.bin");
    assert_eq!(a, b, "same data and seed, same model");
    // The trained model loads and tags its own training data.
    let out = run(whosaid()
        .args(["tag", "--ner"])
        .arg(dir.join("a.bin"))
        .arg("--conll")
        .arg(fixture("ner-sample.conll")));
    assert!(out.status.success(), "{}", out.stderr);
    assert!(
        out.stdout.contains("Lopez NNP I-NP I-PER I-PER"),
        "{}",
        out.stdout
    );
}

/// A `--ner` value that is neither a model name nor an existing path is a usage error.
#[test]
fn unknown_model_path_is_a_clear_error() {
    let out = run(whosaid()
        .args(["tag", "--ner", "no/such/model.bin"])
        .stdin_text("x"));
    assert_eq!(out.status.code(), Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("no/such/model.bin"), "{}", out.stderr);
}

/// The shipped model on the CoNLL++ test set (when the shared data is present).
#[test]
#[ignore = "needs ../shared/data (set WHOSAID_DATA)"]
fn shipped_model_meets_conllpp_targets() {
    let Some(data) = shared_data("ner/conllpp/test.txt") else {
        return;
    };
    let out = run(whosaid()
        .args(["eval", "ner", "--json", "--gold"])
        .arg(data));
    assert!(out.status.success(), "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let f1 = v["overall"]["f1"].as_f64().unwrap();
    let per = v["by_type"]["PER"]["f1"].as_f64().unwrap();
    assert!(f1 >= 88.0, "overall F1 {f1}");
    assert!(per >= 93.0, "PER F1 {per}");
}

/// The shipped transformer, alone and mixed with the fast model, on the CoNLL++ test set (when
/// the shared data is present).
#[test]
#[ignore = "needs ../shared/data (set WHOSAID_DATA)"]
fn shipped_transformer_and_combined_meet_conllpp_targets() {
    let Some(data) = shared_data("ner/conllpp/test.txt") else {
        return;
    };
    for (model, min_f1) in [("transformer", 90.0), ("combined", 91.0)] {
        let out = run(whosaid()
            .args(["eval", "ner", "--json", "--ner", model, "--gold"])
            .arg(&data));
        assert!(out.status.success(), "{}", out.stderr);
        let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        let f1 = v["overall"]["f1"].as_f64().unwrap();
        let per = v["by_type"]["PER"]["f1"].as_f64().unwrap();
        assert!(f1 >= min_f1, "{model}: overall F1 {f1}");
        assert!(per >= 96.0, "{model}: PER F1 {per}");
    }
}

#[test]
fn combined_model_tags_text() {
    let out = run(whosaid()
        .args(["tag", "--ner", "combined"])
        .arg(fixture("article.txt")));
    assert!(out.status.success(), "{}", out.stderr);
    let rows = tag_rows(&out.stdout);
    let has = |ty: &str, name: &str| rows.iter().any(|r| r[3] == ty && r[5].contains(name));
    assert!(has("PER", "Anna Berger"), "{}", out.stdout);
    assert!(has("LOC", "Vienna"), "{}", out.stdout);
}
