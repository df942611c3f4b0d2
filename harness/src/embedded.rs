//! The corpus, adapters and shims built into the binary (see build.rs).

use std::path::Path;

use srfi106_conformance::adapter::Adapter;
use srfi106_conformance::corpus::{Corpus, Defaults};
use srfi106_conformance::Error;

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

fn find(table: &[(&str, &'static str)], path: &str) -> &'static str {
    table.iter().find(|(p, _)| *p == path).map(|(_, text)| *text).unwrap_or("")
}

/// The built-in corpus, or the one in `dir` (which falls back to the
/// built-in clauses and check library).
pub fn corpus(dir: Option<&Path>) -> Result<Corpus, Error> {
    match dir {
        None => Corpus::from_files("cases", CASES.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect(), None),
        Some(dir) => {
            let defaults =
                Defaults { clauses: find(CASES, "clauses.toml"), check_library: find(CASES, "lib/check.scm") };
            Corpus::from_dir(dir, Some(&defaults))
        }
    }
}

/// The built-in adapters, by name.
pub fn adapters() -> Result<Vec<Adapter>, Error> {
    ADAPTERS
        .iter()
        .filter(|(p, _)| p.ends_with(".toml"))
        .map(|(p, text)| Adapter::parse(&format!("(built in) {p}"), text))
        .collect()
}

/// Writes the shim libraries under `dir`.
pub fn unpack_shims(dir: &Path) -> Result<(), Error> {
    for (rel, text) in SHIMS {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, "create", e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::io(&path, "write", e))?;
    }
    Ok(())
}
