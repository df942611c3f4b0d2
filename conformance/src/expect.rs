//! Expectations for gating CI: the cases an implementation is known to
//! fail, each with its status and reason.
//!
//! ```toml
//! [[expect]]
//! case = "udp/*"          # a case name; `*` matches any characters
//! status = "fail"         # fail | crash | timeout | skip
//! reason = "datagram sockets are not supported yet"
//! ```
//!
//! The first entry whose pattern matches a case applies. A listed case
//! that now passes is a stale entry, and an entry matching no case is an
//! error: both fail the run, so the file stays true.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::outcome::{CaseResult, Status};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Expected {
    Fail,
    Crash,
    Timeout,
    /// Do not run the case at all.
    Skip,
}

impl Expected {
    pub fn name(self) -> &'static str {
        match self {
            Expected::Fail => "fail",
            Expected::Crash => "crash",
            Expected::Timeout => "timeout",
            Expected::Skip => "skip",
        }
    }

    fn matches(self, status: Status) -> bool {
        matches!(
            (self, status),
            (Expected::Fail, Status::Fail) | (Expected::Crash, Status::Crash) | (Expected::Timeout, Status::Timeout)
        )
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub case: String,
    pub status: Expected,
    pub reason: String,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    expect: Vec<Entry>,
}

#[derive(Debug, Default)]
pub struct Expectations {
    pub path: PathBuf,
    pub entries: Vec<Entry>,
}

/// `*` matches any run of characters (slashes included).
pub fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || !text[first.len()..].ends_with(last) || text.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    true
}

