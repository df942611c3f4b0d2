//! A corpus: case files, the check library they share, the clauses and
//! rulings they may name, and the snapshots of their expected transcripts.
//!
//! Layout (the suite's own `cases/`, or `--cases DIR`):
//!
//! ```text
//! clauses.toml          [[clause]] id/text/source and [[ruling]] id/text
//! lib/check.scm         definitions every case can use
//! <group>/<name>.scm    cases
//! snapshots/<group>/<name>.snap
//! ```
//!
//! Another corpus may omit `clauses.toml` and `lib/check.scm`: the suite's
//! own are used (its clauses are then added to the corpus's).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::case::{Case, Vocabulary};
use crate::error::Error;
use crate::names::{CheckLibrary, Dialect, CORE};
use crate::snapshot;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clause {
    pub id: String,
    pub text: String,
    /// Where the clause comes from: a section of SRFI 106, or a ruling.
    pub source: String,
    /// The SRFI 106 names whose behaviour the clause states: a case of the
    /// clause that an implementation cannot run for lack of one of them
    /// fails; for lack of any other name it is blocked.
    #[serde(default)]
    pub tests: Vec<String>,
    /// Other SRFI 106 names the clause's cases may use besides the core
    /// (`names::CORE`): the set-up its behaviour cannot be seen without.
    #[serde(default)]
    pub needs: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ruling {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClausesFile {
    #[serde(default)]
    clause: Vec<Clause>,
    #[serde(default)]
    ruling: Vec<Ruling>,
}

pub struct Corpus {
    /// How paths are shown (`cases`, or the `--cases` directory).
    pub root: String,
    pub cases: Vec<Case>,
    /// `lib/check.scm`, definition by definition.
    pub check: CheckLibrary,
    /// The names of the case dialect.
    pub dialect: Dialect,
    pub clauses: Vec<Clause>,
    pub rulings: Vec<Ruling>,
    /// Expected transcripts by case name.
    pub snapshots: BTreeMap<String, String>,
    /// Where the snapshot files are, for a corpus on disk.
    pub snapshot_dir: Option<PathBuf>,
}

/// The suite's own clauses file and check library, used by corpora that
/// do not have their own.
pub struct Defaults<'a> {
    pub clauses: &'a str,
    pub check_library: &'a str,
}

fn parse_clauses(file: &str, text: &str) -> Result<ClausesFile, Error> {
    toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| text[..s.start].lines().count().max(1)).unwrap_or(1);
        Error::case(file, line, e.message().to_string())
    })
}

