//! Transcripts: what a case said (the lines of its output that the check
//! library marked) followed by what its peer observed.
//!
//! The check library prints every line it owns as `@conform ...`; any
//! other output (banners, warnings, prompts) is ignored, and the marker is
//! found even after a prompt on the same line. Before comparison the
//! transcript goes through the normalisation passes, in order; new passes
//! are appended so that recorded snapshots stay valid.

/// The prefix of every line the harness owns.
pub const MARKER: &str = "@conform ";

/// The transcript of a program rejected before it ran (a case with
/// `accept: load-error`).
pub const REJECTED: &str = "rejected before running";

/// The kinds of line the harness owns, after the marker: the one
/// definition the check library (`cases/lib/check.scm`, whose lines a test
/// checks against it), the probe, this module's reader and CONFORMANCE.md's
/// table follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Say,
    Check,
    Signal,
    Ready,
    BindFailed,
    Done,
    Probe,
}

impl Kind {
    pub const ALL: [Kind; 7] =
        [Kind::Say, Kind::Check, Kind::Signal, Kind::Ready, Kind::BindFailed, Kind::Done, Kind::Probe];

    /// The word after the marker.
    pub fn keyword(self) -> &'static str {
        match self {
            Kind::Say => "say",
            Kind::Check => "check",
            Kind::Signal => "signal",
            Kind::Ready => "ready",
            Kind::BindFailed => "bind-failed",
            Kind::Done => "done",
            Kind::Probe => "probe",
        }
    }

    /// Who prints it, and what it means, for the documentation.
    pub fn doc(self) -> (&'static str, &'static str) {
        match self {
            Kind::Say => ("`(say token ...)`", "a line of the transcript"),
            Kind::Check => ("`(check name ok?)`", "a line of the transcript: `check NAME ok` or `check NAME FAILED`"),
            Kind::Signal => ("`(signal 'name)`", "a peer waiting with `await name` goes on"),
            Kind::Ready => ("`(serve ...)`", "the case's server is listening: the peer may connect"),
            Kind::BindFailed => {
                ("`(serve ...)`", "make-server-socket raised what follows (on a port taken, the case runs again)")
            }
            Kind::Done => ("`(conform-done)`, at the end of every program", "the program reached the end of its case"),
            Kind::Probe => ("the probes' programs", "the implementation ran the probe to its end"),
        }
    }

    /// The whole line, as a program prints it.
    pub fn line(self) -> String {
        format!("{MARKER}{}", self.keyword())
    }

    /// The documentation table (CONFORMANCE.md, "What a case can use").
    pub fn table() -> String {
        let mut s = String::from("| line | printed by | means |\n|---|---|---|\n");
        for k in Kind::ALL {
            let (by, means) = k.doc();
            s.push_str(&format!("| `{MARKER}{} ...` | {by} | {means} |\n", k.keyword()));
        }
        s
    }
}

/// One line the case printed through the check library.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Owned {
    /// `(serve ...)` made its server: the peer may connect.
    Ready,
    /// `(signal 'name)`, for a peer's `await name`.
    Signal(String),
    /// The program reached its end.
    Done,
    /// `(serve ...)`: make-server-socket raised; what it raised, as the
    /// program described it.
    BindFailed(String),
    /// A line of the transcript (`say ...`, `check ...`).
    Entry(String),
    /// A probe program reached its end.
    Probe,
}

/// The owned line in `line`, if any.
pub fn owned(line: &str) -> Option<Owned> {
    let at = line.find(MARKER)?;
    let payload = line[at + MARKER.len()..].trim_end_matches('\r');
    let (word, rest) = payload.split_once(' ').unwrap_or((payload, ""));
    let kind = Kind::ALL.into_iter().find(|k| k.keyword() == word);
    Some(match kind {
        Some(Kind::Ready) => Owned::Ready,
        Some(Kind::Done) => Owned::Done,
        Some(Kind::Probe) => Owned::Probe,
        Some(Kind::BindFailed) => Owned::BindFailed(rest.trim().to_string()),
        Some(Kind::Signal) => Owned::Signal(rest.trim().to_string()),
        Some(Kind::Say | Kind::Check) | None => Owned::Entry(payload.to_string()),
    })
}

/// What a case's output shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Observed {
    pub entries: Vec<String>,
    pub done: bool,
    /// What make-server-socket raised in `(serve ...)`, if it did.
    pub bind_failed: Option<String>,
}

