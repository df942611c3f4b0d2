//! What happened to a case, decided from how its process ended, what it
//! printed, what its peer saw, and its snapshot. This module only decides;
//! the words are in `message.rs`.

use std::time::Duration;

use serde::Serialize;

use crate::case::Case;
use crate::process::{Ending, Finished};
use crate::transcript::Observed;

/// The outcome of one case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The transcript matches the snapshot (or the case's alternative).
    Pass,
    /// The program ran to its end, but the transcript differs.
    Fail,
    /// The program ended without reaching its end.
    Crash,
    /// The program was killed at its deadline.
    Timeout,
    /// The case was not run: it needs a SRFI 106 name, for something other
    /// than what it tests, that the implementation does not export.
    Blocked,
    /// The case needs a capability this run lacks, or a name of the R7RS
    /// dialect the implementation does not have.
    Unsupported,
    /// The case tests a ruling, and the answer differs, whatever its form (a
    /// different transcript, a raise, a rejected program, a hang, a
    /// signal): the implementation deviates from the suite's ruling where
    /// SRFI 106 is silent.
    Deviates,
    /// A failure the expectations file lists.
    Xfail,
    /// A case the expectations file lists as failing passes.
    Xpass,
    /// The harness could not run the case (not the implementation's fault).
    Error,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Crash => "crash",
            Status::Timeout => "timeout",
            Status::Blocked => "blocked",
            Status::Unsupported => "unsupported",
            Status::Deviates => "deviates",
            Status::Xfail => "xfail",
            Status::Xpass => "xpass",
            Status::Error => "error",
        }
    }

    /// Whether this result makes the run fail (before expectations).
    pub fn is_failure(self) -> bool {
        matches!(self, Status::Fail | Status::Crash | Status::Timeout | Status::Blocked | Status::Xpass | Status::Error)
    }
}

/// Everything known about one run of a case, for reports and for
/// reproducing it by hand.
#[derive(Clone, Debug)]
pub struct CaseResult {
    pub case: String,
    pub status: Status,
    pub duration: Duration,
    /// The expected transcript (the snapshot), if there is one.
    pub expected: Option<String>,
    /// The actual transcript.
    pub actual: String,
    /// The program as run.
    pub program: String,
    pub argv: Vec<String>,
    pub ending: Option<Ending>,
    pub stdout: String,
    pub stderr: String,
    pub output_truncated: bool,
    /// What the peer saw.
    pub peer: Vec<String>,
    /// Runs repeated because the case's server could not bind the port
    /// chosen for it.
    pub retries: u32,
    /// A sentence on why it is not a pass (a reason, not the diff).
    pub reason: Option<String>,
    /// The names the case uses that the implementation lacks.
    pub lacking: Vec<String>,
    /// The status before the expectations file was applied, where it
    /// changed it (a FAIL it expects is XFAIL).
    pub outcome: Option<Status>,
    /// What the program left behind (processes, pipes held open).
    pub leaks: crate::process::Leaks,
}

impl CaseResult {
    /// A result for `case` that has nothing yet: an error until decided.
    pub fn blank(case: &str) -> CaseResult {
        CaseResult {
            case: case.to_string(),
            status: Status::Error,
            duration: Duration::ZERO,
            expected: None,
            actual: String::new(),
            program: String::new(),
            argv: Vec::new(),
            ending: None,
            stdout: String::new(),
            stderr: String::new(),
            output_truncated: false,
            peer: Vec::new(),
            retries: 0,
            reason: None,
            lacking: Vec::new(),
            outcome: None,
            leaks: Default::default(),
        }
    }
}

/// What the program did, before it is compared with the snapshot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// It reached the end of the case.
    Finished,
    /// It was rejected before it ran (a compile or expansion error), and
    /// the case accepts that.
    Rejected,
    /// It ended before the end of the case.
    Ended(Ending),
    /// It was killed at its deadline, after this long.
    TimedOut(Duration),
}

impl Answer {
    pub fn of(case: &Case, finished: &Finished, observed: &Observed) -> Answer {
        if finished.ending == Ending::TimedOut {
            Answer::TimedOut(finished.duration)
        } else if rejected(case, finished, observed) {
            Answer::Rejected
        } else if observed.done {
            Answer::Finished
        } else {
            Answer::Ended(finished.ending)
        }
    }
}

/// Whether the run shows a program rejected before it ran: nothing owned
/// printed, not finished, and a failing exit (a compile or expansion
/// error). Only cases with `accept: load-error` may end this way.
pub fn rejected(case: &Case, finished: &Finished, observed: &Observed) -> bool {
    case.accept_load_error
        && !observed.done
        && observed.entries.is_empty()
        && !matches!(finished.ending, Ending::Exited(0) | Ending::TimedOut)
}

