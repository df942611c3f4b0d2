//! Case files: the body of an R7RS program with `;;@ name: value`
//! directives from a closed vocabulary, at its top.
//!
//! ```scheme
//! ;;@ description: socket-send returns the number of bytes sent
//! ;;@ spec: send.size
//! ;;@ peer: listen; accept; recv 5; send "thanks"; recv-all
//! (define s (make-client-socket peer-host peer-port))
//! (say (socket-send s (string->utf8 "hello")))
//! (say (text (socket-recv s 100)))
//! ```
//!
//! The vocabulary is [`Directive`]: its parsing, its documentation
//! (CONFORMANCE.md's table, kept true by `harness/tests/docs.rs`) and its
//! checks all come from that one definition. Every problem of a case is
//! reported, each as `FILE:LINE: ...`: an unknown, repeated, missing or
//! malformed directive, a directive below the case's code, and a comment
//! that looks like a directive but is not one (`;; requires: udp`).

use std::collections::BTreeSet;
use std::fmt;
use std::time::Duration;

use crate::error::Error;
use crate::script::Script;

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

    /// What it is, for the documentation.
    pub fn doc(self) -> &'static str {
        match self {
            Capability::Ipv6 => "IPv6 loopback, `::1`",
            Capability::LoopbackAlias => "`127.0.0.2` reaches this machine",
            Capability::Oob => "urgent TCP data, `MSG_OOB`",
            Capability::ServiceNames => "names such as `\"http\"` resolve to ports",
            Capability::Udp => "datagram sockets",
        }
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

/// A directive: a line `;;@ name: value` at the top of a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Directive {
    Accept,
    Alternative,
    Description,
    Peer,
    Requires,
    Ruling,
    Spec,
    Timeout,
}

impl Directive {
    /// Every directive, in alphabetical order.
    pub const ALL: [Directive; 8] = [
        Directive::Accept,
        Directive::Alternative,
        Directive::Description,
        Directive::Peer,
        Directive::Requires,
        Directive::Ruling,
        Directive::Spec,
        Directive::Timeout,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Directive::Accept => "accept",
            Directive::Alternative => "alternative",
            Directive::Description => "description",
            Directive::Peer => "peer",
            Directive::Requires => "requires",
            Directive::Ruling => "ruling",
            Directive::Spec => "spec",
            Directive::Timeout => "timeout",
        }
    }

    pub fn parse(name: &str) -> Option<Directive> {
        Directive::ALL.into_iter().find(|d| d.name() == name)
    }

    /// Whether every case must have it.
    pub fn required(self) -> bool {
        matches!(self, Directive::Description | Directive::Spec)
    }

    /// What its value is, for the documentation.
    pub fn doc(self) -> String {
        let text = match self {
            Directive::Accept => {
                "`load-error`: the implementation may also reject the program before it runs (a flag-syntax error \
                 at expansion); the transcript is then `rejected before running`, and it passes"
            }
            Directive::Alternative => {
                "another transcript that also passes, lines separated by ` / `: an answer SRFI 106 allows besides \
                 the snapshot's"
            }
            Directive::Description => "what the case checks, in one line",
            Directive::Peer => "the peer's script (below)",
            Directive::Requires => {
                let known: Vec<String> =
                    Capability::ALL.iter().map(|c| format!("`{}` ({})", c.name(), c.doc())).collect();
                return format!(
                    "capabilities, separated by spaces: {}; a case whose peer takes a step, or whose code makes a \
                     socket, that needs one must name it",
                    known.join(", ")
                );
            }
            Directive::Ruling => {
                "the ruling the case tests (`R-...`): any other answer is reported as deviating from the ruling, \
                 not as a failure"
            }
            Directive::Spec => "the clause the case tests",
            Directive::Timeout => "seconds, 1 to 300 (default 10)",
        };
        text.to_string()
    }

    /// Reads `value` into `case`, or says what is wrong with it.
    fn read(self, case: &mut Case, value: &str, vocabulary: &Vocabulary) -> Result<(), String> {
        match self {
            Directive::Accept => match value {
                "load-error" => case.accept_load_error = true,
                other => return Err(format!("accept: expected `load-error`, not `{other}`")),
            },
            Directive::Alternative => {
                case.alternative = Some(value.split(" / ").map(str::trim).collect::<Vec<_>>().join("\n"))
            }
            Directive::Description => case.description = value.to_string(),
            Directive::Peer => case.peer = Some(Script::parse(value).map_err(|m| format!("peer: {m}"))?),
            Directive::Requires => {
                for word in value.split_whitespace() {
                    let capability = Capability::parse(word).ok_or_else(|| {
                        let known: Vec<&str> = Capability::ALL.iter().map(|c| c.name()).collect();
                        format!("requires: unknown capability `{word}` (known: {})", known.join(", "))
                    })?;
                    case.requires.insert(capability);
                }
            }
            Directive::Ruling => {
                if !vocabulary.rulings.contains(value) {
                    return Err(format!("ruling: `{value}` is not a ruling listed in CONFORMANCE.md"));
                }
                case.ruling = Some(value.to_string());
            }
            Directive::Spec => {
                if !vocabulary.clauses.contains(value) {
                    return Err(format!("spec: `{value}` is not a clause of cases/clauses.toml"));
                }
                case.spec = value.to_string();
            }
            Directive::Timeout => match value.parse::<u64>() {
                Ok(s) if (1..=300).contains(&s) => case.timeout = Some(Duration::from_secs(s)),
                _ => return Err(format!("timeout: expected whole seconds from 1 to 300, not `{value}`")),
            },
        }
        Ok(())
    }

    /// The documentation table (CONFORMANCE.md, "Directives").
    pub fn table() -> String {
        let mut s = String::from("| directive | value |\n|---|---|\n");
        for d in Directive::ALL {
            let required = if d.required() { "required: " } else { "" };
            s.push_str(&format!("| `{}` | {required}{} |\n", d.name(), d.doc()));
        }
        s
    }
}