pub fn observe(stdout: &str) -> Observed {
    let mut o = Observed::default();
    for line in stdout.lines() {
        match owned(line) {
            Some(Owned::Entry(e)) => o.entries.push(e),
            Some(Owned::Done) => o.done = true,
            Some(Owned::BindFailed(what)) => o.bind_failed = Some(what),
            Some(Owned::Ready | Owned::Signal(_) | Owned::Probe) | None => {}
        }
    }
    o
}

/// What normalisation needs to know about the run.
pub struct Context {
    /// Port numbers the harness handed out for this run.
    pub ports: Vec<u16>,
}

/// A named normalisation pass.
pub struct Pass {
    pub name: &'static str,
    pub apply: fn(&str, &Context) -> String,
}

/// The passes, in the order they run.
pub const PASSES: &[Pass] =
    &[Pass { name: "trailing-whitespace", apply: trailing_whitespace }, Pass { name: "ports", apply: ports }];

fn trailing_whitespace(s: &str, _: &Context) -> String {
    s.lines().map(str::trim_end).collect::<Vec<_>>().join("\n")
}

/// Replaces the run's port numbers, as whole numbers, with `<port>`: the
/// snapshot must not depend on the ports the OS handed out.
fn ports(s: &str, cx: &Context) -> String {
    let mut out = String::with_capacity(s.len());
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if !digits.is_empty() {
            match digits.parse::<u16>() {
                Ok(n) if cx.ports.contains(&n) => out.push_str("<port>"),
                _ => out.push_str(digits),
            }
            digits.clear();
        }
    };
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut out);
            out.push(c);
        }
    }
    flush(&mut digits, &mut out);
    out
}

/// Joins the case's entries and the peer's lines, then normalises.
pub fn transcript(entries: &[String], peer: &[String], cx: &Context) -> String {
    let joined = entries.iter().chain(peer.iter()).cloned().collect::<Vec<_>>().join("\n");
    PASSES.iter().fold(joined, |s, pass| (pass.apply)(&s, cx))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("@conform say 5", Some(Owned::Entry("say 5".into())))]
    #[case("gosh> @conform ready", Some(Owned::Ready))]
    #[case("@conform done\r", Some(Owned::Done))]
    #[case("@conform signal checked", Some(Owned::Signal("checked".into())))]
    #[case("@conform bind-failed", Some(Owned::BindFailed(String::new())))]
    #[case("@conform bind-failed Address in use 8080", Some(Owned::BindFailed("Address in use 8080".into())))]
    #[case("WARNING: something", None)]
    fn owned_lines(#[case] line: &str, #[case] expected: Option<Owned>) {
        assert_eq!(owned(line), expected);
    }

    #[test]
    fn the_check_library_prints_the_lines_of_kind_and_no_other() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../cases/lib/check.scm");
        let text = std::fs::read_to_string(path).expect("read check.scm");
        let mut printed: Vec<String> = text
            .split("(conform-emit")
            .skip(1)
            .filter_map(|rest| rest.trim_start().strip_prefix('"'))
            .filter_map(|rest| rest.split(['"', ' ']).next().map(str::to_string))
            .collect();
        printed.sort();
        printed.dedup();
        let mut kinds: Vec<String> =
            Kind::ALL.iter().filter(|k| **k != Kind::Probe).map(|k| k.keyword().to_string()).collect();
        kinds.sort();
        assert_eq!(printed, kinds, "the lines check.scm prints differ from transcript::Kind");
    }

    #[test]
    fn observe_ignores_foreign_lines() {
        let o = observe("banner\n@conform say a\nnoise\n@conform check x ok\n@conform done\n");
        assert_eq!(o.entries, ["say a", "check x ok"]);
        assert!(o.done);
    }

    #[test]
    fn ports_pass_replaces_only_the_runs_ports() {
        let cx = Context { ports: vec![40123] };
        assert_eq!(ports("say 40123 401234 123 40123", &cx), "say <port> 401234 123 <port>");
    }

    #[test]
    fn trailing_whitespace_pass() {
        let cx = Context { ports: vec![] };
        assert_eq!(trailing_whitespace("a  \nb\t", &cx), "a\nb");
    }

    #[test]
    fn transcript_puts_the_peer_after_the_case() {
        let cx = Context { ports: vec![5555] };
        let t = transcript(&["say 1".into()], &["peer: received \"5555\"".into()], &cx);
        assert_eq!(t, "say 1\npeer: received \"<port>\"");
    }

    #[test]
    fn passes_have_unique_names() {
        let mut names: Vec<&str> = PASSES.iter().map(|p| p.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), PASSES.len());
    }
}
