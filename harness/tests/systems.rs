//! The real implementations the suite is judged against, where they are
//! installed. Each one:
//!
//! - runs the dialect corpus (`reference/tests/dialect`) through its
//!   built-in adapter, each program printing exactly what it prints on the
//!   reference (bytevectors' bytes read as numbers in any radix, `#vu8(`
//!   as `#u8(`): the adapter is complete for the
//!   case dialect. A program that uses a name the names probe finds
//!   missing is skipped, naming it, and so are the programs of what the
//!   reference guarantees beyond R7RS (their first line is `;; beyond
//!   R7RS: ...`). What a program shows of the system's own R7RS bugs is
//!   recorded in its expectations (`[[dialect]]`);
//! - runs the conformance corpus with its checked-in expectations, and
//!   must exit 0: every failure is its own bug, recorded with the words of
//!   SRFI 106 or R7RS it breaks;
//! - for Guile and Chibi, which have no `(srfi 106)` of their own, runs
//!   the tests of the suite's library for them (`conformance/shims/*/tests`).
//!
//! Systems are found in the directories of `SRFI106_IMPLS` (separated by
//! `:`, default `/opt/schemes/bin`), then on `PATH`. One that is not found
//! is reported as skipped, by name; `SRFI106_REQUIRE=gauche,guile` makes
//! those systems' absence a failure (CI). Trials run one at a time: each
//! runs many programs in parallel already, and case deadlines must not
//! feel a second system's load.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use libtest_mimic::{Arguments, Failed, Trial};
use srfi106_conformance::adapter::{Adapter, Places};
use srfi106_conformance::expect::Expectations;
use srfi106_conformance::names::{self, Dialect};
use srfi106_conformance::probe;

/// A system: its adapter, the binaries that run it, its expectations, and
/// the tests of the suite's `(srfi 106)` library for it, if it has one.
struct System {
    name: &'static str,
    adapter: &'static str,
    binaries: &'static [&'static str],
    expectations: &'static str,
    library_tests: Option<LibraryTests>,
}

/// Runs the tests of the suite's library for a system, given its binary.
type LibraryTests = fn(&Path) -> Result<(), Failed>;

const SYSTEMS: &[System] = &[
    System {
        name: "guile",
        adapter: "guile",
        binaries: &["guile"],
        expectations: "conformance/shims/guile/expect.toml",
        library_tests: Some(guile_library),
    },
    System {
        name: "gauche",
        adapter: "gauche",
        binaries: &["gosh"],
        expectations: "conformance/expectations/gauche.toml",
        library_tests: None,
    },
    System {
        name: "chibi",
        adapter: "chibi",
        binaries: &["chibi-scheme"],
        expectations: "conformance/shims/chibi/expect.toml",
        library_tests: Some(chibi_library),
    },
    System {
        name: "picrin",
        adapter: "picrin",
        binaries: &["picrin"],
        expectations: "conformance/expectations/picrin.toml",
        library_tests: None,
    },
    System {
        name: "cyclone",
        adapter: "cyclone",
        binaries: &["cyclone"],
        expectations: "conformance/expectations/cyclone.toml",
        library_tests: None,
    },
    System {
        name: "foment",
        adapter: "foment",
        binaries: &["foment"],
        expectations: "conformance/expectations/foment.toml",
        library_tests: None,
    },
    System {
        name: "chez-socket",
        adapter: "chez",
        binaries: &["scheme"],
        expectations: "conformance/expectations/chez-socket.toml",
        library_tests: None,
    },
];

/// How long a library's own tests may run.
const LIBRARY_TESTS_TIMEOUT: Duration = Duration::from_secs(600);

/// Runs `argv` with a deadline; its output if it fails (or does not say
/// that no test failed: a line `N passed, 0 failed`).
fn library_run(argv: &[String], dir: &Path) -> Result<(), Failed> {
    let done =
        srfi106_conformance::process::run(argv, dir, &[], LIBRARY_TESTS_TIMEOUT, None).map_err(|e| e.to_string())?;
    let out = format!("{}{}", done.stdout.text(), done.stderr.text());
    let summary = out.lines().rev().find(|l| l.contains(" passed, ")).unwrap_or("");
    if done.ending == srfi106_conformance::process::Ending::Exited(0) && summary.ends_with(" 0 failed") {
        Ok(())
    } else {
        Err(format!("{} ended with {}:\n{out}", srfi106_conformance::process::show_command(argv), done.ending).into())
    }
}

/// The shims, copied where a setup step may build in them.
fn shims_copy() -> Result<tempfile::TempDir, Failed> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let from = top().join("conformance/shims");
    let status = Command::new("cp")
        .arg("-R")
        .arg(format!("{}/.", from.display()))
        .arg(dir.path())
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("cannot copy {}", from.display()).into());
    }
    Ok(dir)
}

