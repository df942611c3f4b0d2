//! SRFI 106's constants and its six flag operators.
//!
//! The constants are this platform's POSIX values (from `libc`). The flag
//! operators are syntax: `(message-type peek oob)` is replaced by the
//! integer it denotes when it is compiled, and an unknown, repeated or
//! missing name is a syntax error naming the operator and the name.

use crate::error::Error;
use crate::mutant;
use crate::syntax::Special;
use crate::value::Value;

/// `*ai-v4mapped*` and `*ai-all*` are 0 where the platform lacks them, as
/// the SRFI's author advised; Linux and the BSDs have both.
const AI_V4MAPPED: i64 = libc::AI_V4MAPPED as i64;
const AI_ALL: i64 = libc::AI_ALL as i64;

/// The 19 constants of SRFI 106 and their values.
pub const CONSTANTS: [(&str, i64); 19] = [
    ("*af-unspec*", libc::AF_UNSPEC as i64),
    ("*af-inet*", libc::AF_INET as i64),
    ("*af-inet6*", libc::AF_INET6 as i64),
    ("*sock-stream*", libc::SOCK_STREAM as i64),
    ("*sock-dgram*", libc::SOCK_DGRAM as i64),
    ("*ai-canonname*", libc::AI_CANONNAME as i64),
    ("*ai-numerichost*", libc::AI_NUMERICHOST as i64),
    ("*ai-v4mapped*", AI_V4MAPPED),
    ("*ai-all*", AI_ALL),
    ("*ai-addrconfig*", libc::AI_ADDRCONFIG as i64),
    ("*ipproto-ip*", libc::IPPROTO_IP as i64),
    ("*ipproto-tcp*", libc::IPPROTO_TCP as i64),
    ("*ipproto-udp*", libc::IPPROTO_UDP as i64),
    ("*msg-peek*", libc::MSG_PEEK as i64),
    ("*msg-oob*", libc::MSG_OOB as i64),
    ("*msg-waitall*", libc::MSG_WAITALL as i64),
    ("*shut-rd*", libc::SHUT_RD as i64),
    ("*shut-wr*", libc::SHUT_WR as i64),
    ("*shut-rdwr*", libc::SHUT_RDWR as i64),
];

/// The value of one of the constants, by name.
pub fn constant(name: &str) -> i64 {
    if name == "*msg-peek*" && mutant::active("msg-peek-17") {
        return 17;
    }
    CONSTANTS.iter().find(|(n, _)| *n == name).map(|(_, v)| *v).expect("a SRFI 106 constant")
}

/// The constants as the library exports them.
pub fn constants() -> Vec<(&'static str, i64)> {
    CONSTANTS.iter().map(|(n, _)| (*n, constant(n))).collect()
}

/// The six flag operators.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum FlagOperator {
    AddressFamily,
    AddressInfo,
    SocketDomain,
    IpProtocol,
    MessageType,
    ShutdownMethod,
}

impl FlagOperator {
    pub const ALL: [FlagOperator; 6] = [
        FlagOperator::AddressFamily,
        FlagOperator::AddressInfo,
        FlagOperator::SocketDomain,
        FlagOperator::IpProtocol,
        FlagOperator::MessageType,
        FlagOperator::ShutdownMethod,
    ];

