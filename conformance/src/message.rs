//! Every sentence the harness shows a person about a case or a run, in one
//! place. The rest of the engine decides what happened; this module says
//! it. (Errors that stop a run are worded by `error.rs`.)

use similar::{ChangeTag, TextDiff};

use crate::corpus::Corpus;
use crate::outcome::{Answer, CaseResult, Status};
use crate::process::Ending;

/// The first line of a run.
pub fn header(suite: &str, cases: usize, description: &str, version: &str) -> String {
    format!("srfi106-conform {suite}: {cases} cases on {description} ({version})")
}

/// Which `(srfi 106)` the run tests, when the adapter can tell.
pub fn library(library: &str) -> String {
    format!("(srfi 106): {library}")
}

/// A system as tables name it: its adapter and its version.
pub fn system(adapter: &str, version: &str) -> String {
    if version.starts_with("unknown") || version.is_empty() {
        format!("{adapter} (version unknown)")
    } else {
        format!("{adapter} {version}")
    }
}

/// An adapter that scales its system's deadlines.
pub fn adapter_deadlines(adapter: &str, multiplier: f64) -> String {
    format!("deadlines: ×{multiplier} for {adapter} (its adapter's timeout_multiplier)")
}

/// A library file under the run's shims is the suite's own.
pub fn suites_library(adapter: &str) -> String {
    format!("the suite's library for {adapter} (conformance/shims/{adapter})")
}

pub fn implementations_library(file: &str) -> String {
    format!("{file} (the implementation's own)")
}

/// A case not run because the expectations file says so.
pub fn skipped_by(expectations: &std::path::Path, reason: &str) -> String {
    format!("skipped by {}: {reason}", expectations.display())
}

/// An expectations entry whose pattern matches no case.
pub fn unmatched_entry(expectations: &std::path::Path, pattern: &str) -> String {
    format!(
        "srfi106-conform: {}: the entry for `{pattern}` matches no case: remove it or fix the pattern",
        expectations.display()
    )
}

/// A `[[missing]]` entry for a name the implementation has.
pub fn stale_missing(expectations: &std::path::Path, name: &str) -> String {
    format!(
        "srfi106-conform: {}: the implementation has `{name}` now: remove its [[missing]] entry",
        expectations.display()
    )
}

/// The cases that deviate from rulings, at the end of a run.
pub fn deviations(results: &[CaseResult]) -> String {
    let deviating: Vec<&CaseResult> = results.iter().filter(|r| r.status == Status::Deviates).collect();
    if deviating.is_empty() {
        return String::new();
    }
    let mut s = format!(
        "{} case(s) deviate from the suite's rulings where SRFI 106 is silent (not failures):",
        deviating.len()
    );
    for r in deviating {
        s.push_str(&format!("\n  {}: {}", r.case, r.reason.as_deref().unwrap_or("")));
    }
    s
}

/// Processes an implementation left, killed at the end of a run.
pub fn orphans_killed(count: usize) -> String {
    format!("srfi106-conform: killed {count} process(es) the implementation left running")
}

/// The harness stopped by a signal.
pub fn stopped_by(signal: &str, processes: usize, orphans: usize) -> String {
    format!(
        "srfi106-conform: stopped by {signal}: killed {processes} running implementation(s) and {orphans} \
         process(es) they left; temporary directories removed"
    )
}

/// A temporary directory that could not be removed.
pub fn cannot_remove(dir: &std::path::Path, error: &std::io::Error) -> String {
    format!("srfi106-conform: warning: cannot remove the temporary directory {}: {error}", dir.display())
}

/// A case whose server could not bind its port in any of `attempts` runs,
/// the last because another process held it.
pub fn port_taken(attempts: u32) -> String {
    format!("the case's server could not bind the port chosen for it in any of {attempts} runs, the last time because another process held it")
}

/// A step of the run before the program (the compile step) that failed.
pub fn step_failed(step: &str, why: &str) -> String {
    format!("{step}: {why}")
}

/// A failure the `[[missing]]` entries foresee.
pub fn expected_missing(status: Status, why: &[String]) -> String {
    format!("expected ({}): {}", status.name(), why.join("; "))
}