/// The capabilities a case shows it needs, each with what shows it: its
/// peer's steps, and the sockets it makes or uses — a constructor given
/// `*sock-dgram*` (udp), `*af-inet6*` or `peer-host6` (ipv6), a send or a
/// receive given `*msg-oob*` (oob), and their flag-operator names.
fn shown_needs(case: &Case) -> Vec<(Capability, String)> {
    let mut needs: Vec<(Capability, String)> = Vec::new();
    if let Some(script) = &case.peer {
        for step in &script.steps {
            if let Some(c) = step.needs() {
                needs.push((c, format!("its peer's `{}` step", step.name())));
            }
        }
    }
    const CONSTRUCTORS: [&str; 3] = ["make-client-socket", "make-server-socket", "serve"];
    const SHOWN: [(&str, Capability, &[&str]); 3] = [
        ("*sock-dgram*", Capability::Udp, &CONSTRUCTORS),
        ("*af-inet6*", Capability::Ipv6, &CONSTRUCTORS),
        ("*msg-oob*", Capability::Oob, &["socket-send", "socket-recv"]),
    ];
    const NAMES: [(&str, &str); 4] =
        [("datagram", "*sock-dgram*"), ("inet6", "*af-inet6*"), ("peer-host6", "*af-inet6*"), ("oob", "*msg-oob*")];
    for (callee, symbols) in crate::names::calls(&case.file, &case.text).unwrap_or_default() {
        for (constant, capability, callees) in SHOWN {
            let named = |s: &String| s == constant || NAMES.iter().any(|(name, c)| *c == constant && s == name);
            if callees.contains(&callee.as_str()) {
                if let Some(s) = symbols.iter().find(|s| named(s)) {
                    needs.push((capability, format!("`{s}` in a call to `{callee}`")));
                }
            }
        }
    }
    needs
}

/// A problem for each capability the case shows it needs but does not
/// name in `requires` (on a machine without it, it would fail instead of
/// being unsupported).
pub fn undeclared_needs(case: &Case) -> Vec<Error> {
    let line = case.text.lines().position(|l| l.starts_with(";;@ requires:")).map_or(1, |i| i + 1);
    let mut seen = BTreeSet::new();
    shown_needs(case)
        .into_iter()
        .filter(|(c, _)| !case.requires.contains(c) && seen.insert(*c))
        .map(|(c, why)| {
            Error::case(&case.file, line, format!("the case needs `{c}` ({why}): add it to `;;@ requires:`"))
        })
        .collect()
}

/// The marker that starts a directive.
pub const MARKER: &str = ";;@";

/// A comment that looks like a directive without being one, as the
/// directive's name: `;; requires: udp`, `   ;;@ spec: x`, `;;;@ peer: ...`.
fn near_miss(line: &str) -> Option<&'static str> {
    let trimmed = line.trim_start();
    if !trimmed.starts_with(';') {
        return None;
    }
    let rest = trimmed.trim_start_matches(';').trim_start_matches('@').trim_start();
    let (name, _) = rest.split_once(':')?;
    Directive::parse(name.trim()).map(Directive::name)
}

