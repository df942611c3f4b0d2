//! Root causes: failures that share one (a missing name, the same error
//! message, the same signal) are one thing to fix, so the summary shows
//! them together, largest first. This module decides the cause of a
//! result; `message.rs` words it.

use std::collections::BTreeMap;

use crate::corpus::Corpus;
use crate::outcome::{CaseResult, Status};
use crate::process::Ending;

/// Why a case failed, as far as the run can tell.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cause {
    /// It needs names the implementation lacks.
    Lacks(Vec<String>),
    /// The program was killed by a signal.
    Signal(i32),
    /// The program ended with this error (the implementation's first line
    /// of it, with paths, positions and addresses made general).
    Error(String),
    /// The program ended early and said nothing.
    Silent(Ending),
    /// It was killed at its deadline.
    Timeout,
    /// A different transcript for this clause.
    Answer(String),
    /// An expectations entry that no longer holds.
    Stale,
    /// The harness could not run it.
    Harness(String),
}

/// The cause of a failed result (`None` for one that did not fail), by
/// what happened, whether the expectations foresaw it or not.
pub fn of(result: &CaseResult, corpus: &Corpus) -> Option<Cause> {
    let status = result.outcome.unwrap_or(result.status);
    if !status.is_failure() {
        return None;
    }
    if !result.lacking.is_empty() {
        return Some(Cause::Lacks(result.lacking.clone()));
    }
    Some(match status {
        Status::Xpass => Cause::Stale,
        Status::Error => Cause::Harness(result.reason.clone().unwrap_or_default()),
        Status::Timeout => Cause::Timeout,
        Status::Fail => {
            let clause = corpus.cases.iter().find(|c| c.name == result.case).map(|c| c.spec.clone());
            Cause::Answer(clause.unwrap_or_default())
        }
        _ => match result.ending {
            Some(Ending::Signalled(s)) => Cause::Signal(s),
            Some(ending) => match first_error(result) {
                Some(line) => Cause::Error(line),
                None => Cause::Silent(ending),
            },
            None => Cause::Harness(result.reason.clone().unwrap_or_default()),
        },
    })
}

/// The failures among `results` grouped by cause, the largest group first
/// (then by cause), each with its cases in order.
pub fn grouped<'a>(
    results: impl IntoIterator<Item = &'a CaseResult>,
    corpus: &Corpus,
) -> Vec<(Cause, Vec<&'a CaseResult>)> {
    let mut groups: BTreeMap<Cause, Vec<&CaseResult>> = BTreeMap::new();
    for r in results {
        if let Some(cause) = of(r, corpus) {
            groups.entry(cause).or_default().push(r);
        }
    }
    let mut out: Vec<(Cause, Vec<&CaseResult>)> = groups.into_iter().collect();
    out.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    out
}

/// The implementation's first line of error output: standard error's, or
/// else the first line of standard output the check library did not print
/// (some systems print errors there), made general.
fn first_error(result: &CaseResult) -> Option<String> {
    let own = |text: &str| {
        text.lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.contains(crate::transcript::MARKER) && !l.starts_with("WARNING:"))
            .map(str::to_string)
    };
    let line = own(&result.stderr).or_else(|| own(&result.stdout))?;
    Some(general(&line))
}

/// An error line with what differs from run to run taken out: the
/// program's path, line and column numbers, and addresses.
pub fn general(line: &str) -> String {
    let mut out = String::new();
    for word in line.split(' ') {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.contains("srfi106-case-") || word.contains("srfi106-program-") {
            let tail: String = word.chars().rev().take_while(|c| !c.is_alphanumeric()).collect();
            out.push_str("<program>");
            out.extend(tail.chars().rev());
        } else if word.trim_start_matches(['#', '<']).starts_with("0x")
            || word.trim_start_matches('<').starts_with("#x")
        {
            out.push_str("#x…");
        } else if word.trim_end_matches([',', ':', ')']).chars().all(|c| c.is_ascii_digit()) && !word.is_empty() {
            out.push('N');
            out.push_str(&word[word.trim_end_matches([',', ':', ')']).len()..]);
        } else {
            out.push_str(word);
        }
    }
    match out.char_indices().nth(160) {
        Some((at, _)) => format!("{}…", &out[..at]),
        None => out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_lines_are_made_general() {
        assert_eq!(
            general(
                "Exception: attempt to reference unbound identifier *msg-waitall* at line 82, char 29 of \
                 /tmp/srfi106-case-Tjls1z/case.sps"
            ),
            "Exception: attempt to reference unbound identifier *msg-waitall* at line N, char N of <program>"
        );
        assert_eq!(
            general("#<exception: #x7f628f2ae938 assertion-violation error \"say\">"),
            "#<exception: #x… assertion-violation error \"say\">"
        );
        assert!(general(&"y".repeat(300)).ends_with('…'));
    }
}