impl Corpus {
    /// A corpus from `(relative path, contents)` pairs.
    pub fn from_files(root: &str, files: Vec<(String, String)>, defaults: Option<&Defaults>) -> Result<Corpus, Error> {
        let display = |rel: &str| format!("{root}/{rel}");
        let mut clauses_file = ClausesFile::default();
        let mut check_library = None;
        let mut snapshots = BTreeMap::new();
        let mut case_files = Vec::new();
        for (rel, text) in files {
            let rel = rel.replace('\\', "/");
            if rel == "clauses.toml" {
                let own = parse_clauses(&display(&rel), &text)?;
                clauses_file.clause.extend(own.clause);
                clauses_file.ruling.extend(own.ruling);
            } else if rel == "lib/check.scm" {
                check_library = Some(text);
            } else if let Some(snap) = rel.strip_prefix("snapshots/").and_then(|s| s.strip_suffix(".snap")) {
                let content = snapshot::content(&text)
                    .ok_or_else(|| Error::case(display(&rel), 1, "not an insta snapshot (expected a `---` header)"))?;
                snapshots.insert(snap.to_string(), content);
            } else if rel.ends_with(".scm") && !rel.starts_with("lib/") {
                case_files.push((rel, text));
            }
        }
        if let Some(d) = defaults {
            if check_library.is_none() {
                check_library = Some(d.check_library.to_string());
            }
            let builtin = parse_clauses("the built-in clauses.toml", d.clauses)?;
            for c in builtin.clause {
                if !clauses_file.clause.iter().any(|x| x.id == c.id) {
                    clauses_file.clause.push(c);
                }
            }
            for r in builtin.ruling {
                if !clauses_file.ruling.iter().any(|x| x.id == r.id) {
                    clauses_file.ruling.push(r);
                }
            }
        }
        let check_library = check_library
            .ok_or_else(|| Error::Corpus { path: PathBuf::from(root), message: "lib/check.scm is missing".into() })?;
        let dialect = Dialect::new();
        let check_file = display("lib/check.scm");
        let check = CheckLibrary::parse(&check_file, &check_library)?;
        for d in &check.definitions {
            if let Some(n) = d.mentions.iter().find(|n| dialect.is_srfi106(n) && !CORE.contains(&n.as_str())) {
                return Err(Error::case(
                    &check_file,
                    line_of(&check_library, &d.text),
                    format!("`{}` uses `{n}`: the check library may use only the core ({})", d.name, CORE.join(", ")),
                ));
            }
        }
        let mut ids = BTreeSet::new();
        for c in &clauses_file.clause {
            if !ids.insert(c.id.clone()) {
                return Err(Error::Corpus {
                    path: PathBuf::from(root),
                    message: format!("clause `{}` is listed twice", c.id),
                });
            }
        }
        let rulings: BTreeSet<String> = clauses_file.ruling.iter().map(|r| r.id.clone()).collect();
        let vocabulary = Vocabulary { clauses: &ids, rulings: &rulings };
        // Every problem of the corpus is collected and reported at once.
        let mut problems = Vec::new();
        let clauses_display = display("clauses.toml");
        for c in &clauses_file.clause {
            for n in c.tests.iter().chain(&c.needs) {
                if !dialect.is_srfi106(n) {
                    problems.push(Error::Corpus {
                        path: PathBuf::from(&clauses_display),
                        message: format!("clause `{}`: `{n}` is not a SRFI 106 name", c.id),
                    });
                }
            }
        }
        let mut cases = Vec::new();
        let mut names = BTreeSet::new();
        for (rel, text) in case_files {
            let name = rel.trim_end_matches(".scm").to_string();
            names.insert(name.clone());
            let mut case = match Case::parse(&name, &display(&rel), &text, &vocabulary) {
                Ok(case) => case,
                Err(errors) => {
                    problems.extend(errors);
                    continue;
                }
            };
            case.helpers = check.needed(&case.mentions);
            let mut mentioned = case.mentions.clone();
            mentioned.extend(check.mentions(&case.helpers));
            case.uses = mentioned.into_iter().filter(|n| dialect.get(n).is_some()).collect();
            if let Some(clause) = clauses_file.clause.iter().find(|c| c.id == case.spec) {
                problems.extend(isolated(&case, clause, &dialect).err());
            }
            problems.extend(crate::case::undeclared_needs(&case));
            cases.push(case);
        }
        for snapshot in snapshots.keys().filter(|s| !names.contains(*s)) {
            problems.push(Error::case(
                display(&format!("snapshots/{snapshot}.snap")),
                1,
                "a snapshot with no case: remove it, or restore its case",
            ));
        }
        match problems.len() {
            0 => {}
            1 => return Err(problems.remove(0)),
            _ => return Err(Error::Many(problems)),
        }
        if cases.is_empty() {
            return Err(Error::Corpus {
                path: PathBuf::from(root),
                message: "the corpus holds no case (*.scm)".into(),
            });
        }
        cases.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Corpus {
            root: root.to_string(),
            cases,
            check,
            dialect,
            clauses: clauses_file.clause,
            rulings: clauses_file.ruling,
            snapshots,
            snapshot_dir: None,
        })
    }

    /// A corpus from a directory.
    pub fn from_dir(dir: &Path, defaults: Option<&Defaults>) -> Result<Corpus, Error> {
        if !dir.is_dir() {
            return Err(Error::Corpus { path: dir.to_path_buf(), message: "not a directory".into() });
        }
        let mut files = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            let entries = std::fs::read_dir(&d).map_err(|e| Error::io(&d, "read the directory", e))?;
            for entry in entries {
                let entry = entry.map_err(|e| Error::io(&d, "read the directory", e))?;
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let rel = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().into_owned();
                let wanted = rel.ends_with(".scm") || rel.ends_with(".snap") || rel == "clauses.toml";
                if wanted {
                    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, "read", e))?;
                    files.push((rel, text));
                }
            }
        }
        let mut corpus = Corpus::from_files(&dir.display().to_string(), files, defaults)?;
        corpus.snapshot_dir = Some(dir.join("snapshots"));
        Ok(corpus)
    }

    pub fn clause(&self, id: &str) -> Option<&Clause> {
        self.clauses.iter().find(|c| c.id == id)
    }

    /// The SRFI 106 names `case` tests (those of its clause).
    pub fn tested(&self, case: &Case) -> &[String] {
        self.clause(&case.spec).map(|c| c.tests.as_slice()).unwrap_or(&[])
    }

    /// Every name of the dialect the corpus uses, and every SRFI 106 name.
    pub fn names(&self) -> BTreeSet<String> {
        let mut all: BTreeSet<String> = self.cases.iter().flat_map(|c| c.uses.iter().cloned()).collect();
        all.extend(self.dialect.srfi106().map(str::to_string));
        all
    }
}

