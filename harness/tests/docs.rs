//! CONFORMANCE.md stays true to the corpus: every clause of
//! `cases/clauses.toml` has at least one case, the clause table lists each
//! clause with exactly the cases that test it, and the mutant table names
//! every mutant. On a mismatch the test prints the table as it should be.

use std::collections::BTreeMap;
use std::path::Path;

use srfi106_conformance::corpus::Corpus;
use srfi106_reference::mutant::MUTANTS;

fn read(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn corpus() -> Corpus {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../cases");
    Corpus::from_dir(&dir, None).unwrap_or_else(|e| panic!("{e}"))
}

/// The text between `<!-- NAME:begin -->` and `<!-- NAME:end -->`.
fn section<'a>(doc: &'a str, name: &str) -> &'a str {
    let begin = format!("<!-- {name}:begin -->\n");
    let end = format!("<!-- {name}:end -->");
    let start = doc.find(&begin).unwrap_or_else(|| panic!("CONFORMANCE.md has no {begin:?}")) + begin.len();
    let stop = doc[start..].find(&end).unwrap_or_else(|| panic!("CONFORMANCE.md has no {end:?}")) + start;
    &doc[start..stop]
}

fn clause_table(corpus: &Corpus) -> String {
    let mut cases: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for case in &corpus.cases {
        cases.entry(case.spec.as_str()).or_default().push(case.name.as_str());
    }
    let mut s = String::from("| clause | statement | source | tests | cases |\n|---|---|---|---|---|\n");
    for c in &corpus.clauses {
        let list = cases.get(c.id.as_str()).map(|v| v.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "));
        let tests: Vec<String> = c.tests.iter().map(|n| format!("`{n}`")).collect();
        s.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            c.id,
            c.text.replace('|', "\\|"),
            c.source,
            tests.join(" "),
            list.unwrap_or_default()
        ));
    }
    s
}

#[test]
fn every_clause_has_a_case() {
    let corpus = corpus();
    let without: Vec<&str> =
        corpus.clauses.iter().filter(|c| !corpus.cases.iter().any(|k| k.spec == c.id)).map(|c| c.id.as_str()).collect();
    assert!(without.is_empty(), "clauses without a case: {without:?}");
}

#[test]
fn the_clause_table_lists_the_cases_of_every_clause() {
    let corpus = corpus();
    let expected = clause_table(&corpus);
    let doc = read("CONFORMANCE.md");
    assert!(
        section(&doc, "clauses") == expected,
        "CONFORMANCE.md's clause table is out of date; between the clauses markers it should read:\n\n{expected}"
    );
}

#[test]
fn the_mutant_table_names_every_mutant() {
    let doc = read("CONFORMANCE.md");
    let table = section(&doc, "mutants");
    let missing: Vec<&str> =
        MUTANTS.iter().map(|m| m.name).filter(|n| !table.contains(&format!("| `{n}` |"))).collect();
    assert!(
        missing.is_empty(),
        "CONFORMANCE.md's mutant table lacks {missing:?}: regenerate it with \
         `cargo run --release -p srfi106-conform --features mutants -- mutants --report-md FILE`"
    );
    assert_eq!(
        table.lines().filter(|l| l.starts_with("| `")).count(),
        MUTANTS.len(),
        "the table lists unknown mutants"
    );
}

#[test]
fn the_counts_in_the_scope_section_are_current() {
    let corpus = corpus();
    let doc = read("CONFORMANCE.md");
    let scope = section(&doc, "counts");
    let expected = format!(
        "{} cases, {} clauses, {} rulings, {} mutants.\n",
        corpus.cases.len(),
        corpus.clauses.len(),
        corpus.rulings.len(),
        MUTANTS.len()
    );
    assert_eq!(scope, expected);
}