    pub fn name(self) -> &'static str {
        match self {
            FlagOperator::AddressFamily => "address-family",
            FlagOperator::AddressInfo => "address-info",
            FlagOperator::SocketDomain => "socket-domain",
            FlagOperator::IpProtocol => "ip-protocol",
            FlagOperator::MessageType => "message-type",
            FlagOperator::ShutdownMethod => "shutdown-method",
        }
    }

    /// The keywords as (name, special) pairs, for the library table.
    pub fn specials() -> impl Iterator<Item = (&'static str, Special)> {
        FlagOperator::ALL.into_iter().map(|f| (f.name(), Special::Flag(f)))
    }

    /// The names the operator accepts and the constant each denotes.
    /// `address-info` accepts `canoname` (the SRFI's spelling) and
    /// `canonname` (an extension) for the same flag.
    pub fn names(self) -> &'static [(&'static str, &'static str)] {
        match self {
            FlagOperator::AddressFamily => &[("inet", "*af-inet*"), ("inet6", "*af-inet6*"), ("unspec", "*af-unspec*")],
            FlagOperator::AddressInfo => &[
                ("canoname", "*ai-canonname*"),
                ("canonname", "*ai-canonname*"),
                ("numerichost", "*ai-numerichost*"),
                ("v4mapped", "*ai-v4mapped*"),
                ("all", "*ai-all*"),
                ("addrconfig", "*ai-addrconfig*"),
            ],
            FlagOperator::SocketDomain => &[("stream", "*sock-stream*"), ("datagram", "*sock-dgram*")],
            FlagOperator::IpProtocol => &[("ip", "*ipproto-ip*"), ("tcp", "*ipproto-tcp*"), ("udp", "*ipproto-udp*")],
            FlagOperator::MessageType => {
                &[("none", ""), ("peek", "*msg-peek*"), ("oob", "*msg-oob*"), ("wait-all", "*msg-waitall*")]
            }
            FlagOperator::ShutdownMethod => &[("read", "*shut-rd*"), ("write", "*shut-wr*")],
        }
    }

    /// Whether the operator takes several names (and merges them).
    pub fn takes_several(self) -> bool {
        matches!(self, FlagOperator::AddressInfo | FlagOperator::MessageType | FlagOperator::ShutdownMethod)
    }

    /// The integer a use of the operator denotes. `operands` are the names.
    pub fn compile(self, operands: &[Value], form: &Value) -> Result<Value, Error> {
        let who = self.name();
        let operands = match operands {
            [first, ..] if mutant::active("flags-first-name") => std::slice::from_ref(first),
            [.., last] if mutant::active("flags-last-name") => std::slice::from_ref(last),
            all => all,
        };
        let known = || self.names().iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ");
        if operands.is_empty() {
            return Err(Error::syntax(format!("{who}: expected a name ({})", known()), form));
        }
        if operands.len() > 1 && !self.takes_several() {
            return Err(Error::syntax(format!("{who}: takes exactly one name"), form));
        }
        let mut seen: Vec<&str> = Vec::new();
        let mut flags = 0i64;
        for op in operands {
            let Value::Symbol(s) = op else {
                return Err(Error::syntax(
                    format!("{who}: expected a name, got {}", crate::printer::write_string(op)),
                    form,
                ));
            };
            let name = s.base().name();
            fn spelled(n: &'static str) -> &'static str {
                match n {
                    "canoname" if mutant::active("canonname-only") => "",
                    "wait-all" if mutant::active("waitall-spelling") => "waitall",
                    other => other,
                }
            }
            let Some((_, constant_name)) = self.names().iter().find(|(n, _)| spelled(n) == &*name) else {
                if mutant::active("unknown-flag-false") {
                    return Ok(Value::Bool(false));
                }
                return Err(Error::syntax(format!("{who}: unknown name `{name}` (expected one of {})", known()), form));
            };
            if seen.contains(constant_name) {
                return Err(Error::syntax(format!("{who}: the name `{name}` is repeated"), form));
            }
            seen.push(constant_name);
            if !constant_name.is_empty() {
                flags |= constant(constant_name);
            }
        }
        if self == FlagOperator::ShutdownMethod && seen.len() == 2 && !mutant::active("shutdown-method-or") {
            // An enumeration, not bits: read and write together is SHUT_RDWR.
            return Ok(Value::Int(constant("*shut-rdwr*")));
        }
        Ok(Value::Int(flags))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn names(ns: &[&str]) -> Vec<Value> {
        ns.iter().map(|n| Value::sym(n)).collect()
    }

    fn flag(op: FlagOperator, ns: &[&str]) -> Result<i64, String> {
        match op.compile(&names(ns), &Value::Null) {
            Ok(Value::Int(n)) => Ok(n),
            Ok(other) => Err(format!("not an integer: {other:?}")),
            Err(e) => Err(e.message()),
        }
    }

    #[rstest]
    #[case(FlagOperator::AddressFamily, &["inet"], libc::AF_INET as i64)]
    #[case(FlagOperator::AddressFamily, &["inet6"], libc::AF_INET6 as i64)]
    #[case(FlagOperator::AddressFamily, &["unspec"], libc::AF_UNSPEC as i64)]
    #[case(FlagOperator::AddressInfo, &["canoname"], libc::AI_CANONNAME as i64)]
    #[case(FlagOperator::AddressInfo, &["canonname"], libc::AI_CANONNAME as i64)]
    #[case(FlagOperator::AddressInfo, &["numerichost"], libc::AI_NUMERICHOST as i64)]
    #[case(FlagOperator::AddressInfo, &["v4mapped"], libc::AI_V4MAPPED as i64)]
    #[case(FlagOperator::AddressInfo, &["all"], libc::AI_ALL as i64)]
    #[case(FlagOperator::AddressInfo, &["addrconfig"], libc::AI_ADDRCONFIG as i64)]
    #[case(FlagOperator::AddressInfo, &["v4mapped", "addrconfig"], (libc::AI_V4MAPPED | libc::AI_ADDRCONFIG) as i64)]
    #[case(FlagOperator::SocketDomain, &["stream"], libc::SOCK_STREAM as i64)]
    #[case(FlagOperator::SocketDomain, &["datagram"], libc::SOCK_DGRAM as i64)]
    #[case(FlagOperator::IpProtocol, &["ip"], libc::IPPROTO_IP as i64)]
    #[case(FlagOperator::IpProtocol, &["tcp"], libc::IPPROTO_TCP as i64)]
    #[case(FlagOperator::IpProtocol, &["udp"], libc::IPPROTO_UDP as i64)]
    #[case(FlagOperator::MessageType, &["none"], 0)]
    #[case(FlagOperator::MessageType, &["peek"], libc::MSG_PEEK as i64)]
    #[case(FlagOperator::MessageType, &["oob"], libc::MSG_OOB as i64)]
    #[case(FlagOperator::MessageType, &["wait-all"], libc::MSG_WAITALL as i64)]
    #[case(FlagOperator::MessageType, &["peek", "oob"], (libc::MSG_PEEK | libc::MSG_OOB) as i64)]
    #[case(FlagOperator::MessageType, &["none", "peek"], libc::MSG_PEEK as i64)]
    #[case(FlagOperator::ShutdownMethod, &["read"], libc::SHUT_RD as i64)]
    #[case(FlagOperator::ShutdownMethod, &["write"], libc::SHUT_WR as i64)]
    #[case(FlagOperator::ShutdownMethod, &["read", "write"], libc::SHUT_RDWR as i64)]
    #[case(FlagOperator::ShutdownMethod, &["write", "read"], libc::SHUT_RDWR as i64)]
    fn every_name(#[case] op: FlagOperator, #[case] ns: &[&str], #[case] expected: i64) {
        assert_eq!(flag(op, ns), Ok(expected));
    }

    #[rstest]
    #[case(FlagOperator::MessageType, &["waitall"], "unknown name `waitall`")]
    #[case(FlagOperator::AddressInfo, &["bogus"], "unknown name `bogus`")]
    #[case(FlagOperator::ShutdownMethod, &["read", "read"], "`read` is repeated")]
    #[case(FlagOperator::AddressInfo, &["canoname", "canonname"], "`canonname` is repeated")]
    #[case(FlagOperator::MessageType, &[], "expected a name")]
    #[case(FlagOperator::AddressFamily, &["inet", "inet6"], "exactly one name")]
    fn bad_names_are_syntax_errors(#[case] op: FlagOperator, #[case] ns: &[&str], #[case] message: &str) {
        let e = flag(op, ns).expect_err("rejected");
        assert!(e.starts_with(op.name()), "{e}");
        assert!(e.contains(message), "{e}");
    }

    #[test]
    fn constants_are_posix_values() {
        assert_eq!(constant("*shut-rdwr*"), libc::SHUT_RDWR as i64);
        assert_eq!(constant("*msg-waitall*"), libc::MSG_WAITALL as i64);
        assert_eq!(CONSTANTS.len(), 19);
    }
}
