//! Reports of a run: JSON records, JUnit XML, a Markdown results table,
//! and, for each case that did not pass, a directory with everything
//! needed to reproduce it by hand.

use std::collections::BTreeMap;
use std::path::Path;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use serde::{Deserialize, Serialize};

use crate::corpus::Corpus;
use crate::error::Error;
use crate::message;
use crate::outcome::{CaseResult, Status};

/// What a report says about the run as a whole.
#[derive(Clone, Debug, Serialize)]
pub struct RunInfo {
    /// The implementation (adapter name and executable).
    pub implementation: String,
    /// The adapter's name (`gauche`, `reference`): the system, in short.
    pub adapter: String,
    pub implementation_version: String,
    pub suite_version: String,
}

/// A run's results as JSON (`--results-json`): what `matrix` reads.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RunRecord {
    pub suite_version: String,
    pub implementation: String,
    pub adapter: String,
    pub implementation_version: String,
    /// The names the implementation lacks, with why.
    #[serde(default)]
    pub lacks: BTreeMap<String, String>,
    pub results: Vec<Record>,
}

/// One case's result.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Record {
    pub case: String,
    /// The clause the case tests.
    pub clause: String,
    pub status: String,
    /// The status before the expectations were applied (`fail` for an
    /// `xfail`).
    pub outcome: String,
    /// What the expectations file expected, if it lists the case.
    pub expected: Option<String>,
    pub duration_ms: u128,
    pub reason: Option<String>,
    /// The cause of a failure (the summary groups by it).
    pub cause: Option<String>,
    pub diff: Option<String>,
    /// The whole report of a case that did not pass.
    pub report: Option<String>,
    pub retries: u32,
    /// The names the case uses that the implementation lacks.
    #[serde(default)]
    pub lacking: Vec<String>,
    /// What the program left behind, if anything (killed by the harness).
    #[serde(default)]
    pub leaks: Option<String>,
}

impl RunRecord {
    pub fn read(path: &Path) -> Result<RunRecord, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, "read the results", e))?;
        serde_json::from_str(&text).map_err(|e| Error::Corpus {
            path: path.to_path_buf(),
            message: format!("not the JSON results of srfi106-conform --results-json: {e}"),
        })
    }
}

/// The run as JSON: the run, the names the implementation lacks, and a
/// record per case (with the status its expectations entry names, if any).
pub fn json(
    info: &RunInfo,
    corpus: &Corpus,
    lacks: &BTreeMap<String, String>,
    results: &[(CaseResult, Option<String>)],
) -> String {
    let records = results
        .iter()
        .map(|(r, expected)| Record {
            case: r.case.clone(),
            clause: corpus.cases.iter().find(|c| c.name == r.case).map(|c| c.spec.clone()).unwrap_or_default(),
            status: r.status.name().to_string(),
            outcome: r.outcome.unwrap_or(r.status).name().to_string(),
            expected: expected.clone(),
            duration_ms: r.duration.as_millis(),
            reason: r.reason.clone(),
            cause: crate::causes::of(r, corpus).map(|c| message::cause(&c, corpus)),
            diff: match (&r.expected, r.status) {
                (Some(e), Status::Fail | Status::Deviates | Status::Crash | Status::Timeout) => {
                    Some(message::diff(e, &r.actual))
                }
                _ => None,
            },
            report: (r.status != Status::Pass).then(|| message::report(corpus, r)),
            retries: r.retries,
            lacking: r.lacking.clone(),
            leaks: r.leaks.any().then(|| message::leaks(r.leaks)),
        })
        .collect();
    let run = RunRecord {
        suite_version: info.suite_version.clone(),
        implementation: info.implementation.clone(),
        adapter: info.adapter.clone(),
        implementation_version: info.implementation_version.clone(),
        lacks: lacks.clone(),
        results: records,
    };
    serde_json::to_string_pretty(&run).unwrap_or_else(|_| "{}".into())
}

