//! The peer's script language: the `peer` directive's steps, separated by
//! `;`. [`StepKind`] is the one definition of the steps — each one's
//! name, argument, whether it opens the script, the capability it needs,
//! what it does and what it adds to the transcript — from which the parser,
//! the documentation (CONFORMANCE.md's tables, kept true by
//! `harness/tests/docs.rs`) and `requires` checks all follow. `peer.rs`
//! runs a script.

use crate::case::Capability;

/// What a step takes after its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgKind {
    None,
    /// A byte count.
    Count,
    /// One double-quoted string (`\"`, `\\`, `\n`, `\r`, `\t`, `\xHH`).
    Text,
    /// A bare word.
    Name,
}

/// A step's argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    None,
    Count(usize),
    Text(Vec<u8>),
    Name(String),
}

/// How a script starts, for a first step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The peer listens (or binds); the case connects to `peer-port`.
    PeerListens,
    /// The case listens on `server-port`; the peer connects when ready.
    CaseListens,
}

macro_rules! steps {
    ($( $kind:ident $name:literal $arg:ident $opens:expr, $needs:expr, $does:literal, $shows:literal; )*) => {
        /// A step of a peer's script.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum StepKind { $($kind),* }

        impl StepKind {
            /// Every step, in the order of the documentation.
            pub const ALL: &'static [StepKind] = &[$(StepKind::$kind),*];

            pub fn name(self) -> &'static str {
                match self { $(StepKind::$kind => $name),* }
            }

            pub fn arg(self) -> ArgKind {
                match self { $(StepKind::$kind => ArgKind::$arg),* }
            }

            /// Whether it may (and the first step must) start a script,
            /// and who then listens.
            pub fn opens(self) -> Option<Role> {
                match self { $(StepKind::$kind => $opens),* }
            }

            /// The capability a case whose peer takes this step needs.
            pub fn needs(self) -> Option<Capability> {
                match self { $(StepKind::$kind => $needs),* }
            }

            /// What it does (for a first step: what the peer is, and what
            /// the case does).
            pub fn does(self) -> &'static str {
                match self { $(StepKind::$kind => $does),* }
            }

            /// What it adds to the transcript.
            pub fn shows(self) -> &'static str {
                match self { $(StepKind::$kind => $shows),* }
            }
        }
    };
}

use Capability::{Ipv6, LoopbackAlias, Oob, ServiceNames, Udp as UdpNeeded};
use Role::{CaseListens, PeerListens};

