//! CONFORMANCE.md stays true to the corpus and the engine: every clause of
//! `cases/clauses.toml` has at least one case, the clause table lists each
//! clause with exactly the cases that test it, the mutant table names every
//! mutant, and the tables of the directives, the peer's steps and the check
//! library's lines are the ones their definitions print. On a mismatch the
//! test prints the table as it should be. The examples in the engine's
//! module documentation hold against the real corpus.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use srfi106_conformance::case::Directive;
use srfi106_conformance::corpus::Corpus;
use srfi106_conformance::expect::Expectations;
use srfi106_conformance::script::StepKind;
use srfi106_conformance::transcript;
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
    generated("clauses", &clause_table(&corpus()), "cases/clauses.toml and the cases");
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
    let expected = format!(
        "{} cases, {} clauses, {} rulings, {} mutants.\n",
        corpus.cases.len(),
        corpus.clauses.len(),
        corpus.rulings.len(),
        MUTANTS.len()
    );
    generated("counts", &expected, "the corpus and the mutants");
}

/// Serialises rewrites of CONFORMANCE.md by concurrent tests.
static REWRITE: Mutex<()> = Mutex::new(());

/// Asserts that the text between the `name` markers is `expected`, which
/// `from` defines. With `SRFI106_UPDATE_DOCS=1` it rewrites the section
/// instead, as `INSTA_UPDATE` does for snapshots.
fn generated(name: &str, expected: &str, from: &str) {
    let _guard = REWRITE.lock().unwrap_or_else(|e| e.into_inner());
    let doc = read("CONFORMANCE.md");
    let current = section(&doc, name);
    if current == expected {
        return;
    }
    if std::env::var_os("SRFI106_UPDATE_DOCS").is_some_and(|v| v == "1") {
        let start = current.as_ptr() as usize - doc.as_ptr() as usize;
        let updated = format!("{}{expected}{}", &doc[..start], &doc[start + current.len()..]);
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../CONFORMANCE.md");
        std::fs::write(&path, updated).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        return;
    }
    panic!(
        "CONFORMANCE.md's {name} section is out of date with {from}; between the {name} markers it should \
         read (or run this test with SRFI106_UPDATE_DOCS=1 to rewrite it):\n\n{expected}"
    );
}

#[test]
fn the_directive_table_is_the_vocabulary() {
    generated("directives", &Directive::table(), "case::Directive");
}

#[test]
fn the_peer_tables_are_the_steps() {
    generated("peer-steps", &StepKind::tables(), "script::StepKind");
}

#[test]
fn the_check_library_line_table_is_the_kinds() {
    generated("conform-lines", &transcript::Kind::table(), "transcript::Kind");
}

/// The lines of the module documentation (`//!`) of `file` between the
/// fence that opens with `lang` and the next fence.
fn doc_example(file: &str, lang: &str) -> String {
    let text = read(file);
    let docs: Vec<&str> =
        text.lines().filter_map(|l| l.strip_prefix("//!")).map(|l| l.strip_prefix(' ').unwrap_or(l)).collect();
    let open = format!("```{lang}");
    let start = docs.iter().position(|l| *l == open).unwrap_or_else(|| panic!("{file} has no {open} example"));
    let len = docs[start + 1..].iter().position(|l| *l == "```").unwrap_or_else(|| panic!("{file}: open fence"));
    docs[start + 1..start + 1 + len].join("\n") + "\n"
}

#[test]
fn the_case_example_is_a_case_of_the_corpus_vocabulary() {
    let example = doc_example("conformance/src/case.rs", "scheme");
    let files = vec![
        ("clauses.toml".to_string(), read("cases/clauses.toml")),
        ("lib/check.scm".to_string(), read("cases/lib/check.scm")),
        ("example/doc.scm".to_string(), example),
    ];
    let corpus = Corpus::from_files("case.rs", files, None).unwrap_or_else(|e| panic!("case.rs's example: {e}"));
    assert_eq!(corpus.cases.len(), 1);
}

#[test]
fn the_expectations_example_names_what_exists() {
    let example = doc_example("conformance/src/expect.rs", "toml");
    let expectations = Expectations::parse(Path::new("expect.rs"), &example).unwrap_or_else(|e| panic!("{e}"));
    let corpus = corpus();
    let cases: Vec<&str> = corpus.cases.iter().map(|c| c.name.as_str()).collect();
    let unmatched: Vec<&str> = expectations.unmatched(&cases).iter().map(|e| e.case.as_str()).collect();
    assert!(unmatched.is_empty(), "expect.rs's example names no case with {unmatched:?}");
    for m in &expectations.missing {
        assert!(corpus.dialect.is_srfi106(&m.name), "expect.rs's example: `{}` is not a SRFI 106 name", m.name);
    }
    for d in &expectations.dialect {
        let program = format!("reference/tests/dialect/{}.scm", d.program);
        assert!(Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(&program).is_file(), "no {program}");
    }
}

#[test]
fn the_procedure_table_lists_the_check_library() {
    let corpus = corpus();
    let doc = read("CONFORMANCE.md");
    let table = section(&doc, "check-library");
    // `conform-` definitions are the library's own workings.
    let public: Vec<&str> =
        corpus.check.definitions.iter().map(|d| d.name.as_str()).filter(|n| !n.starts_with("conform-")).collect();
    let listed: Vec<&str> =
        table.lines().filter_map(|l| l.strip_prefix("| `(")).filter_map(|l| l.split([' ', ')']).next()).collect();
    assert_eq!(
        listed, public,
        "CONFORMANCE.md's check-library table must list cases/lib/check.scm's procedures, in order"
    );
}