impl Case {
    /// Parses the case `name` from `text`; `file` is used in messages.
    /// Every problem is reported, not only the first.
    pub fn parse(name: &str, file: &str, text: &str, vocabulary: &Vocabulary) -> Result<Case, Vec<Error>> {
        let mut errors = Vec::new();
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
            mentions: crate::names::mentions(file, text).unwrap_or_else(|e| {
                errors.push(e);
                BTreeSet::new()
            }),
            helpers: BTreeSet::new(),
            uses: BTreeSet::new(),
        };
        let mut seen: Vec<Directive> = Vec::new();
        let mut first_code: Option<usize> = None;
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            let mut bad = |message: String| errors.push(Error::case(file, number, message));
            let Some(rest) = line.strip_prefix(MARKER).filter(|r| !r.starts_with('@')) else {
                if let Some(name) = near_miss(line) {
                    bad(format!(
                        "this comment looks like the directive `{name}` but is not one: a directive is \
                         `{MARKER} {name}: ...` at the start of its line"
                    ));
                } else if first_code.is_none() && !line.trim().is_empty() && !line.trim_start().starts_with(';') {
                    first_code = Some(number);
                }
                continue;
            };
            if let Some(code) = first_code {
                bad(format!(
                    "a directive below the case's code (which starts at line {code}): directives go at the top"
                ));
                continue;
            }
            let Some((key, value)) = rest.split_once(':') else {
                bad(format!("a directive is `{MARKER} name: value`"));
                continue;
            };
            let (key, value) = (key.trim(), value.trim());
            let Some(directive) = Directive::parse(key) else {
                let known: Vec<&str> = Directive::ALL.iter().map(|d| d.name()).collect();
                bad(format!("unknown directive `{key}` (known: {})", known.join(", ")));
                continue;
            };
            if seen.contains(&directive) {
                bad(format!("directive `{key}` is given twice"));
                continue;
            }
            seen.push(directive);
            if value.is_empty() {
                bad(format!("directive `{key}` needs a value"));
                continue;
            }
            if let Err(message) = directive.read(&mut case, value, vocabulary) {
                bad(message);
            }
        }
        for required in Directive::ALL.into_iter().filter(|d| d.required() && !seen.contains(d)) {
            errors.push(Error::case(
                file,
                1,
                format!("missing required directive `{MARKER} {}: ...`", required.name()),
            ));
        }
        if first_code.is_none() {
            errors.push(Error::case(file, 1, "the case has no body"));
        }
        if errors.is_empty() {
            Ok(case)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn vocabulary() -> (BTreeSet<String>, BTreeSet<String>) {
        (["send.size".to_string()].into(), ["R-SEND".to_string()].into())
    }

    fn parse(text: &str) -> Result<Case, String> {
        let (clauses, rulings) = vocabulary();
        Case::parse("t", "cases/t.scm", text, &Vocabulary { clauses: &clauses, rulings: &rulings })
            .map_err(|e| e.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))
    }

    #[test]
    fn every_problem_is_reported() {
        let e =
            parse(";;@ colour: red\n;;@ spec: nope\n;;@ timeout: ten\n(x)\n;;@ peer: listen\n").expect_err("rejected");
        let lines: Vec<&str> = e.lines().collect();
        assert_eq!(lines.len(), 5, "{e}");
        assert!(lines[0].starts_with("cases/t.scm:1: unknown directive `colour`"), "{e}");
        assert!(lines[1].starts_with("cases/t.scm:2: spec:"), "{e}");
        assert!(lines[2].starts_with("cases/t.scm:3: timeout:"), "{e}");
        assert!(lines[3].starts_with("cases/t.scm:5: a directive below"), "{e}");
        assert!(lines[4].starts_with("cases/t.scm:1: missing required directive `;;@ description"), "{e}");
    }

    #[rstest]
    #[case(";;@ peer: udp; recv-datagram\n(x)", Some("the case needs `udp` (its peer's `udp` step)"))]
    #[case(";;@ peer: listen6; accept\n(x)", Some("the case needs `ipv6` (its peer's `listen6` step)"))]
    #[case(
        "(make-client-socket peer-host peer-port *af-inet* (socket-domain datagram))",
        Some("needs `udp` (`datagram` in a call")
    )]
    #[case("(socket-recv s 1 *msg-oob*)", Some("needs `oob` (`*msg-oob*` in a call to `socket-recv`)"))]
    #[case("(check 'x (eqv? *sock-dgram* 2))", None)]
    #[case(";;@ requires: udp\n(serve *af-inet* *sock-dgram*)", None)]
    fn requires_names_what_the_case_shows_it_needs(#[case] body: &str, #[case] problem: Option<&str>) {
        let (clauses, rulings) = vocabulary();
        let text = format!(";;@ description: d\n;;@ spec: send.size\n{body}\n");
        let case = Case::parse("t", "cases/t.scm", &text, &Vocabulary { clauses: &clauses, rulings: &rulings })
            .expect("parses");
        let problems: Vec<String> = undeclared_needs(&case).iter().map(|e| e.to_string()).collect();
        match problem {
            None => assert!(problems.is_empty(), "{problems:?}"),
            Some(p) => assert!(problems.len() == 1 && problems[0].contains(p), "{problems:?}"),
        }
    }

    #[test]
    fn prose_in_comments_is_not_a_near_miss() {
        assert!(parse(";;@ description: d\n;;@ spec: send.size\n;; The peer answers: once.\n(x)").is_ok());
    }

    #[test]
    fn a_full_case() {
        let case = parse(
            ";;@ description: counts bytes\n;;@ spec: send.size\n;;@ requires: ipv6 udp\n;;@ timeout: 5\n\
             ;;@ ruling: R-SEND\n;;@ accept: load-error\n;;@ peer: listen; accept; recv-all\n(say 1)\n",
        )
        .expect("parses");
        assert_eq!(case.description, "counts bytes");
        assert_eq!(case.spec, "send.size");
        assert_eq!(case.requires, [Capability::Ipv6, Capability::Udp].into());
        assert_eq!(case.timeout, Some(Duration::from_secs(5)));
        assert_eq!(case.ruling.as_deref(), Some("R-SEND"));
        assert!(case.accept_load_error);
        assert!(case.peer.is_some());
    }

    #[rstest]
    #[case(
        ";;@ description: d\n;;@ spec: send.size\n;;@ colour: red\n(x)",
        "cases/t.scm:3: unknown directive `colour`"
    )]
    #[case(";;@ description: d\n(x)", "cases/t.scm:1: missing required directive `;;@ spec: ...`")]
    #[case(";;@ spec: send.size\n(x)", "cases/t.scm:1: missing required directive `;;@ description: ...`")]
    #[case(
        ";;@ description: d\n;;@ description: e\n;;@ spec: send.size\n(x)",
        "cases/t.scm:2: directive `description` is given twice"
    )]
    #[case(";;@ description: d\n;;@ spec: nope\n(x)", "cases/t.scm:2: spec: `nope` is not a clause")]
    #[case(
        ";;@ description: d\n;;@ spec: send.size\n;;@ ruling: R-NOPE\n(x)",
        "cases/t.scm:3: ruling: `R-NOPE` is not a ruling"
    )]
    #[case(
        ";;@ description: d\n;;@ spec: send.size\n;;@ timeout: 0\n(x)",
        "cases/t.scm:3: timeout: expected whole seconds"
    )]
    #[case(
        ";;@ description: d\n;;@ spec: send.size\n;;@ timeout: ten\n(x)",
        "cases/t.scm:3: timeout: expected whole seconds"
    )]
    #[case(
        ";;@ description: d\n;;@ spec: send.size\n;;@ requires: ipv7\n(x)",
        "cases/t.scm:3: requires: unknown capability `ipv7`"
    )]
    #[case(
        ";;@ description: d\n;;@ spec: send.size\n;;@ accept: anything\n(x)",
        "cases/t.scm:3: accept: expected `load-error`"
    )]
    #[case(
        ";;@ description: d\n;;@ spec: send.size\n;;@ peer: dance\n(x)",
        "cases/t.scm:3: peer: unknown step `dance`"
    )]
    #[case(";;@ description:\n;;@ spec: send.size\n(x)", "cases/t.scm:1: directive `description` needs a value")]
    #[case(";;@ description d\n(x)", "cases/t.scm:1: a directive is `;;@ name: value`")]
    #[case(";;@ description: d\n;;@ spec: send.size\n; only a comment\n", "cases/t.scm:1: the case has no body")]
    #[case(
        ";;@ description: d\n;;@ spec: send.size\n(x)\n;;@ timeout: 5\n",
        "cases/t.scm:4: a directive below the case's code (which starts at line 3)"
    )]
    #[case(
        ";;@ description: d\n;;@ spec: send.size\n;; requires: udp\n(x)",
        "cases/t.scm:3: this comment looks like the directive `requires`"
    )]
    #[case(
        ";;@ description: d\n;;@ spec: send.size\n  ;;@ timeout: 5\n(x)",
        "cases/t.scm:3: this comment looks like the directive `timeout`"
    )]
    #[case(
        ";;@ description: d\n;;@ spec: send.size\n;;;@ peer: listen\n(x)",
        "cases/t.scm:3: this comment looks like the directive `peer`"
    )]
    fn bad_cases_are_reported_with_file_and_line(#[case] text: &str, #[case] message: &str) {
        let e = parse(text).expect_err("rejected");
        assert!(e.starts_with(message), "{e}");
    }
}