/// The line of `text` where `part` begins (1 if it is not found).
fn line_of(text: &str, part: &str) -> usize {
    text.find(part).map(|at| text[..at].lines().count() + 1).unwrap_or(1)
}

/// A case uses the core, and besides it only the SRFI 106 names its clause
/// tests or needs: so an implementation fails it only for what it tests.
fn isolated(case: &Case, clause: &Clause, dialect: &Dialect) -> Result<(), Error> {
    let allowed = |n: &String| CORE.contains(&n.as_str()) || clause.tests.contains(n) || clause.needs.contains(n);
    match case.uses.iter().find(|n| dialect.is_srfi106(n) && !allowed(n)) {
        None => Ok(()),
        Some(n) => {
            let line = case
                .text
                .lines()
                .position(|l| l.split(|c: char| c.is_whitespace() || "()'`,".contains(c)).any(|w| w == n))
                .map_or(1, |i| i + 1);
            Err(Error::case(
                &case.file,
                line,
                format!(
                    "the case uses `{n}`, which its clause `{}` neither tests nor needs: use the core ({}) or \
                     add `{n}` to the clause's `needs` in clauses.toml",
                    clause.id,
                    CORE.join(", ")
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLAUSES: &str =
        "[[clause]]\nid = \"a.b\"\ntext = \"t\"\nsource = \"s\"\n[[ruling]]\nid = \"R-X\"\ntext = \"r\"\n";

    fn files(extra: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = vec![
            ("clauses.toml".into(), CLAUSES.into()),
            ("lib/check.scm".into(), "(define (say . x) x)\n(define (conform-done) 1)".into()),
        ];
        v.extend(extra.iter().map(|(a, b)| (a.to_string(), b.to_string())));
        v
    }

    #[test]
    fn loads_cases_sorted_with_snapshots() {
        let c = Corpus::from_files(
            "cases",
            files(&[
                ("z/last.scm", ";;@ description: d\n;;@ spec: a.b\n(x)"),
                ("a/first.scm", ";;@ description: d\n;;@ spec: a.b\n(x)"),
                ("snapshots/a/first.snap", "---\nsource: x\n---\nsay 1\n"),
            ]),
            None,
        )
        .expect("loads");
        let names: Vec<&str> = c.cases.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["a/first", "z/last"]);
        assert_eq!(c.snapshots.get("a/first").map(String::as_str), Some("say 1"));
        assert_eq!(c.cases[0].file, "cases/a/first.scm");
    }

    #[test]
    fn an_empty_corpus_is_an_error() {
        let e = Corpus::from_files("cases", files(&[]), None).err().map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(e, "cases: the corpus holds no case (*.scm)");
    }

    #[test]
    fn bad_clauses_files_name_the_line() {
        let v = vec![("clauses.toml".to_string(), "[[clause]]\nid = \"a\"\nbogus = 1\n".to_string())];
        let e = Corpus::from_files("cases", v, None).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.starts_with("cases/clauses.toml:"), "{e}");
        assert!(e.contains("unknown field `bogus`"), "{e}");
    }

    #[test]
    fn another_corpus_uses_the_suites_defaults() {
        let defaults = Defaults { clauses: CLAUSES, check_library: "(define (say . x) x)\n(define (conform-done) 1)" };
        let v = vec![("mine.scm".to_string(), ";;@ description: d\n;;@ spec: a.b\n(x)".to_string())];
        let c = Corpus::from_files("mine", v, Some(&defaults)).expect("loads");
        assert_eq!(c.cases.len(), 1);
        assert!(c.check.definitions.iter().any(|d| d.name == "say"));
    }
}
