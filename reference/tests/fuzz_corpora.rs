//! Replays the fuzz targets' checked-in inputs — the seed corpora and
//! every past finding (`reference/fuzz/seeds`, `reference/fuzz/regressions`)
//! — through the same property functions the targets call
//! (`srfi106_reference::fuzzing`), plus the suite's own programs, which
//! seed the targets too: the cases and dialect programs for the reader,
//! the dialect programs for the evaluator.

use std::path::{Path, PathBuf};

use srfi106_reference::fuzzing;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// The files of `dirs`, sorted, with their contents.
fn inputs(dirs: &[PathBuf]) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<PathBuf> = dirs
        .iter()
        .filter_map(|d| std::fs::read_dir(d).ok())
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files.into_iter().map(|p| (p.clone(), std::fs::read(&p).expect("read input"))).collect()
}

/// Runs `property` on every input of `target`, naming the input that
/// fails.
fn replay(target: &str, extra: &[PathBuf], property: impl Fn(&[u8])) -> usize {
    let mut dirs = vec![fuzz_dir().join("seeds").join(target), fuzz_dir().join("regressions").join(target)];
    dirs.extend_from_slice(extra);
    let all = inputs(&dirs);
    assert!(!all.is_empty(), "no inputs for {target}");
    for (path, data) in &all {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| property(data)));
        assert!(outcome.is_ok(), "{target}: the input {} fails its property", path.display());
    }
    all.len()
}

fn suite_programs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("tests/dialect")];
    if let Ok(entries) = std::fs::read_dir(root.join("../cases")) {
        dirs.extend(entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()));
    }
    dirs
}

#[test]
fn reader_inputs_read_and_round_trip() {
    let n = replay("reader", &suite_programs(), fuzzing::read);
    assert!(n > 200, "only {n} inputs");
}

#[test]
fn eval_inputs_end_within_their_limits() {
    let dialect = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/dialect");
    replay("eval", &[dialect], |data| {
        fuzzing::eval(data);
    });
}

#[test]
fn flag_inputs_match_the_model() {
    replay("flags", &[], fuzzing::flags);
}

#[test]
fn the_flag_model_agrees_with_the_rulings() {
    use srfi106_reference::socket_flags::{constant, FlagOperator};
    assert_eq!(fuzzing::flag_model(FlagOperator::ShutdownMethod, &["read", "write"]), Some(constant("*shut-rdwr*")));
    assert_eq!(fuzzing::flag_model(FlagOperator::MessageType, &["none"]), Some(0));
    assert_eq!(fuzzing::flag_model(FlagOperator::AddressInfo, &["canoname", "canonname"]), None);
    assert_eq!(fuzzing::flag_model(FlagOperator::AddressFamily, &["inet", "inet6"]), None);
    assert_eq!(fuzzing::flag_model(FlagOperator::MessageType, &[]), None);
    assert_eq!(fuzzing::flag_model(FlagOperator::MessageType, &["waitall"]), None);
}

/// How fuzzed programs end: normally, with an error, at a limit, or
/// unread; an `import` in the fuzzed text is an expression, not a way to
/// reach `exit` or sockets.
#[test]
fn fuzzed_programs_end_in_one_of_three_ways() {
    assert_eq!(fuzzing::eval(b"(display 1)"), 0);
    assert_eq!(fuzzing::eval(b"(import (scheme process-context)) (exit 3)"), 70);
    assert_eq!(fuzzing::eval(b"(import (srfi 106)) (make-client-socket \"localhost\" \"1\")"), 70);
    assert_eq!(fuzzing::eval(b"(let loop () (loop))"), 70);
    assert_eq!(fuzzing::eval(b"(let loop ((s \"ab\")) (loop (string-append s s)))"), 70);
    assert_eq!(fuzzing::eval(b"(car"), 65);
}

#[test]
fn an_inputs_own_imports_are_dropped() {
    assert_eq!(fuzzing::after_imports("(import (srfi 106))\n(import (scheme base)) (display 1)"), " (display 1)");
    assert_eq!(fuzzing::after_imports("(display 1) (import (srfi 106))"), "(display 1) (import (srfi 106))");
    assert_eq!(fuzzing::after_imports("(import (srfi 106)"), "(import (srfi 106)");
    // A dialect program runs as its own seed: it prints, it ends normally.
    assert_eq!(fuzzing::eval(b"(import (scheme base) (scheme write)) (display (+ 1 2))"), 0);
}
