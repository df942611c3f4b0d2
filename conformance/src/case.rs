//! Case files: the body of an R7RS program with `;;@ name: value`
//! directives from a closed vocabulary.
//!
//! ```scheme
//! ;;@ description: socket-send returns the number of bytes it sent
//! ;;@ spec: send.count
//! ;;@ peer: listen; accept; recv-all
//! (define s (make-client-socket peer-host peer-port))
//! (say (socket-send s (string->utf8 "hello")))
//! (socket-close s)
//! ```
//!
//! The vocabulary, in alphabetical order (CONFORMANCE.md, "Writing
//! cases", says the same):
//!
//! | directive | value |
//! |---|---|
//! | `accept` | `load-error`: the implementation may also reject the program before running it (a syntax error at expansion) |
//! | `alternative` | another transcript that also passes, its lines separated by ` / ` (an answer the SRFI allows besides the snapshot's) |
//! | `description` | required: what the case checks, in one line |
//! | `peer` | the peer's script (see `peer.rs`) |
//! | `requires` | capabilities the case needs, separated by spaces |
//! | `ruling` | the id of the ruling the case tests: a different answer deviates from the ruling but does not fail SRFI 106 |
//! | `spec` | required: the id of the clause the case tests |
//! | `timeout` | seconds, 1 to 300 (default 10) |
//!
//! An unknown directive, a repeated one, a missing required one, or a bad
//! value is an error reported as `FILE:LINE: ...`.

use std::collections::BTreeSet;
use std::fmt;
use std::time::Duration;

use crate::error::Error;
use crate::peer::Script;

/// What a case may require of the machine or the implementation.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Hash)]
pub enum Capability {
    /// IPv6 loopback (`::1`) works on this machine.
    Ipv6,
    /// `127.0.0.2` reaches this machine (Linux routes all of 127/8 to
    /// loopback; macOS does not by default).
    LoopbackAlias,
    /// Out-of-band (urgent) TCP data.
    Oob,
    /// Service names such as `"http"` resolve (a services database).
    ServiceNames,
    /// Datagram sockets.
    Udp,
}

impl Capability {
    pub const ALL: [Capability; 5] =
        [Capability::Ipv6, Capability::LoopbackAlias, Capability::Oob, Capability::ServiceNames, Capability::Udp];

    pub fn name(self) -> &'static str {
        match self {
            Capability::Ipv6 => "ipv6",
            Capability::LoopbackAlias => "loopback-alias",
            Capability::Oob => "oob",
            Capability::ServiceNames => "service-names",
            Capability::Udp => "udp",
        }
    }

    pub fn parse(s: &str) -> Option<Capability> {
        Capability::ALL.into_iter().find(|c| c.name() == s)
    }
}

impl fmt::Display for Capability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A parsed case.
#[derive(Clone, Debug)]
pub struct Case {
    /// The case's name: its path under the corpus, without `.scm`
    /// (`send/count`). Trials and snapshots are named after it.
    pub name: String,
    /// The path shown in messages (`cases/send/count.scm`).
    pub file: String,
    /// The whole file, directives included (they are comments).
    pub text: String,
    pub description: String,
    pub spec: String,
    pub requires: BTreeSet<Capability>,
    pub peer: Option<Script>,
    pub timeout: Option<Duration>,
    pub ruling: Option<String>,
    pub accept_load_error: bool,
    /// Another transcript that passes too.
    pub alternative: Option<String>,
    /// Every symbol the case's code mentions (not quoted data).
    pub mentions: BTreeSet<String>,
    /// The check library's definitions the case needs (set by the corpus).
    pub helpers: BTreeSet<String>,
    /// The dialect's names the case uses, its helpers' included (set by the
    /// corpus): what its program imports, and what the names probe asks.
    pub uses: BTreeSet<String>,
}

/// The ids a case's `spec` and `ruling` may name.
pub struct Vocabulary<'a> {
    pub clauses: &'a BTreeSet<String>,
    pub rulings: &'a BTreeSet<String>,
}

pub const DIRECTIVES: [&str; 8] =
    ["accept", "alternative", "description", "peer", "requires", "ruling", "spec", "timeout"];