impl Expectations {
    pub fn load(path: &Path) -> Result<Expectations, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, "read the expectations file", e))?;
        Expectations::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Expectations, Error> {
        let file: File = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| text[..s.start].lines().count().max(1)).unwrap_or(1);
            Error::Expectations { path: path.to_path_buf(), message: format!("line {line}: {}", e.message()) }
        })?;
        for (i, entry) in file.expect.iter().enumerate() {
            if entry.reason.trim().is_empty() {
                return Err(Error::Expectations {
                    path: path.to_path_buf(),
                    message: format!("entry {} (case `{}`): the reason is empty", i + 1, entry.case),
                });
            }
        }
        Ok(Expectations { path: path.to_path_buf(), entries: file.expect })
    }

    pub fn lookup(&self, case: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| glob(&e.case, case))
    }

    /// Entries whose pattern matches none of `cases`.
    pub fn unmatched<'a>(&'a self, cases: &[&str]) -> Vec<&'a Entry> {
        self.entries.iter().filter(|e| !cases.iter().any(|c| glob(&e.case, c))).collect()
    }

    /// Applies the expectation for the result's case: a listed failure
    /// becomes XFAIL, a listed case that passes becomes XPASS.
    pub fn apply(&self, result: &mut CaseResult) {
        let Some(entry) = self.lookup(&result.case) else { return };
        if entry.status == Expected::Skip {
            return;
        }
        if entry.status.matches(result.status) {
            result.status = Status::Xfail;
            result.reason = Some(format!("expected to {}: {}", entry.status.name(), entry.reason));
        } else if matches!(result.status, Status::Pass | Status::Deviates) {
            result.status = Status::Xpass;
            result.reason = Some(format!(
                "listed in {} as expected to {}, but it passes: remove the stale entry `{}`",
                self.path.display(),
                entry.status.name(),
                entry.case
            ));
        } else if result.status.is_failure() {
            let why = result.reason.take().unwrap_or_default();
            result.reason =
                Some(format!("expected to {} but it is {}: {why}", entry.status.name(), result.status.name()));
        }
    }

    /// An expectations file listing every failure of `results`.
    pub fn baseline(results: &[CaseResult], implementation: &str) -> String {
        let entries: Vec<Entry> = results
            .iter()
            .filter_map(|r| {
                let status = match r.status {
                    Status::Fail => Expected::Fail,
                    Status::Crash => Expected::Crash,
                    Status::Timeout => Expected::Timeout,
                    _ => return None,
                };
                let why = r.reason.clone().unwrap_or_default();
                Some(Entry { case: r.case.clone(), status, reason: format!("{implementation}: {why}") })
            })
            .collect();
        let header = "# Cases this implementation is known to fail (srfi106-conform --expect).\n\
                      # Replace each reason with why it fails, and remove entries as they are fixed.\n\n";
        format!("{header}{}", toml::to_string(&File { expect: entries }).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use std::time::Duration;

    #[rstest]
    #[case("udp/*", "udp/client", true)]
    #[case("udp/*", "tcp/udp/x", false)]
    #[case("*", "anything/at/all", true)]
    #[case("ports/*-fresh", "ports/input-fresh", true)]
    #[case("ports/*-fresh", "ports/input-cached", false)]
    #[case("a*b*c", "axxbyyc", true)]
    #[case("a*b*c", "ac", false)]
    #[case("exact", "exact", true)]
    fn globs(#[case] pattern: &str, #[case] text: &str, #[case] matches: bool) {
        assert_eq!(glob(pattern, text), matches);
    }

    fn result(case: &str, status: Status) -> CaseResult {
        CaseResult {
            case: case.into(),
            status,
            duration: Duration::ZERO,
            expected: None,
            actual: String::new(),
            program: String::new(),
            argv: vec![],
            ending: None,
            stdout: String::new(),
            stderr: String::new(),
            output_truncated: false,
            peer: vec![],
            retries: 0,
            reason: None,
        }
    }

    fn expectations() -> Expectations {
        Expectations::parse(
            Path::new("expect.toml"),
            "[[expect]]\ncase = \"udp/*\"\nstatus = \"fail\"\nreason = \"no udp\"\n\
             [[expect]]\ncase = \"slow\"\nstatus = \"timeout\"\nreason = \"hangs\"\n",
        )
        .expect("parses")
    }

    #[rstest]
    #[case("udp/client", Status::Fail, Status::Xfail)]
    #[case("udp/client", Status::Pass, Status::Xpass)]
    #[case("udp/client", Status::Crash, Status::Crash)]
    #[case("slow", Status::Timeout, Status::Xfail)]
    #[case("other", Status::Fail, Status::Fail)]
    fn applies_expectations(#[case] case: &str, #[case] status: Status, #[case] after: Status) {
        let mut r = result(case, status);
        expectations().apply(&mut r);
        assert_eq!(r.status, after);
    }

    #[test]
    fn finds_entries_matching_no_case() {
        let e = expectations();
        let unmatched: Vec<&str> = e.unmatched(&["udp/client"]).iter().map(|x| x.case.as_str()).collect();
        assert_eq!(unmatched, ["slow"]);
    }

    #[rstest]
    #[case("[[expect]]\ncase = \"x\"\nstatus = \"flaky\"\nreason = \"r\"\n", "line 3:")]
    #[case("[[expect]]\ncase = \"x\"\nstatus = \"fail\"\n", "missing field `reason`")]
    #[case("[[expect]]\ncase = \"x\"\nstatus = \"fail\"\nreason = \" \"\n", "entry 1 (case `x`): the reason is empty")]
    fn bad_files(#[case] text: &str, #[case] message: &str) {
        let e = Expectations::parse(Path::new("e.toml"), text).expect_err("rejected").to_string();
        assert!(e.starts_with("e.toml: "), "{e}");
        assert!(e.contains(message), "{e}");
    }

    #[test]
    fn baseline_round_trips() {
        let mut failing = result("a/b", Status::Fail);
        failing.reason = Some("differs".into());
        let text = Expectations::baseline(&[failing, result("c", Status::Pass)], "gosh 0.9");
        let parsed = Expectations::parse(Path::new("b.toml"), &text).expect("parses");
        assert_eq!(parsed.entries.len(), 1);
        assert_eq!(parsed.entries[0].reason, "gosh 0.9: differs");
    }
}