/// A JUnit report with one test case per case.
pub fn junit(
    info: &RunInfo,
    corpus: &Corpus,
    lacks: &BTreeMap<String, String>,
    results: &[CaseResult],
) -> Result<String, Error> {
    let mut suite = TestSuite::new(format!("srfi106-conform: {}", info.implementation));
    suite.add_property(("implementation-version", info.implementation_version.as_str()));
    suite.add_property(("suite-version", info.suite_version.as_str()));
    for (name, why) in lacks {
        suite.add_property((format!("lacks {name}").as_str(), why.as_str()));
    }
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
            Status::Fail | Status::Crash | Status::Timeout | Status::Blocked | Status::Xpass | Status::Error => {
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
pub fn markdown(info: &RunInfo, lacks: &BTreeMap<String, String>, results: &[CaseResult]) -> String {
    let mut s = String::new();
    s.push_str(
        "| implementation | version | cases | pass | fail | crash | timeout | blocked | deviates | unsupported | xfail |\n",
    );
    s.push_str("|---|---|---|---|---|---|---|---|---|---|---|\n");
    s.push_str(&format!(
        "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
        info.implementation,
        info.implementation_version,
        results.len(),
        count(results, Status::Pass),
        count(results, Status::Fail),
        count(results, Status::Crash),
        count(results, Status::Timeout),
        count(results, Status::Blocked),
        count(results, Status::Deviates),
        count(results, Status::Unsupported),
        count(results, Status::Xfail),
    ));
    if !lacks.is_empty() {
        let names: Vec<String> = lacks.iter().map(|(n, why)| format!("`{n}` ({why})")).collect();
        s.push_str(&format!("\n{} lacks {}.\n", info.implementation, names.join(", ")));
    }
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
            status,
            duration: Duration::from_millis(3),
            expected: Some("say 1".into()),
            actual: "say 2".into(),
            reason: Some("differs".into()),
            ..CaseResult::blank(case)
        }
    }

    fn corpus() -> Corpus {
        let files = vec![
            ("clauses.toml".to_string(), "[[clause]]\nid = \"a.b\"\ntext = \"t\"\nsource = \"s\"\n".to_string()),
            ("lib/check.scm".to_string(), "(define (conform-done) 1)".to_string()),
            ("a/b.scm".to_string(), ";;@ description: d\n;;@ spec: a.b\n(x)".to_string()),
            ("a/c.scm".to_string(), ";;@ description: d\n;;@ spec: a.b\n(x)".to_string()),
        ];
        Corpus::from_files("cases", files, None).expect("corpus")
    }

    fn info() -> RunInfo {
        RunInfo {
            implementation: "test".into(),
            adapter: "test".into(),
            implementation_version: "1.0".into(),
            suite_version: "0.1.0".into(),
        }
    }

    #[test]
    fn json_has_one_record_per_case() {
        let lacks: BTreeMap<String, String> = [("socket-close".to_string(), "not exported".to_string())].into();
        let results = [(result("a/b", Status::Fail), Some("fail".to_string())), (result("a/c", Status::Pass), None)];
        let out = json(&info(), &corpus(), &lacks, &results);
        let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        assert_eq!(v["implementation_version"], "1.0");
        assert_eq!(v["lacks"]["socket-close"], "not exported");
        let r = &v["results"];
        assert_eq!(r.as_array().map(Vec::len), Some(2));
        assert_eq!(r[0]["status"], "fail");
        assert_eq!(r[0]["clause"], "a.b");
        assert_eq!(r[0]["expected"], "fail");
        assert!(r[0]["cause"].as_str().is_some_and(|c| c.contains("a different answer to `a.b`")));
        assert!(r[0]["diff"].as_str().is_some_and(|d| d.contains("- say 1") && d.contains("+ say 2")));
        assert!(r[0]["report"].as_str().is_some_and(|d| d.contains("status: FAIL")));
        assert!(r[1]["diff"].is_null());
        let back: RunRecord = serde_json::from_str(&out).expect("reads back");
        assert_eq!(back.results.len(), 2);
    }

    #[test]
    fn markdown_counts_statuses() {
        let lacks: BTreeMap<String, String> = [("socket-close".to_string(), "not exported".to_string())].into();
        let md = markdown(&info(), &lacks, &[result("a", Status::Pass), result("b", Status::Fail)]);
        assert!(md.contains("test lacks `socket-close` (not exported)."), "{md}");
        assert!(md.contains("| test | 1.0 | 2 | 1 | 1 | 0 | 0 | 0 | 0 | 0 | 0 |"), "{md}");
        assert!(md.contains("| `b` | fail | differs |"), "{md}");
    }
}