steps! {
    Listen "listen" None Some(PeerListens), None,
        "listens on TCP `127.0.0.1`, port from the OS; the case connects to `peer-host` and `peer-port`", "";
    Listen6 "listen6" None Some(PeerListens), Some(Ipv6),
        "listens on TCP `::1`, port from the OS; the case connects to `peer-host6` and `peer-port`", "";
    ListenService "listen-service" Name Some(PeerListens), Some(ServiceNames),
        "listens on TCP `127.0.0.1`, on the port the services database gives the NAME (peers of one run take turns on it); the case connects to `peer-host` and the service `\"NAME\"`", "";
    Udp "udp" None Some(PeerListens), Some(UdpNeeded),
        "binds a UDP socket on `127.0.0.1`; the case sends to `peer-port`", "";
    Udp6 "udp6" None Some(PeerListens), Some(UdpNeeded),
        "binds a UDP socket on `::1`; the case sends to `peer-port` over IPv6", "";
    Connect "connect" None Some(CaseListens), None,
        "connects over TCP to `server-port` on `127.0.0.1` once the case is ready; the case listens with `(serve ...)`; a later `connect` connects again", "`connected`";
    Connect6 "connect6" None Some(CaseListens), Some(Ipv6),
        "connects over TCP to `server-port` on `::1` once the case is ready", "`connected`";
    ConnectAlias "connect-alias" None Some(CaseListens), Some(LoopbackAlias),
        "connects over TCP to `server-port` on `127.0.0.2` once the case is ready", "`connected`";
    UdpConnect "udp-connect" None Some(CaseListens), Some(UdpNeeded),
        "sends from a UDP socket to `server-port` once the case is ready; the case binds with `(serve *af-inet* *sock-dgram*)`", "";
    Accept "accept" None None, None,
        "accepts a connection (TCP listeners)", "`accepted`";
    Recv "recv" Count None, None,
        "reads exactly N bytes, or to the end of stream", "`received \"...\"`";
    RecvAll "recv-all" None None, None,
        "reads to the end of stream", "`received \"...\" then end of stream` (or `then reset`)";
    RecvPattern "recv-pattern" Count None, None,
        "reads N bytes and checks they are the pattern", "`received N bytes of the pattern`";
    RecvUrgent "recv-urgent" None None, Some(Oob),
        "reads one byte of urgent data", "`received urgent \"x\"`";
    Send "send" Text None, None,
        "writes TEXT", "`sent \"TEXT\"`";
    SendSlowly "send-slowly" Text None, None,
        "writes TEXT a byte at a time, with TCP_NODELAY, pausing 10 ms between bytes so each arrives on its own", "`sent \"TEXT\" a byte at a time`";
    SendUrgent "send-urgent" Text None, Some(Oob),
        "writes TEXT with MSG_OOB: its last byte is urgent", "`sent \"TEXT\", the last byte urgent`";
    SendPattern "send-pattern" Count None, None,
        "writes N bytes of the pattern", "`sent N bytes of the pattern`";
    Echo "echo" None None, None,
        "writes back what it reads, to the end of stream", "`echoed N bytes then end of stream`";
    ShutdownWrite "shutdown-write" None None, None,
        "half-closes (FIN)", "`shut down writing`";
    Close "close" None None, None,
        "closes", "`closed`";
    Reset "reset" None None, None,
        "closes with a reset (SO_LINGER 0)", "`reset`";
    Await "await" Name None, None,
        "waits until the case calls `(signal 'NAME)`", "(nothing)";
    RecvDatagram "recv-datagram" None None, Some(UdpNeeded),
        "reads one datagram (UDP)", "`received datagram \"...\"`";
    Reply "reply" Text None, Some(UdpNeeded),
        "sends a datagram to the last sender (UDP)", "`replied \"TEXT\"`";
    SendDatagram "send-datagram" Text None, Some(UdpNeeded),
        "sends a datagram to the case's socket (UDP)", "`sent datagram \"TEXT\"`";
}

impl StepKind {
    pub fn parse(name: &str) -> Option<StepKind> {
        StepKind::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// The address a connecting first step connects to.
    pub fn host(self) -> Option<&'static str> {
        match self {
            StepKind::Connect => Some("127.0.0.1"),
            StepKind::Connect6 => Some("::1"),
            StepKind::ConnectAlias => Some("127.0.0.2"),
            _ => None,
        }
    }

    /// The documentation's tables: the first steps, then the others.
    pub fn tables() -> String {
        let usage = |k: StepKind| match k.arg() {
            ArgKind::None => format!("`{}`", k.name()),
            ArgKind::Count => format!("`{} N`", k.name()),
            ArgKind::Text => format!("`{} \"TEXT\"`", k.name()),
            ArgKind::Name => format!("`{} NAME`", k.name()),
        };
        let needs = |k: StepKind| k.needs().map(|c| format!("`{c}`")).unwrap_or_default();
        let mut s = String::from("| first step | the peer, and the case | needs |\n|---|---|---|\n");
        for k in StepKind::ALL.iter().copied().filter(|k| k.opens().is_some()) {
            s.push_str(&format!("| {} | {} | {} |\n", usage(k), k.does(), needs(k)));
        }
        s.push_str("\n| step | effect | transcript | needs |\n|---|---|---|---|\n");
        for k in StepKind::ALL.iter().copied().filter(|k| k.opens().is_none() || k.host().is_some()) {
            if k.opens().is_some() && k != StepKind::Connect {
                continue;
            }
            let does = if k == StepKind::Connect {
                "connects again (in a script that starts with a connect): the previous connection is closed, and the case accepts again"
            } else {
                k.does()
            };
            s.push_str(&format!("| {} | {does} | {} | {} |\n", usage(k), k.shows(), needs(k)));
        }
        s
    }
}