pub fn missing_entry(name: &str, reason: &str) -> String {
    format!("`{name}` is missing: {reason}")
}

/// A failure a case entry foresees; `this_time` for an intermittent one.
pub fn expected(statuses: &str, this_time: Option<Status>, reason: &str) -> String {
    match this_time {
        Some(status) => format!("expected to {statuses} (intermittent); this time {}: {reason}", status.name()),
        None => format!("expected to {statuses}: {reason}"),
    }
}

/// A case an entry expects to fail that passes.
pub fn stale_entry(expectations: &std::path::Path, statuses: &str, pattern: &str) -> String {
    format!(
        "listed in {} as expected to {statuses}, but it passes: remove the stale entry `{pattern}`",
        expectations.display()
    )
}

/// A case that failed otherwise than its entry expects.
pub fn expected_otherwise(statuses: &str, intermittent: bool, status: Status, why: &str) -> String {
    let intermittent = if intermittent { " (intermittent)" } else { "" };
    format!("expected to {statuses}{intermittent} but it is {}: {why}", status.name())
}

/// Why the names probe finds a name missing.
pub fn lacks_library(library: &str) -> String {
    format!("{library} cannot be imported here")
}

pub fn lacks_flag_operator(form: &str) -> String {
    format!("`{form}` does not run: not exported, or not syntax")
}

pub fn lacks_export() -> String {
    "(srfi 106) does not export it".into()
}

pub fn lacks_name(library: &str, name: &str) -> String {
    format!("{library} has no `{name}` here")
}

/// Versions the version command did not give.
pub fn no_version_option() -> String {
    "unknown (no option of this system prints its version)".into()
}

pub fn no_version_printed(command: &str) -> String {
    format!("unknown ({command} printed no version)")
}

/// What a program left behind when it ended (all of it killed).
pub fn leaks(leaks: crate::process::Leaks) -> String {
    let mut parts = Vec::new();
    if leaks.in_group > 0 {
        parts.push(format!("{} process(es) in its process group", leaks.in_group));
    }
    if leaks.escaped > 0 {
        parts.push(format!("{} process(es) that had left its process group", leaks.escaped));
    }
    if leaks.pipes_open {
        parts.push("a process that held its output open".to_string());
    }
    format!("{}, killed by the harness", parts.join(", "))
}

/// What the program did, said plainly (an implementer wants to know).
pub fn answer(answer: Answer) -> String {
    match answer {
        Answer::Finished => "the transcript differs from the expected one".into(),
        Answer::Rejected => "the program was rejected before it ran".into(),
        Answer::TimedOut(after) => {
            format!("the program was still running after {:.1} s and was killed", after.as_secs_f64())
        }
        Answer::Ended(Ending::Signalled(s)) => {
            format!("the program was {} before reaching the end of the case", Ending::Signalled(s))
        }
        Answer::Ended(ending) => format!("the program ended ({ending}) before reaching the end of the case"),
    }
}

/// The case's `(serve ...)`: make-server-socket raised on a free port, in
/// each of `runs` runs.
pub fn server_failed(what: &str, runs: u32) -> String {
    let each = if runs > 1 { format!(" in each of {runs} runs") } else { String::new() };
    if what.is_empty() {
        format!("make-server-socket raised on a free port{each}, an object with no printable message")
    } else {
        format!("make-server-socket raised on a free port{each}: {what}")
    }
}

pub fn no_snapshot(case: &str) -> String {
    format!("no snapshot for {case}: record one with `cargo test` and `cargo insta review`")
}

pub fn deviates(ruling: &str, what: Answer) -> String {
    deviates_because(ruling, &answer(what))
}

pub fn deviates_because(ruling: &str, why: &str) -> String {
    format!("deviates from ruling {ruling} (SRFI 106 is silent here; see CONFORMANCE.md): {why}")
}

/// A case not run because the implementation lacks SRFI 106 names it uses
/// for something other than what it tests.
pub fn blocked(names: &[String]) -> String {
    format!("blocked: needs {}, which this implementation's (srfi 106) lacks", list(names))
}

/// A case not run because the implementation lacks names of the R7RS
/// dialect it uses.
pub fn lacks_dialect(names: &[String], why: &str) -> String {
    format!("unsupported: needs {} ({why})", list(names))
}