impl Case {
    /// Parses the case `name` from `text`; `file` is used in messages.
    pub fn parse(name: &str, file: &str, text: &str, vocabulary: &Vocabulary) -> Result<Case, Error> {
        let mut case = Case {
            name: name.to_string(),
            file: file.to_string(),
            text: text.to_string(),
            description: String::new(),
            spec: String::new(),
            requires: BTreeSet::new(),
            peer: None,
            timeout: None,
            ruling: None,
            accept_load_error: false,
            alternative: None,
            mentions: crate::names::mentions(file, text)?,
            helpers: BTreeSet::new(),
            uses: BTreeSet::new(),
        };
        let mut seen: Vec<&str> = Vec::new();
        let mut body_lines = 0;
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            let bad = |message: String| Error::case(file, number, message);
            let Some(rest) = line.strip_prefix(";;@") else {
                if !line.trim().is_empty() && !line.trim_start().starts_with(';') {
                    body_lines += 1;
                }
                continue;
            };
            let Some((key, value)) = rest.split_once(':') else {
                return Err(bad("a directive is `;;@ name: value`".into()));
            };
            let key = key.trim();
            let value = value.trim();
            let Some(known) = DIRECTIVES.iter().find(|d| **d == key) else {
                return Err(bad(format!("unknown directive `{key}` (known: {})", DIRECTIVES.join(", "))));
            };
            if seen.contains(known) {
                return Err(bad(format!("directive `{key}` is given twice")));
            }
            seen.push(known);
            if value.is_empty() {
                return Err(bad(format!("directive `{key}` needs a value")));
            }
            match key {
                "accept" => match value {
                    "load-error" => case.accept_load_error = true,
                    other => return Err(bad(format!("accept: expected `load-error`, not `{other}`"))),
                },
                "alternative" => {
                    case.alternative = Some(value.split(" / ").map(str::trim).collect::<Vec<_>>().join("\n"))
                }
                "description" => case.description = value.to_string(),
                "peer" => case.peer = Some(Script::parse(value).map_err(|m| bad(format!("peer: {m}")))?),
                "requires" => {
                    for word in value.split_whitespace() {
                        match Capability::parse(word) {
                            Some(c) => {
                                case.requires.insert(c);
                            }
                            None => {
                                let known: Vec<&str> = Capability::ALL.iter().map(|c| c.name()).collect();
                                return Err(bad(format!(
                                    "requires: unknown capability `{word}` (known: {})",
                                    known.join(", ")
                                )));
                            }
                        }
                    }
                }
                "ruling" => {
                    if !vocabulary.rulings.contains(value) {
                        return Err(bad(format!("ruling: `{value}` is not a ruling listed in CONFORMANCE.md")));
                    }
                    case.ruling = Some(value.to_string());
                }
                "spec" => {
                    if !vocabulary.clauses.contains(value) {
                        return Err(bad(format!("spec: `{value}` is not a clause of cases/clauses.toml")));
                    }
                    case.spec = value.to_string();
                }
                "timeout" => match value.parse::<u64>() {
                    Ok(s) if (1..=300).contains(&s) => case.timeout = Some(Duration::from_secs(s)),
                    _ => return Err(bad(format!("timeout: expected whole seconds from 1 to 300, not `{value}`"))),
                },
                _ => unreachable!("every directive is handled"),
            }
        }
        for required in ["description", "spec"] {
            if !seen.contains(&required) {
                return Err(Error::case(file, 1, format!("missing required directive `;;@ {required}: ...`")));
            }
        }
        if body_lines == 0 {
            return Err(Error::case(file, 1, "the case has no body"));
        }
        Ok(case)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn vocabulary() -> (BTreeSet<String>, BTreeSet<String>) {
        (["send.count".to_string()].into(), ["R-SEND".to_string()].into())
    }

    fn parse(text: &str) -> Result<Case, String> {
        let (clauses, rulings) = vocabulary();
        Case::parse("t", "cases/t.scm", text, &Vocabulary { clauses: &clauses, rulings: &rulings })
            .map_err(|e| e.to_string())
    }

    #[test]
    fn a_full_case() {
        let case = parse(
            ";;@ description: counts bytes\n;;@ spec: send.count\n;;@ requires: ipv6 udp\n;;@ timeout: 5\n\
             ;;@ ruling: R-SEND\n;;@ accept: load-error\n;;@ peer: listen; accept; recv-all\n(say 1)\n",
        )
        .expect("parses");
        assert_eq!(case.description, "counts bytes");
        assert_eq!(case.spec, "send.count");
        assert_eq!(case.requires, [Capability::Ipv6, Capability::Udp].into());
        assert_eq!(case.timeout, Some(Duration::from_secs(5)));
        assert_eq!(case.ruling.as_deref(), Some("R-SEND"));
        assert!(case.accept_load_error);
        assert!(case.peer.is_some());
    }

    #[rstest]
    #[case(
        ";;@ description: d\n;;@ spec: send.count\n;;@ colour: red\n(x)",
        "cases/t.scm:3: unknown directive `colour`"
    )]
    #[case(";;@ description: d\n(x)", "cases/t.scm:1: missing required directive `;;@ spec: ...`")]
    #[case(";;@ spec: send.count\n(x)", "cases/t.scm:1: missing required directive `;;@ description: ...`")]
    #[case(
        ";;@ description: d\n;;@ description: e\n;;@ spec: send.count\n(x)",
        "cases/t.scm:2: directive `description` is given twice"
    )]
    #[case(";;@ description: d\n;;@ spec: nope\n(x)", "cases/t.scm:2: spec: `nope` is not a clause")]
    #[case(
        ";;@ description: d\n;;@ spec: send.count\n;;@ ruling: R-NOPE\n(x)",
        "cases/t.scm:3: ruling: `R-NOPE` is not a ruling"
    )]
    #[case(
        ";;@ description: d\n;;@ spec: send.count\n;;@ timeout: 0\n(x)",
        "cases/t.scm:3: timeout: expected whole seconds"
    )]
    #[case(
        ";;@ description: d\n;;@ spec: send.count\n;;@ timeout: ten\n(x)",
        "cases/t.scm:3: timeout: expected whole seconds"
    )]
    #[case(
        ";;@ description: d\n;;@ spec: send.count\n;;@ requires: ipv7\n(x)",
        "cases/t.scm:3: requires: unknown capability `ipv7`"
    )]
    #[case(
        ";;@ description: d\n;;@ spec: send.count\n;;@ accept: anything\n(x)",
        "cases/t.scm:3: accept: expected `load-error`"
    )]
    #[case(
        ";;@ description: d\n;;@ spec: send.count\n;;@ peer: dance\n(x)",
        "cases/t.scm:3: peer: unknown step `dance`"
    )]
    #[case(";;@ description:\n;;@ spec: send.count\n(x)", "cases/t.scm:1: directive `description` needs a value")]
    #[case(";;@ description d\n(x)", "cases/t.scm:1: a directive is `;;@ name: value`")]
    #[case(";;@ description: d\n;;@ spec: send.count\n; only a comment\n", "cases/t.scm:1: the case has no body")]
    fn bad_cases_are_reported_with_file_and_line(#[case] text: &str, #[case] message: &str) {
        let e = parse(text).expect_err("rejected");
        assert!(e.starts_with(message), "{e}");
    }
}