fn guile_library(guile: &Path) -> Result<(), Failed> {
    let shims = top().join("conformance/shims/guile");
    let argv = vec![
        guile.display().to_string(),
        "--r7rs".into(),
        "--no-auto-compile".into(),
        "-L".into(),
        shims.display().to_string(),
        shims.join("tests/run-tests.scm").display().to_string(),
    ];
    library_run(&argv, &shims)
}

fn chibi_library(chibi: &Path) -> Result<(), Failed> {
    let shims = shims_copy()?;
    let adapter = adapter("chibi");
    let places = Places { shims: shims.path().display().to_string(), ..places(chibi) };
    probe::setup(&adapter, &places, 1.0).map_err(|e| e.to_string())?;
    let ports = (0..3)
        .map(|_| srfi106_conformance::server_port::claim())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    let dir = shims.path().join("chibi");
    let mut argv = vec![
        chibi.display().to_string(),
        "-A".into(),
        dir.display().to_string(),
        dir.join("tests/run-tests.scm").display().to_string(),
    ];
    argv.extend(ports.iter().map(|p| p.port().to_string()));
    library_run(&argv, &dir)
}

const DIALECT_TIMEOUT: Duration = Duration::from_secs(60);
/// The first line of a dialect program about what the reference
/// guarantees and R7RS leaves open: not asked of other systems.
const BEYOND_R7RS: &str = ";; beyond R7RS:";

fn top() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The first of `binaries` in the `SRFI106_IMPLS` directories, then on PATH.
fn find(binaries: &[&str]) -> Option<PathBuf> {
    let impls = std::env::var_os("SRFI106_IMPLS").unwrap_or_else(|| "/opt/schemes/bin".into());
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs: Vec<PathBuf> = std::env::split_paths(&impls).chain(std::env::split_paths(&path)).collect();
    binaries.iter().find_map(|b| dirs.iter().map(|d| d.join(b)).find(|p| p.is_file()))
}

fn adapter(name: &str) -> Adapter {
    let path = top().join("conformance/adapters").join(format!("{name}.toml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    Adapter::parse(&path.display().to_string(), &text).unwrap_or_else(|e| panic!("{e}"))
}

/// The dialect programs: name, text, expected output.
fn dialect_programs() -> Vec<(String, String, String)> {
    let dir = top().join("reference/tests/dialect");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "scm"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
            let out = std::fs::read_to_string(p.with_extension("out"))
                .unwrap_or_else(|e| panic!("cannot read {}.out: {e}", p.display()));
            (name, text, out)
        })
        .collect()
}

/// Where the suite's shim libraries are, for adapters that use `{shims}`.
fn places(implementation: &Path) -> Places {
    Places {
        implementation: implementation.display().to_string(),
        shims: top().join("conformance/shims").display().to_string(),
        ..Places::default()
    }
}