/// `a`, `a and b`, `a, b and c`, each in backquotes.
pub fn list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

pub fn unsupported(capability: &str, why: &str) -> String {
    format!("unsupported: needs {capability} ({why})")
}

/// The names the implementation lacks, at the top of a run: SRFI 106's
/// first, each with the number of cases it blocks; then the dialect's,
/// with the cases it leaves unsupported.
pub fn lacks_summary(corpus: &Corpus, target: &crate::run::Target) -> String {
    let mut s = String::new();
    let cases_using = |name: &str| corpus.cases.iter().filter(|c| c.uses.contains(name)).count();
    type Named<'a> = Vec<(&'a String, &'a String)>;
    let (srfi, dialect): (Named, Named) = target.lacks.iter().partition(|(n, _)| corpus.dialect.is_srfi106(n));
    if !srfi.is_empty() {
        s.push_str("This implementation's (srfi 106) lacks:\n");
        for (name, why) in &srfi {
            let tests =
                corpus.cases.iter().filter(|c| c.uses.contains(*name) && corpus.tested(c).contains(name)).count();
            let blocks = cases_using(name) - tests;
            s.push_str(&format!("  {name} ({why}): blocks {blocks} case(s); {tests} case(s) test it\n"));
        }
    }
    if !dialect.is_empty() {
        s.push_str("This implementation lacks these names of the case dialect (R7RS):\n");
        for (name, why) in &dialect {
            s.push_str(&format!("  {name} ({why}): {} case(s) unsupported\n", cases_using(name)));
        }
    }
    s.trim_end().to_string()
}

/// A cause, in a line.
pub fn cause(cause: &crate::causes::Cause, corpus: &Corpus) -> String {
    use crate::causes::Cause;
    match cause {
        Cause::Lacks(names) => {
            let (srfi, other): (Vec<String>, Vec<String>) =
                names.iter().cloned().partition(|n| corpus.dialect.is_srfi106(n));
            match (srfi.is_empty(), other.is_empty()) {
                (false, true) => format!("its (srfi 106) lacks {}", list(&srfi)),
                (true, false) => format!("it lacks {}", list(&other)),
                _ => format!("it lacks {}", list(names)),
            }
        }
        Cause::Signal(s) => format!("the program was {}", Ending::Signalled(*s)),
        Cause::Error(line) => format!("the program ended with: {line}"),
        Cause::Silent(ending) => format!("the program ended ({ending}) and printed no error"),
        Cause::Timeout => "the program was killed at its deadline".into(),
        Cause::Answer(clause) => match corpus.clause(clause) {
            Some(c) => format!("a different answer to `{clause}` — {}", c.text.trim_end_matches('.')),
            None => format!("a different answer to `{clause}`"),
        },
        Cause::Stale => "an expectation that no longer holds".into(),
        Cause::Harness(why) => format!("the harness could not run it: {why}"),
    }
}

/// The failures grouped by cause, the largest group first: what to fix
/// first.
pub fn causes_summary(corpus: &Corpus, results: &[CaseResult]) -> String {
    const SHOWN: usize = 8;
    let groups = crate::causes::grouped(results.iter().filter(|r| r.status.is_failure()), corpus);
    if groups.is_empty() {
        return String::new();
    }
    let mut s = String::from("Failures by cause, the largest first:\n");
    for (c, cases) in &groups {
        let names: Vec<&str> = cases.iter().take(SHOWN).map(|r| r.case.as_str()).collect();
        let more = if cases.len() > SHOWN { format!(" and {} more", cases.len() - SHOWN) } else { String::new() };
        s.push_str(&format!("  {:>3} × {}\n        {}{more}\n", cases.len(), cause(c, corpus), names.join(", ")));
    }
    s.trim_end().to_string()
}

