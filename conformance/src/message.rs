//! Every sentence the harness shows a person about a case, in one place.
//! The rest of the engine decides what happened; this module says it.

use std::time::Duration;

use similar::{ChangeTag, TextDiff};

use crate::corpus::Corpus;
use crate::outcome::{CaseResult, Status};
use crate::process::Ending;

pub fn timed_out(after: Duration) -> String {
    format!("the program was still running after {:.1} s and was killed", after.as_secs_f64())
}

pub fn crashed(ending: Ending) -> String {
    format!("the program ended ({ending}) before reaching the end of the case")
}

pub fn server_failed() -> String {
    "the case's server could not be made on a free port (`serve` failed)".into()
}

pub fn no_snapshot(case: &str) -> String {
    format!("no snapshot for {case}: record one with `cargo test` and `cargo insta review`")
}

pub fn deviates(ruling: &str) -> String {
    format!("deviates from ruling {ruling} (SRFI 106 is silent here; see CONFORMANCE.md)")
}

pub fn unsupported(capability: &str, why: &str) -> String {
    format!("unsupported: needs {capability} ({why})")
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
    if result.retries > 0 {
        s.push_str(&format!("retries: {} (the chosen server port was taken)\n", result.retries));
    }
    if result.output_truncated {
        s.push_str(&format!("output: truncated to {} bytes per stream\n", crate::process::OUTPUT_CAP));
    }
    if !result.stderr.trim().is_empty() {
        s.push_str("stderr (last 20 lines):\n");
        s.push_str(&tail(&result.stderr, 20));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_marks_both_sides() {
        assert_eq!(diff("a\nb\nc", "a\nx\nc"), "  a\n- b\n+ x\n  c\n");
    }

    #[test]
    fn tail_keeps_the_last_lines() {
        assert_eq!(tail("1\n2\n3", 2), "  2\n  3\n");
    }
}