/// Output with bytevectors written one way: R7RS leaves a bytevector's
/// written form to the implementation as long as it reads back the same,
/// so `#vu8(` (R6RS systems) reads as `#u8(` and `#xFF` inside one as 255.
fn same_bytevectors(text: &str) -> String {
    let text = text.replace("#vu8(", "#u8(");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("#u8(") {
        out.push_str(&rest[..at + 4]);
        rest = &rest[at + 4..];
        let end = rest.find(')').unwrap_or(rest.len());
        let bytes: Vec<String> = rest[..end]
            .split_whitespace()
            .map(|b| match b.strip_prefix("#x").or_else(|| b.strip_prefix("#X")) {
                Some(hex) => u8::from_str_radix(hex, 16).map(|n| n.to_string()).unwrap_or_else(|_| b.to_string()),
                None => b.to_string(),
            })
            .collect();
        out.push_str(&bytes.join(" "));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Runs every dialect program through the adapter; the failures that the
/// system's expectations do not record (each with its first differing
/// line), and the recorded ones that pass or name no program.
fn dialect(system: &System, adapter: &Adapter, implementation: &Path) -> Result<(), Failed> {
    let expectations = Expectations::load(&top().join(system.expectations)).map_err(|e| e.to_string())?;
    let shims = shims_copy()?;
    let places = Places { shims: shims.path().display().to_string(), ..places(implementation) };
    probe::setup(adapter, &places, 1.0).map_err(|e| e.to_string())?;
    let d = Dialect::new();
    probe::probe(adapter, &places, &d, 1.0).map_err(|e| e.to_string())?;
    let programs = dialect_programs();
    let mut used = std::collections::BTreeSet::new();
    for (name, text, _) in &programs {
        let m = names::mentions(name, text).map_err(|e| e.to_string())?;
        used.extend(m.into_iter().filter(|n| d.get(n).is_some()));
    }
    let lacks = probe::names(adapter, &places, &d, &used, 1.0, 2).map_err(|e| e.to_string())?;
    let mut failures = Vec::new();
    let mut skipped = Vec::new();
    for (name, text, want) in &programs {
        if text.starts_with(BEYOND_R7RS) {
            continue;
        }
        let mentions = names::mentions(name, text).map_err(|e| e.to_string())?;
        let lacking: Vec<&String> = mentions.iter().filter(|n| lacks.contains_key(*n)).collect();
        let recorded = expectations.dialect.iter().find(|d| d.program == *name);
        if !lacking.is_empty() {
            skipped.push(format!("{name} (needs {lacking:?})"));
            if recorded.is_some() {
                failures.push(format!(
                    "{name}: skipped for lack of {lacking:?}, which the names probe reports; {} need not record it",
                    system.expectations
                ));
            }
            continue;
        }
        let program = match &adapter.imports {
            None => text.clone(),
            Some(_) => {
                let (imports, body) = names::split_imports(name, text).map_err(|e| e.to_string())?;
                if imports.contains("(only") || imports.contains("(except") || imports.contains("(rename") {
                    skipped.push(format!("{name} (import sets need R7RS libraries)"));
                    continue;
                }
                adapter.program(&d, body).map_err(|e| e.to_string())?
            }
        };
        let ran = adapter.run_program(&places, name, &program, DIALECT_TIMEOUT).map_err(|e| e.to_string())?;
        let got = same_bytevectors(&ran.finished.stdout.text());
        let ok = !ran.compile_failed && ran.finished.ending == srfi106_conformance::process::Ending::Exited(0);
        if ok && got == *want {
            if let Some(d) = recorded {
                failures.push(format!(
                    "{name}: passes, but {} records it: remove the stale entry ({})",
                    system.expectations, d.reason
                ));
            }
            continue;
        }
        if recorded.is_some() {
            continue;
        }
        let first = got
            .lines()
            .zip(want.lines())
            .enumerate()
            .find(|(_, (g, w))| g != w)
            .map(|(i, (g, w))| format!("line {}: expected `{w}`, got `{g}`", i + 1))
            .unwrap_or_else(|| format!("{} lines, expected {}", got.lines().count(), want.lines().count()));
        let stderr: Vec<String> = ran.finished.stderr.text().lines().take(5).map(str::to_string).collect();
        failures.push(format!("{name}: {} ({first}); stderr: {}", ran.finished.ending, stderr.join(" | ")));
    }
    for d in &expectations.dialect {
        if !programs.iter().any(|(name, _, _)| *name == d.program) {
            failures.push(format!(
                "{}: {} records it, but the dialect corpus has no such program",
                d.program, system.expectations
            ));
        }
    }
    if !skipped.is_empty() {
        eprintln!("{}: skipped {}", adapter.name, skipped.join(", "));
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} dialect program(s) differ through the adapter from what {} records:\n  {}",
            failures.len(),
            system.expectations,
            failures.join("\n  ")
        )
        .into())
    }
}

/// The conformance corpus with the system's expectations: exit 0.
fn corpus(system: &System, implementation: &Path) -> Result<(), Failed> {
    let expectations = top().join(system.expectations);
    let output = Command::new(env!("CARGO_BIN_EXE_srfi106-conform"))
        .arg("--impl")
        .arg(implementation)
        .args(["--adapter", system.adapter, "--test-threads", "2", "--format", "terse", "--expect"])
        .arg(&expectations)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run srfi106-conform: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    let all = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    Err(format!(
        "srfi106-conform --impl {} --expect {} ended with {}:\n{all}",
        implementation.display(),
        system.expectations,
        output.status
    )
    .into())
}

fn main() {
    let mut args = Arguments::from_args();
    args.test_threads = Some(1);
    let required: Vec<String> = std::env::var("SRFI106_REQUIRE")
        .unwrap_or_default()
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    for r in &required {
        assert!(SYSTEMS.iter().any(|s| s.name == r), "SRFI106_REQUIRE names `{r}`, which is not a known system");
    }
    let mut trials = Vec::new();
    for system in SYSTEMS {
        let found = find(system.binaries).map(Arc::new);
        let needed = required.iter().any(|r| r == system.name);
        if found.is_none() {
            eprintln!("skipped {}: none of {:?} is installed (SRFI106_IMPLS, PATH)", system.name, system.binaries);
        }
        let kinds: &[&str] =
            if system.library_tests.is_some() { &["dialect", "corpus", "library"] } else { &["dialect", "corpus"] };
        for what in kinds {
            let absent = found.is_none() && !needed;
            let found = found.clone();
            let trial = Trial::test(format!("{}::{what}", system.name), move || {
                let Some(implementation) = found else {
                    return Err(format!("{} is required (SRFI106_REQUIRE) but not installed", system.name).into());
                };
                match *what {
                    "dialect" => dialect(system, &adapter(system.adapter), &implementation),
                    "corpus" => corpus(system, &implementation),
                    _ => system.library_tests.map_or(Ok(()), |tests| tests(&implementation)),
                }
            });
            trials.push(trial.with_ignored_flag(absent));
        }
    }
    libtest_mimic::run(&args, trials).exit();
}
