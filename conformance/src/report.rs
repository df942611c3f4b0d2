//! Reports of a run: JSON records, JUnit XML, a Markdown results table,
//! and, for each case that did not pass, a directory with everything
//! needed to reproduce it by hand.

use std::path::Path;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use serde::Serialize;

use crate::corpus::Corpus;
use crate::error::Error;
use crate::message;
use crate::outcome::{CaseResult, Status};

/// What a report says about the run as a whole.
#[derive(Clone, Debug, Serialize)]
pub struct RunInfo {
    /// The implementation (adapter name and executable).
    pub implementation: String,
    pub implementation_version: String,
    pub suite_version: String,
}

#[derive(Serialize)]
struct Record<'a> {
    case: &'a str,
    status: &'static str,
    expected: Option<&'static str>,
    duration_ms: u128,
    implementation: &'a str,
    implementation_version: &'a str,
    suite_version: &'a str,
    reason: Option<&'a str>,
    diff: Option<String>,
    retries: u32,
}

/// One JSON record per case.
pub fn json(info: &RunInfo, results: &[(CaseResult, Option<&'static str>)]) -> String {
    let records: Vec<Record> = results
        .iter()
        .map(|(r, expected)| Record {
            case: &r.case,
            status: r.status.name(),
            expected: *expected,
            duration_ms: r.duration.as_millis(),
            implementation: &info.implementation,
            implementation_version: &info.implementation_version,
            suite_version: &info.suite_version,
            reason: r.reason.as_deref(),
            diff: match (&r.expected, r.status) {
                (Some(e), Status::Fail | Status::Deviates | Status::Crash | Status::Timeout) => {
                    Some(message::diff(e, &r.actual))
                }
                _ => None,
            },
            retries: r.retries,
        })
        .collect();
    serde_json::to_string_pretty(&records).unwrap_or_else(|_| "[]".into())
}

/// A JUnit report with one test case per case.
pub fn junit(info: &RunInfo, corpus: &Corpus, results: &[CaseResult]) -> Result<String, Error> {
    let mut suite = TestSuite::new(format!("srfi106-conform: {}", info.implementation));
    suite.add_property(("implementation-version", info.implementation_version.as_str()));
    suite.add_property(("suite-version", info.suite_version.as_str()));
    for r in results {
        let (group, name) = r.case.rsplit_once('/').unwrap_or(("cases", r.case.as_str()));
        let status = match r.status {
            Status::Pass | Status::Xfail | Status::Deviates => TestCaseStatus::success(),
            Status::Unsupported => {
                let mut s = TestCaseStatus::skipped();
                if let Some(reason) = &r.reason {
                    s.set_message(reason.as_str());
                }
                s
            }
            Status::Fail | Status::Crash | Status::Timeout | Status::Xpass | Status::Error => {
                let kind = if r.status == Status::Error { NonSuccessKind::Error } else { NonSuccessKind::Failure };
                let mut s = TestCaseStatus::non_success(kind);
                s.set_type(r.status.name());
                s.set_message(r.reason.as_deref().unwrap_or(r.status.name()));
                s.set_description(message::report(corpus, r));
                s
            }
        };
        let mut tc = TestCase::new(name, status);
        tc.set_classname(group.replace('/', "."));
        tc.set_time(r.duration);
        if matches!(r.status, Status::Xfail | Status::Deviates) {
            tc.set_system_out(format!("{}: {}", r.status.name(), r.reason.as_deref().unwrap_or("")));
        }
        suite.add_test_case(tc);
    }
    let mut report = Report::new("srfi106-conform");
    report.add_test_suite(suite);
    report.to_string().map_err(|e| Error::Infrastructure { message: format!("cannot write the JUnit report: {e}") })
}

/// How many results have `status`.
fn count(results: &[CaseResult], status: Status) -> usize {
    results.iter().filter(|r| r.status == status).count()
}

/// A Markdown results table for CONFORMANCE.md, and the cases that did
/// not pass.
pub fn markdown(info: &RunInfo, results: &[CaseResult]) -> String {
    let mut s = String::new();
    s.push_str(
        "| implementation | version | cases | pass | fail | crash | timeout | deviates | unsupported | xfail |\n",
    );
    s.push_str("|---|---|---|---|---|---|---|---|---|---|\n");
    s.push_str(&format!(
        "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
        info.implementation,
        info.implementation_version,
        results.len(),
        count(results, Status::Pass),
        count(results, Status::Fail),
        count(results, Status::Crash),
        count(results, Status::Timeout),
        count(results, Status::Deviates),
        count(results, Status::Unsupported),
        count(results, Status::Xfail),
    ));
    let others: Vec<&CaseResult> = results.iter().filter(|r| r.status != Status::Pass).collect();
    if !others.is_empty() {
        s.push_str(&format!(
            "\nCases that did not pass on {} (suite {}):\n\n",
            info.implementation, info.suite_version
        ));
        s.push_str("| case | status | reason |\n|---|---|---|\n");
        for r in others {
            let reason = r.reason.as_deref().unwrap_or("").replace('|', "\\|").replace('\n', " ");
            s.push_str(&format!("| `{}` | {} | {} |\n", r.case, r.status.name(), reason));
        }
    }
    s
}

fn write(path: &Path, text: &str) -> Result<(), Error> {
    std::fs::write(path, text).map_err(|e| Error::io(path, "write", e))
}

/// For each case that did not pass: `DIR/<case>/` with the program, the
/// command, both outputs, the peer's transcript, the expected and actual
/// transcripts, and the report.
pub fn keep_failed(dir: &Path, corpus: &Corpus, results: &[CaseResult], extension: &str) -> Result<(), Error> {
    for r in results.iter().filter(|r| r.status.is_failure() || r.status == Status::Deviates) {
        let case_dir = dir.join(&r.case);
        std::fs::create_dir_all(&case_dir).map_err(|e| Error::io(&case_dir, "create", e))?;
        write(&case_dir.join(format!("program.{extension}")), &r.program)?;
        let command = format!(
            "# Run in a directory holding program.{extension} (the harness used a temporary one):\n{}\n",
            crate::process::show_command(&r.argv)
        );
        write(&case_dir.join("command.txt"), &command)?;
        write(&case_dir.join("stdout.txt"), &r.stdout)?;
        write(&case_dir.join("stderr.txt"), &r.stderr)?;
        write(&case_dir.join("peer.txt"), &(r.peer.join("\n") + "\n"))?;
        write(&case_dir.join("expected.txt"), &(r.expected.clone().unwrap_or_default() + "\n"))?;
        write(&case_dir.join("actual.txt"), &(r.actual.clone() + "\n"))?;
        write(&case_dir.join("report.txt"), &message::report(corpus, r))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn result(case: &str, status: Status) -> CaseResult {
        CaseResult {
            case: case.into(),
            status,
            duration: Duration::from_millis(3),
            expected: Some("say 1".into()),
            actual: "say 2".into(),
            program: "(say 2)".into(),
            argv: vec!["scheme".into(), "case.scm".into()],
            ending: Some(crate::process::Ending::Exited(0)),
            stdout: "@conform say 2\n".into(),
            stderr: String::new(),
            output_truncated: false,
            peer: vec![],
            retries: 0,
            reason: Some("differs".into()),
        }
    }

    fn info() -> RunInfo {
        RunInfo { implementation: "test".into(), implementation_version: "1.0".into(), suite_version: "0.1.0".into() }
    }

    #[test]
    fn json_has_one_record_per_case() {
        let out = json(&info(), &[(result("a/b", Status::Fail), Some("fail")), (result("a/c", Status::Pass), None)]);
        let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        assert_eq!(v.as_array().map(Vec::len), Some(2));
        assert_eq!(v[0]["status"], "fail");
        assert_eq!(v[0]["expected"], "fail");
        assert_eq!(v[0]["implementation_version"], "1.0");
        assert!(v[0]["diff"].as_str().is_some_and(|d| d.contains("- say 1") && d.contains("+ say 2")));
        assert!(v[1]["diff"].is_null());
    }

    #[test]
    fn markdown_counts_statuses() {
        let md = markdown(&info(), &[result("a", Status::Pass), result("b", Status::Fail)]);
        assert!(md.contains("| test | 1.0 | 2 | 1 | 1 | 0 | 0 | 0 | 0 | 0 |"), "{md}");
        assert!(md.contains("| `b` | fail | differs |"), "{md}");
    }
}