/// A line diff, `-` for the expected transcript and `+` for the actual.
pub fn diff(expected: &str, actual: &str) -> String {
    let mut out = String::new();
    for change in TextDiff::from_lines(expected, actual).iter_all_changes() {
        let sign = match change.tag() {
            ChangeTag::Delete => '-',
            ChangeTag::Insert => '+',
            ChangeTag::Equal => ' ',
        };
        out.push(sign);
        out.push(' ');
        out.push_str(change.value().trim_end_matches('\n'));
        out.push('\n');
    }
    out
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    let start = all.len().saturating_sub(lines);
    all[start..].iter().map(|l| format!("  {l}\n")).collect()
}

/// The block shown for a case that did not pass: what, where, the diff of
/// both sides of the wire, the command and how it ended, and the tail of
/// its error output.
pub fn report(corpus: &Corpus, result: &CaseResult) -> String {
    let mut s = String::new();
    if let Some(case) = corpus.cases.iter().find(|c| c.name == result.case) {
        s.push_str(&format!("case: {} — {}\n", case.file, case.description));
        let source = corpus.clause(&case.spec).map(|c| c.source.as_str()).unwrap_or("");
        s.push_str(&format!("clause: {} ({source})\n", case.spec));
        if let Some(r) = &case.ruling {
            s.push_str(&format!("ruling: {r}\n"));
        }
    }
    s.push_str(&format!("status: {}", result.status.name().to_uppercase()));
    if let Some(reason) = &result.reason {
        s.push_str(&format!(": {reason}"));
    }
    s.push('\n');
    if matches!(result.status, Status::Fail | Status::Deviates | Status::Crash | Status::Timeout) {
        if let Some(expected) = &result.expected {
            s.push_str("transcript (- expected, + actual; peer lines are what the other end saw):\n");
            s.push_str(&diff(expected, &result.actual));
        }
    }
    if !result.argv.is_empty() {
        s.push_str(&format!("command: {}\n", crate::process::show_command(&result.argv)));
    }
    if let Some(ending) = result.ending {
        s.push_str(&format!("ending: {ending}\n"));
    }
    if result.leaks.any() {
        s.push_str(&format!("left behind: {}\n", leaks(result.leaks)));
    }
    if result.retries > 0 {
        s.push_str(&format!("retries: {} (the case's server could not bind the port chosen for it)\n", result.retries));
    }
    if result.output_truncated {
        s.push_str(&format!("output: truncated to {} bytes per stream\n", crate::process::OUTPUT_CAP));
    }
    let own = implementation_output(&result.stdout);
    if !own.is_empty() {
        s.push_str(&format!("standard output, besides the check library's lines (last {OUTPUT_LINES} lines):\n"));
        s.push_str(&own);
    }
    if !result.stderr.trim().is_empty() {
        s.push_str(&format!("standard error (last {OUTPUT_LINES} lines):\n"));
        s.push_str(&tail(&result.stderr, OUTPUT_LINES));
    }
    s
}

/// How many lines of an implementation's own output a report shows.
const OUTPUT_LINES: usize = 20;
/// How long a line of it may be before it is cut.
const LINE_WIDTH: usize = 300;

/// What the implementation printed on standard output itself (its errors,
/// for systems that print them there), without the check library's lines:
/// the last lines, each cut to a readable width.
fn implementation_output(stdout: &str) -> String {
    let lines: Vec<String> = stdout
        .lines()
        .filter(|l| !l.contains(crate::transcript::MARKER) && !l.trim().is_empty())
        .map(|l| match l.char_indices().nth(LINE_WIDTH) {
            Some((at, _)) => format!("{}…", &l[..at]),
            None => l.to_string(),
        })
        .collect();
    tail(&lines.join("\n"), OUTPUT_LINES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_marks_both_sides() {
        assert_eq!(diff("a\nb\nc", "a\nx\nc"), "  a\n- b\n+ x\n  c\n");
    }

    #[test]
    fn the_implementations_own_output_leaves_out_the_check_librarys() {
        let out = implementation_output("@conform say 1\nerror: \"wrong number of arguments\"\n\n@conform done\n");
        assert_eq!(out, "  error: \"wrong number of arguments\"\n");
        let long = implementation_output(&"x".repeat(400));
        assert!(long.ends_with("…\n") && long.chars().count() < 310, "{long}");
    }

    #[test]
    fn tail_keeps_the_last_lines() {
        assert_eq!(tail("1\n2\n3", 2), "  2\n  3\n");
    }
}
