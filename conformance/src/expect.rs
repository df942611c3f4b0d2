//! Expectations for gating CI: the cases an implementation is known to
//! fail, each with its status and reason, and the names it is known to
//! lack.
//!
//! ```toml
//! [[missing]]
//! name = "socket-close"   # a name the names probe finds missing
//! reason = "defined in the library but not exported"
//!
//! [[dialect]]
//! program = "string-mutation"   # a program of reference/tests/dialect
//! reason = "string-copy! copies overlapping ranges forward (R7RS 6.7)"
//!
//! [[expect]]
//! case = "dgram/*"        # a case name; `*` matches any characters
//! status = "fail"         # fail | crash | timeout | blocked | skip
//! reason = "*sock-dgram* is ignored: sockets are always streams"
//!
//! [[expect]]
//! case = "recv/size-negative-raises"
//! status = ["timeout", "crash"]   # intermittent: any of these (or pass)
//! reason = "socket-recv with -1 is undefined behaviour in its C"
//! ```
//!
//! A `dialect` entry records why a program of the dialect corpus prints
//! something else on the implementation — an R7RS bug of its own, or output
//! it adds (the systems test expects it; a run of the corpus does not read
//! it). A `missing` entry expects every failure of a case that uses the name
//! (blocked, or failing a case that tests it). For cases, the first entry
//! whose pattern matches applies. A listed case that now passes, an entry
//! matching no case, and a missing name the implementation now has are
//! stale: each fails the run, so the file stays true.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::message;
use crate::outcome::{CaseResult, Status};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Expected {
    Fail,
    Crash,
    Timeout,
    Blocked,
    /// Only among several statuses: the case may also pass.
    Pass,
    /// Do not run the case at all.
    Skip,
}

impl Expected {
    pub fn name(self) -> &'static str {
        match self {
            Expected::Fail => "fail",
            Expected::Crash => "crash",
            Expected::Timeout => "timeout",
            Expected::Blocked => "blocked",
            Expected::Pass => "pass",
            Expected::Skip => "skip",
        }
    }

    fn matches(self, status: Status) -> bool {
        matches!(
            (self, status),
            (Expected::Fail, Status::Fail)
                | (Expected::Crash, Status::Crash)
                | (Expected::Timeout, Status::Timeout)
                | (Expected::Blocked, Status::Blocked)
                | (Expected::Pass, Status::Pass)
        )
    }

    fn of(status: Status) -> Option<Expected> {
        Some(match status {
            Status::Fail => Expected::Fail,
            Status::Crash => Expected::Crash,
            Status::Timeout => Expected::Timeout,
            Status::Blocked => Expected::Blocked,
            _ => return None,
        })
    }
}

/// `status = "fail"` or `status = ["timeout", "crash"]`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(untagged)]
enum Statuses {
    One(Expected),
    Several(Vec<Expected>),
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    case: String,
    status: Statuses,
    reason: String,
}

/// An expected failure.
#[derive(Clone, Debug)]
pub struct Entry {
    pub case: String,
    /// One status, or several for a case whose result varies from run to
    /// run (which may include `pass`).
    pub statuses: Vec<Expected>,
    pub reason: String,
}

impl Entry {
    pub fn is_skip(&self) -> bool {
        self.statuses == [Expected::Skip]
    }

    fn intermittent(&self) -> bool {
        self.statuses.len() > 1
    }

    /// Its statuses as written: `fail`, `timeout or crash`.
    pub fn shown(&self) -> String {
        let names: Vec<&str> = self.statuses.iter().map(|s| s.name()).collect();
        names.join(" or ")
    }
}

/// A name the implementation is known to lack.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Missing {
    pub name: String,
    pub reason: String,
}

/// A program of the dialect corpus the implementation fails, and why.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DialectEntry {
    pub program: String,
    pub reason: String,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    missing: Vec<Missing>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    dialect: Vec<DialectEntry>,
    #[serde(default)]
    expect: Vec<RawEntry>,
}