/// One step: what it is, and its argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub kind: StepKind,
    pub arg: Arg,
}

impl Step {
    pub fn new(kind: StepKind, arg: Arg) -> Step {
        Step { kind, arg }
    }

    pub fn name(&self) -> &'static str {
        self.kind.name()
    }

    pub fn needs(&self) -> Option<Capability> {
        self.kind.needs()
    }

    /// Its byte count (0 for a step without one).
    pub fn count(&self) -> usize {
        match self.arg {
            Arg::Count(n) => n,
            _ => 0,
        }
    }

    /// Its bytes (empty for a step without text).
    pub fn bytes(&self) -> &[u8] {
        match &self.arg {
            Arg::Text(b) => b,
            _ => &[],
        }
    }

    /// Its bare word (empty for a step without one).
    pub fn word(&self) -> &str {
        match &self.arg {
            Arg::Name(n) => n,
            _ => "",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Script {
    pub steps: Vec<Step>,
}

/// Splits `s` into words, a double-quoted string being one word (with
/// `\"`, `\\`, `\n`, `\r`, `\t` and `\xHH` escapes).
fn words(s: &str) -> Result<Vec<(String, bool)>, String> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if c == '"' {
            chars.next();
            let mut text = String::new();
            loop {
                match chars.next() {
                    None => return Err("unterminated string".into()),
                    Some('"') => break,
                    Some('\\') => match chars.next() {
                        Some('n') => text.push('\n'),
                        Some('r') => text.push('\r'),
                        Some('t') => text.push('\t'),
                        Some('"') => text.push('"'),
                        Some('\\') => text.push('\\'),
                        Some('x') => {
                            let hex: String = chars.by_ref().take(2).collect();
                            let byte = u8::from_str_radix(&hex, 16).map_err(|_| format!("bad escape \\x{hex}"))?;
                            text.push(byte as char);
                        }
                        other => return Err(format!("bad escape \\{}", other.map(String::from).unwrap_or_default())),
                    },
                    Some(ch) => text.push(ch),
                }
            }
            out.push((text, true));
        } else {
            let mut word = String::new();
            while let Some(&ch) = chars.peek() {
                if ch.is_whitespace() {
                    break;
                }
                word.push(ch);
                chars.next();
            }
            out.push((word, false));
        }
    }
    Ok(out)
}

fn text_bytes(s: &str) -> Vec<u8> {
    // `\xHH` escapes become chars 0..=255; everything else is UTF-8.
    if s.chars().all(|c| (c as u32) < 256) {
        s.chars().map(|c| c as u8).collect()
    } else {
        s.as_bytes().to_vec()
    }
}