/// Decides the status of a finished run whose transcript is `actual`
/// (`REJECTED` for a rejected program).
///
/// Under a ruling, any answer but the expected one deviates, whatever its
/// form: SRFI 106 is silent there, so no answer fails it. Outside a
/// ruling, a program that ends early or hangs fails.
pub fn decide(case: &Case, answer: Answer, actual: &str, expected: Option<&str>) -> (Status, Option<String>) {
    let Some(expected) = expected else {
        return (Status::Error, Some(crate::message::no_snapshot(&case.name)));
    };
    let matches = actual == expected || case.alternative.as_deref() == Some(actual);
    if answer == Answer::Rejected || (answer == Answer::Finished && matches) {
        return (Status::Pass, None);
    }
    if let Some(ruling) = &case.ruling {
        return (Status::Deviates, Some(crate::message::deviates(ruling, answer)));
    }
    let status = match answer {
        Answer::Finished => Status::Fail,
        Answer::TimedOut(_) => Status::Timeout,
        Answer::Ended(_) | Answer::Rejected => Status::Crash,
    };
    (status, Some(crate::message::answer(answer)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::process::Captured;
    use crate::transcript::REJECTED;
    use rstest::rstest;

    fn case(extra: &str) -> Case {
        let clauses = ["c".to_string()].into();
        let rulings = ["R-X".to_string()].into();
        let text = format!(";;@ description: d\n;;@ spec: c\n{extra}(x)\n");
        Case::parse("t", "t.scm", &text, &crate::case::Vocabulary { clauses: &clauses, rulings: &rulings })
            .expect("case")
    }

    fn finished(ending: Ending) -> Finished {
        Finished {
            ending,
            stdout: Captured::default(),
            stderr: Captured::default(),
            duration: Duration::from_millis(5),
            leaks: Default::default(),
        }
    }

    fn observed(entries: &[&str], done: bool) -> Observed {
        Observed { entries: entries.iter().map(|s| s.to_string()).collect(), done, bind_failed: None }
    }

    const SIGPIPE: Ending = Ending::Signalled(13);

    #[rstest]
    #[case("", Ending::Exited(0), &["say 1"], true, "say 1", Some("say 1"), Status::Pass)]
    #[case("", Ending::Exited(0), &["say 2"], true, "say 2", Some("say 1"), Status::Fail)]
    #[case("", Ending::Exited(70), &["say 1"], false, "say 1", Some("say 1"), Status::Crash)]
    #[case("", Ending::Exited(0), &[], false, "", Some("say 1"), Status::Crash)]
    #[case("", SIGPIPE, &[], false, "", Some("say 1"), Status::Crash)]
    #[case("", Ending::TimedOut, &["say 1"], true, "say 1", Some("say 1"), Status::Timeout)]
    #[case("", Ending::Exited(0), &["say 1"], true, "say 1", None, Status::Error)]
    // Under a ruling, any other answer deviates, whatever its form.
    #[case(";;@ ruling: R-X\n", Ending::Exited(0), &["say 2"], true, "say 2", Some("say 1"), Status::Deviates)]
    #[case(";;@ ruling: R-X\n", Ending::Exited(1), &[], false, "", Some("say 1"), Status::Deviates)]
    #[case(";;@ ruling: R-X\n", SIGPIPE, &["say 1"], false, "say 1", Some("say 1"), Status::Deviates)]
    #[case(";;@ ruling: R-X\n", Ending::TimedOut, &[], false, "", Some("say 1"), Status::Deviates)]
    #[case(";;@ ruling: R-X\n", Ending::Exited(0), &["say 1"], true, "say 1", Some("say 1"), Status::Pass)]
    // A rejected program passes where the case accepts it, whatever its snapshot.
    #[case(";;@ accept: load-error\n", Ending::Exited(1), &[], false, REJECTED, Some(REJECTED), Status::Pass)]
    #[case(";;@ accept: load-error\n", Ending::Exited(1), &[], false, REJECTED, Some("check x ok"), Status::Pass)]
    #[case(";;@ accept: load-error\n", Ending::Exited(70), &["say a"], false, "say a", Some(REJECTED), Status::Crash)]
    #[case(";;@ accept: load-error\n;;@ alternative: say raised\n", Ending::Exited(0), &["say raised"], true, "say raised", Some(REJECTED), Status::Pass)]
    #[case(";;@ accept: load-error\n;;@ alternative: say raised\n", Ending::Exited(0), &["say accepted"], true, "say accepted", Some(REJECTED), Status::Fail)]
    #[case(";;@ alternative: a / b\n", Ending::Exited(0), &["a", "b"], true, "a\nb", Some("c"), Status::Pass)]
    fn decisions(
        #[case] directives: &str,
        #[case] ending: Ending,
        #[case] entries: &[&str],
        #[case] done: bool,
        #[case] actual: &str,
        #[case] expected: Option<&str>,
        #[case] status: Status,
    ) {
        let c = case(directives);
        let answer = Answer::of(&c, &finished(ending), &observed(entries, done));
        assert_eq!(decide(&c, answer, actual, expected).0, status);
    }

    #[test]
    fn a_deviation_says_what_happened() {
        let c = case(";;@ ruling: R-X\n");
        let answer = Answer::of(&c, &finished(SIGPIPE), &observed(&[], false));
        let (_, reason) = decide(&c, answer, "", Some("say 1"));
        assert_eq!(
            reason.as_deref(),
            Some(
                "deviates from ruling R-X (SRFI 106 is silent here; see CONFORMANCE.md): the program was killed by \
                 signal 13 (SIGPIPE) before reaching the end of the case"
            )
        );
    }

    #[test]
    fn rejection_needs_the_directive_no_output_and_a_failing_exit() {
        let with = case(";;@ accept: load-error\n");
        let without = case("");
        assert!(rejected(&with, &finished(Ending::Exited(70)), &observed(&[], false)));
        assert!(!rejected(&without, &finished(Ending::Exited(70)), &observed(&[], false)));
        assert!(!rejected(&with, &finished(Ending::Exited(0)), &observed(&[], false)));
        assert!(!rejected(&with, &finished(Ending::TimedOut), &observed(&[], false)));
        assert!(!rejected(&with, &finished(Ending::Exited(70)), &observed(&["say x"], false)));
    }
}