#[derive(Debug, Default)]
pub struct Expectations {
    pub path: PathBuf,
    pub missing: Vec<Missing>,
    pub dialect: Vec<DialectEntry>,
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
        let bad = |message: String| Error::Expectations { path: path.to_path_buf(), message };
        let mut entries = Vec::new();
        for (i, raw) in file.expect.into_iter().enumerate() {
            let what = format!("entry {} (case `{}`)", i + 1, raw.case);
            if raw.reason.trim().is_empty() {
                return Err(bad(format!("{what}: the reason is empty")));
            }
            let statuses = match raw.status {
                Statuses::One(Expected::Pass) => {
                    return Err(bad(format!("{what}: `pass` only makes sense among several statuses")))
                }
                Statuses::One(s) => vec![s],
                Statuses::Several(list) => {
                    if list.is_empty() {
                        return Err(bad(format!("{what}: the list of statuses is empty")));
                    }
                    if list.len() > 1 && list.contains(&Expected::Skip) {
                        return Err(bad(format!("{what}: `skip` cannot be one of several statuses")));
                    }
                    if list.iter().all(|s| *s == Expected::Pass) {
                        return Err(bad(format!("{what}: a case expected only to pass needs no entry")));
                    }
                    list
                }
            };
            entries.push(Entry { case: raw.case, statuses, reason: raw.reason });
        }
        for (i, m) in file.missing.iter().enumerate() {
            if m.reason.trim().is_empty() {
                return Err(bad(format!("missing name {} (`{}`): the reason is empty", i + 1, m.name)));
            }
        }
        for (i, d) in file.dialect.iter().enumerate() {
            if d.reason.trim().is_empty() {
                return Err(bad(format!("dialect program {} (`{}`): the reason is empty", i + 1, d.program)));
            }
        }
        Ok(Expectations { path: path.to_path_buf(), missing: file.missing, dialect: file.dialect, entries })
    }

    pub fn lookup(&self, case: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| glob(&e.case, case))
    }

    fn missing(&self, name: &str) -> Option<&Missing> {
        self.missing.iter().find(|m| m.name == name)
    }

    /// Entries whose pattern matches none of `cases`.
    pub fn unmatched<'a>(&'a self, cases: &[&str]) -> Vec<&'a Entry> {
        self.entries.iter().filter(|e| !cases.iter().any(|c| glob(&e.case, c))).collect()
    }

    /// `missing` entries for names the implementation has (not in `lacks`).
    pub fn stale_missing<'a>(&'a self, lacks: &BTreeMap<String, String>) -> Vec<&'a Missing> {
        self.missing.iter().filter(|m| !lacks.contains_key(&m.name)).collect()
    }

    /// Applies the expectations to a result: a failure that a `missing`
    /// entry or a case entry foresees becomes XFAIL, a listed case that
    /// passes becomes XPASS.
    pub fn apply(&self, result: &mut CaseResult) {
        let before = result.status;
        self.decide(result);
        if result.status != before {
            result.outcome = Some(before);
        }
    }

    fn decide(&self, result: &mut CaseResult) {
        let foreseen: Vec<&Missing> = result.lacking.iter().filter_map(|n| self.missing(n)).collect();
        if result.status.is_failure() && !result.lacking.is_empty() && foreseen.len() == result.lacking.len() {
            let why: Vec<String> = foreseen.iter().map(|m| message::missing_entry(&m.name, &m.reason)).collect();
            result.reason = Some(message::expected_missing(result.status, &why));
            result.status = Status::Xfail;
            return;
        }
        let Some(entry) = self.lookup(&result.case) else { return };
        if entry.is_skip() {
            return;
        }
        if entry.statuses.iter().any(|s| s.matches(result.status)) {
            if result.status != Status::Pass {
                let this_time = entry.intermittent().then_some(result.status);
                result.reason = Some(message::expected(&entry.shown(), this_time, &entry.reason));
                result.status = Status::Xfail;
            }
        } else if matches!(result.status, Status::Pass | Status::Deviates) {
            result.status = Status::Xpass;
            result.reason = Some(message::stale_entry(&self.path, &entry.shown(), &entry.case));
        } else if result.status.is_failure() {
            let why = result.reason.take().unwrap_or_default();
            result.reason =
                Some(message::expected_otherwise(&entry.shown(), entry.intermittent(), result.status, &why));
        }
    }

    /// An expectations file listing every failure of `results`: the names
    /// they lack once, and the other failures case by case.
    pub fn baseline(results: &[CaseResult], implementation: &str) -> String {
        let mut missing: BTreeMap<String, Missing> = BTreeMap::new();
        let mut expect = Vec::new();
        for r in results {
            let Some(status) = Expected::of(r.status) else { continue };
            if !r.lacking.is_empty() {
                for name in &r.lacking {
                    missing.entry(name.clone()).or_insert_with(|| Missing {
                        name: name.clone(),
                        reason: format!("{implementation}: the names probe finds it missing"),
                    });
                }
                continue;
            }
            let why = r.reason.clone().unwrap_or_default();
            expect.push(RawEntry {
                case: r.case.clone(),
                status: Statuses::One(status),
                reason: format!("{implementation}: {why}"),
            });
        }
        let header = "# Cases this implementation is known to fail (srfi106-conform --expect).\n\
                      # Replace each reason with why it fails, and remove entries as they are fixed.\n\n";
        let file = File { missing: missing.into_values().collect(), dialect: Vec::new(), expect };
        format!("{header}{}", toml::to_string(&file).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

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
        CaseResult { status, ..CaseResult::blank(case) }
    }

    fn expectations() -> Expectations {
        Expectations::parse(
            Path::new("expect.toml"),
            "[[missing]]\nname = \"socket-close\"\nreason = \"not exported\"\n\
             [[expect]]\ncase = \"udp/*\"\nstatus = \"fail\"\nreason = \"no udp\"\n\
             [[expect]]\ncase = \"slow\"\nstatus = \"timeout\"\nreason = \"hangs\"\n\
             [[expect]]\ncase = \"flaky\"\nstatus = [\"timeout\", \"crash\", \"pass\"]\nreason = \"UB\"\n",
        )
        .expect("parses")
    }

    #[rstest]
    #[case("udp/client", Status::Fail, Status::Xfail)]
    #[case("udp/client", Status::Pass, Status::Xpass)]
    #[case("udp/client", Status::Crash, Status::Crash)]
    #[case("slow", Status::Timeout, Status::Xfail)]
    #[case("other", Status::Fail, Status::Fail)]
    #[case("flaky", Status::Timeout, Status::Xfail)]
    #[case("flaky", Status::Crash, Status::Xfail)]
    #[case("flaky", Status::Pass, Status::Pass)]
    #[case("flaky", Status::Fail, Status::Fail)]
    fn applies_expectations(#[case] case: &str, #[case] status: Status, #[case] after: Status) {
        let mut r = result(case, status);
        expectations().apply(&mut r);
        assert_eq!(r.status, after);
    }

    #[test]
    fn intermittent_results_say_so() {
        let mut r = result("flaky", Status::Crash);
        expectations().apply(&mut r);
        assert_eq!(
            r.reason.as_deref(),
            Some("expected to timeout or crash or pass (intermittent); this time crash: UB")
        );
    }

    #[rstest]
    #[case(Status::Blocked, &["socket-close"], Status::Xfail)]
    #[case(Status::Crash, &["socket-close"], Status::Xfail)]
    #[case(Status::Blocked, &["socket-close", "socket?"], Status::Blocked)]
    #[case(Status::Unsupported, &["u8-ready?"], Status::Unsupported)]
    fn missing_names_expect_what_they_cause(#[case] status: Status, #[case] lacking: &[&str], #[case] after: Status) {
        let mut r = result("other", status);
        r.lacking = lacking.iter().map(|s| s.to_string()).collect();
        expectations().apply(&mut r);
        assert_eq!(r.status, after);
    }

    #[test]
    fn a_missing_name_the_implementation_has_is_stale() {
        let e = expectations();
        let lacks: BTreeMap<String, String> = [("socket?".to_string(), "x".to_string())].into();
        let stale: Vec<&str> = e.stale_missing(&lacks).iter().map(|m| m.name.as_str()).collect();
        assert_eq!(stale, ["socket-close"]);
    }

    #[test]
    fn finds_entries_matching_no_case() {
        let e = expectations();
        let unmatched: Vec<&str> = e.unmatched(&["udp/client"]).iter().map(|x| x.case.as_str()).collect();
        assert_eq!(unmatched, ["slow", "flaky"]);
    }

    #[rstest]
    #[case("[[expect]]\ncase = \"x\"\nstatus = \"flaky\"\nreason = \"r\"\n", "line 3:")]
    #[case("[[expect]]\ncase = \"x\"\nstatus = \"fail\"\n", "missing field `reason`")]
    #[case("[[expect]]\ncase = \"x\"\nstatus = \"fail\"\nreason = \" \"\n", "entry 1 (case `x`): the reason is empty")]
    #[case("[[expect]]\ncase = \"x\"\nstatus = \"pass\"\nreason = \"r\"\n", "`pass` only makes sense")]
    #[case("[[expect]]\ncase = \"x\"\nstatus = [\"skip\", \"fail\"]\nreason = \"r\"\n", "`skip` cannot be one")]
    #[case("[[expect]]\ncase = \"x\"\nstatus = []\nreason = \"r\"\n", "the list of statuses is empty")]
    #[case("[[missing]]\nname = \"x\"\nreason = \"\"\n", "missing name 1 (`x`): the reason is empty")]
    #[case("[[dialect]]\nprogram = \"x\"\nreason = \" \"\n", "dialect program 1 (`x`): the reason is empty")]
    fn bad_files(#[case] text: &str, #[case] message: &str) {
        let e = Expectations::parse(Path::new("e.toml"), text).expect_err("rejected").to_string();
        assert!(e.starts_with("e.toml: "), "{e}");
        assert!(e.contains(message), "{e}");
    }

    #[test]
    fn baseline_round_trips() {
        let mut failing = result("a/b", Status::Fail);
        failing.reason = Some("differs".into());
        let mut blocked = result("d", Status::Blocked);
        blocked.lacking = vec!["socket-close".into()];
        let text = Expectations::baseline(&[failing, result("c", Status::Pass), blocked], "gosh 0.9");
        let parsed = Expectations::parse(Path::new("b.toml"), &text).expect("parses");
        assert_eq!(parsed.entries.len(), 1);
        assert_eq!(parsed.entries[0].reason, "gosh 0.9: differs");
        assert_eq!(parsed.missing.len(), 1);
        assert_eq!(parsed.missing[0].name, "socket-close");
    }
}