impl Script {
    /// Parses a script from a `peer` directive.
    pub fn parse(source: &str) -> Result<Script, String> {
        let mut steps: Vec<Step> = Vec::new();
        for (i, part) in source.split(';').enumerate() {
            let ws = words(part.trim())?;
            let Some(((name, quoted), args)) = ws.split_first() else {
                return Err(format!("step {} is empty", i + 1));
            };
            if *quoted {
                return Err(format!("step {} starts with a string, not a step name", i + 1));
            }
            let kind = StepKind::parse(name).ok_or_else(|| format!("unknown step `{name}`"))?;
            let arg = match (kind.arg(), args) {
                (ArgKind::None, []) => Arg::None,
                (ArgKind::None, _) => return Err(format!("`{name}` takes no argument")),
                (ArgKind::Count, [(n, false)]) => {
                    Arg::Count(n.parse().map_err(|_| format!("`{name}` takes a byte count, not `{n}`"))?)
                }
                (ArgKind::Count, _) => return Err(format!("`{name}` takes a byte count")),
                (ArgKind::Text, [(t, true)]) => Arg::Text(text_bytes(t)),
                (ArgKind::Text, _) => return Err(format!("`{name}` takes one double-quoted string")),
                (ArgKind::Name, [(n, false)]) => Arg::Name(n.clone()),
                (ArgKind::Name, _) => return Err(format!("`{name}` takes a name")),
            };
            let first = i == 0;
            let reconnect = kind.host().is_some() && steps.first().is_some_and(|s| s.kind.host().is_some());
            if first != kind.opens().is_some() && !reconnect {
                let openers: Vec<&str> =
                    StepKind::ALL.iter().filter(|k| k.opens().is_some()).map(|k| k.name()).collect();
                return Err(if first {
                    format!("the first step must be one of {}", openers.join(", "))
                } else {
                    format!("`{name}` may only be the first step (a connect may follow a first connect)")
                });
            }
            steps.push(Step::new(kind, arg));
        }
        Ok(Script { steps })
    }

    pub fn role(&self) -> Role {
        self.steps.first().and_then(|s| s.kind.opens()).unwrap_or(Role::PeerListens)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[test]
    fn parses_a_script() {
        let s =
            Script::parse("listen; accept; recv 5; send \"wor\\\"ld\\n\"; send-urgent \"ab!\"; close").expect("parses");
        assert_eq!(
            s.steps,
            vec![
                Step::new(StepKind::Listen, Arg::None),
                Step::new(StepKind::Accept, Arg::None),
                Step::new(StepKind::Recv, Arg::Count(5)),
                Step::new(StepKind::Send, Arg::Text(b"wor\"ld\n".to_vec())),
                Step::new(StepKind::SendUrgent, Arg::Text(b"ab!".to_vec())),
                Step::new(StepKind::Close, Arg::None),
            ]
        );
        assert_eq!(s.role(), Role::PeerListens);
        assert_eq!(Script::parse("connect6; recv-all").expect("parses").role(), Role::CaseListens);
        assert_eq!(Script::parse("udp; reply \"\\xff\"").expect("parses").steps[1].bytes(), [0xff]);
        assert_eq!(Script::parse("listen-service kermit").expect("parses").steps[0].word(), "kermit");
        assert!(Script::parse("connect; recv-all; connect; recv-all").is_ok());
    }

    #[rstest]
    #[case("accept", "the first step must be one of listen, listen6, listen-service, udp")]
    #[case("listen; listen", "`listen` may only be the first step")]
    #[case("listen; connect", "`connect` may only be the first step")]
    #[case("listen; recv", "`recv` takes a byte count")]
    #[case("listen; recv five", "`recv` takes a byte count, not `five`")]
    #[case("listen; send hello", "`send` takes one double-quoted string")]
    #[case("listen; send \"open", "unterminated string")]
    #[case("listen; close now", "`close` takes no argument")]
    #[case("listen; await", "`await` takes a name")]
    #[case("listen; ; close", "step 2 is empty")]
    #[case("listen; juggle", "unknown step `juggle`")]
    fn bad_scripts(#[case] source: &str, #[case] message: &str) {
        let e = Script::parse(source).expect_err("rejected");
        assert!(e.contains(message), "{e}");
    }

    #[test]
    fn every_step_has_a_distinct_name_and_docs() {
        let mut names: Vec<&str> = StepKind::ALL.iter().map(|k| k.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), StepKind::ALL.len());
        assert!(StepKind::ALL.iter().all(|k| !k.does().is_empty()));
        let tables = StepKind::tables();
        assert!(StepKind::ALL.iter().all(|k| tables.contains(&format!("`{}", k.name()))), "{tables}");
    }
}
