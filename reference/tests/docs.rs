//! CONFORMANCE.md's "The case dialect" lists exactly what each library of
//! the reference exports: this test fails when the two drift apart, and
//! prints the lists as they should read.

use std::collections::BTreeSet;

use srfi106_reference::library::Lib;
use srfi106_reference::syntax::Binding;
use srfi106_reference::{Options, Session};

/// The names each library exports, split into syntax and procedures
/// (values such as the port parameters and SRFI 106's constants count as
/// procedures/variables).
fn exports() -> Vec<(Lib, BTreeSet<String>, BTreeSet<String>)> {
    let session = Session::new(Options::default(), false);
    Lib::ALL
        .iter()
        .map(|lib| {
            let mut syntax = BTreeSet::new();
            let mut values = BTreeSet::new();
            for (name, binding) in session.libraries.exports(*lib) {
                match binding {
                    Binding::Special(_) | Binding::Macro(_) => syntax.insert(name.to_string()),
                    Binding::Global(_) => values.insert(name.to_string()),
                };
            }
            (*lib, syntax, values)
        })
        .collect()
}

fn render(names: &BTreeSet<String>) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// The names in backquotes on the line after `label` in the section of
/// `lib`.
fn documented(doc: &str, lib: Lib, label: &str) -> BTreeSet<String> {
    let heading = format!("### `{}`", lib.name());
    let Some(start) = doc.find(&heading) else { return BTreeSet::new() };
    let section = &doc[start + heading.len()..];
    let section = &section[..section.find("\n### ").unwrap_or(section.len())];
    let Some(line) = section.lines().find(|l| l.starts_with(label)) else { return BTreeSet::new() };
    line.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

#[test]
fn conformance_md_lists_every_export() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../CONFORMANCE.md");
    let doc = std::fs::read_to_string(path).expect("read CONFORMANCE.md");
    let mut expected = String::new();
    let mut ok = true;
    for (lib, syntax, values) in exports() {
        expected.push_str(&format!("### `{}`\n", lib.name()));
        if !syntax.is_empty() {
            expected.push_str(&format!("Syntax: {}\n", render(&syntax)));
        }
        if !values.is_empty() {
            expected.push_str(&format!("Procedures and variables: {}\n", render(&values)));
        }
        expected.push('\n');
        ok &= documented(&doc, lib, "Syntax:") == syntax;
        ok &= documented(&doc, lib, "Procedures and variables:") == values;
    }
    assert!(ok, "CONFORMANCE.md's library lists are out of date; they should read:\n\n{expected}");
}
