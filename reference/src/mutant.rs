//! Mutants: named, deliberate bugs in the reference, each a deviation seen
//! in a real implementation of SRFI 106 (or a plausible one). They exist
//! to prove the corpus catches them: `srfi106-conform mutants` runs the
//! corpus against each and requires every one to be caught.
//!
//! A mutant is compiled in only with the `mutants` feature, and active only
//! when the `SRFI106_MUTANT` environment variable names it; otherwise
//! [`active`] is a constant `false` and the mutation points vanish.

/// One mutant: its name, where the bug was seen, and what it does.
pub struct Mutant {
    pub name: &'static str,
    pub seen_in: &'static str,
    pub bug: &'static str,
}

/// Every mutant, in the order the mutation check runs them.
pub const MUTANTS: &[Mutant] = &[
    Mutant {
        name: "purge-xor",
        seen_in: "picrin, Vicare, chez-socket, the SRFI's sample",
        bug: "socket-purge-flags uses exclusive or",
    },
    Mutant {
        name: "merge-plus-purge-minus",
        seen_in: "foreign-c-srfis",
        bug: "socket-merge-flags adds, socket-purge-flags subtracts",
    },
    Mutant {
        name: "shutdown-method-or",
        seen_in: "Gauche",
        bug: "(shutdown-method read write) is the bitwise or of *shut-rd* and *shut-wr*",
    },
    Mutant { name: "flags-first-name", seen_in: "Cyclone", bug: "flag operators look only at their first name" },
    Mutant { name: "flags-last-name", seen_in: "Sagittarius", bug: "flag operators keep only their last name" },
    Mutant { name: "canonname-only", seen_in: "Foment", bug: "address-info rejects the SRFI's spelling canoname" },
    Mutant { name: "waitall-spelling", seen_in: "Foment", bug: "message-type accepts waitall instead of wait-all" },
    Mutant { name: "unknown-flag-false", seen_in: "picrin", bug: "an unknown flag name gives #f instead of an error" },
    Mutant {
        name: "message-type-procedure",
        seen_in: "foreign-c-srfis",
        bug: "message-type is a procedure returning a list, not syntax",
    },
    Mutant { name: "msg-peek-17", seen_in: "foreign-c-srfis", bug: "*msg-peek* is 17" },
    Mutant { name: "send-returns-nothing", seen_in: "Foment", bug: "socket-send returns no value" },
    Mutant { name: "send-minus-one", seen_in: "Cyclone", bug: "socket-send returns -1 on errors instead of raising" },
    Mutant {
        name: "send-once",
        seen_in: "(a plausible bug)",
        bug: "socket-send makes one send of at most 64 KiB and returns its count",
    },
    Mutant { name: "no-sigpipe-guard", seen_in: "Gauche", bug: "sending to a closed peer kills the process (SIGPIPE)" },
    Mutant { name: "send-ignores-flags", seen_in: "(a plausible bug)", bug: "socket-send drops its flags" },
    Mutant { name: "recv-ignores-flags", seen_in: "(a plausible bug)", bug: "socket-recv drops its flags" },
    Mutant {
        name: "eof-zero",
        seen_in: "chez-socket",
        bug: "socket-recv returns the integer 0 at the end of the stream",
    },
    Mutant {
        name: "eof-object",
        seen_in: "(a plausible bug)",
        bug: "socket-recv returns the eof-object at the end of the stream",
    },
    Mutant { name: "recv-error-eof", seen_in: "Foment", bug: "receive errors look like the end of the stream" },
    Mutant {
        name: "recv-returns-size",
        seen_in: "foreign-c-srfis",
        bug: "socket-recv returns size bytes whatever was read",
    },
    Mutant { name: "ports-cached", seen_in: "Gauche", bug: "socket ports are cached, not fresh" },
    Mutant {
        name: "port-close-closes-socket",
        seen_in: "Cyclone, Foment",
        bug: "closing a socket port closes the socket",
    },
    Mutant {
        name: "port-close-closes-both",
        seen_in: "(reported by users)",
        bug: "closing one socket port closes the other",
    },
    Mutant {
        name: "port-read-ahead",
        seen_in: "(buffered fd ports)",
        bug: "a socket input port reads ahead, so socket-recv misses data",
    },
    Mutant {
        name: "read-bytevector-partial",
        seen_in: "(a plausible bug)",
        bug: "read-bytevector on a socket port returns after one receive",
    },
    Mutant { name: "u8-ready-blocks", seen_in: "(a plausible bug)", bug: "u8-ready? waits for data" },
    Mutant {
        name: "no-port-procedures",
        seen_in: "foreign-c-srfis",
        bug: "socket-input-port and socket-output-port are missing",
    },
    Mutant {
        name: "call-closes-on-escape",
        seen_in: "Gauche",
        bug: "call-with-socket closes the socket when proc escapes or raises",
    },
    Mutant { name: "call-single-value", seen_in: "Cyclone", bug: "call-with-socket returns only proc's first value" },
    Mutant {
        name: "shutdown-closes",
        seen_in: "picrin",
        bug: "socket-shutdown marks the socket closed (and leaks it)",
    },
    Mutant { name: "dgram-ignored", seen_in: "Gauche", bug: "*sock-dgram* is ignored: sockets are always streams" },
    Mutant { name: "dgram-listens", seen_in: "Cyclone", bug: "a datagram server socket listens, which fails" },
    Mutant { name: "server-loopback", seen_in: "Gauche, chez-socket", bug: "make-server-socket binds loopback only" },
    Mutant {
        name: "server-extra-argument",
        seen_in: "picrin",
        bug: "make-server-socket's fourth argument is flags, not the protocol",
    },
    Mutant {
        name: "no-msg-exports",
        seen_in: "chez-socket, the SRFI's sample",
        bug: "*msg-peek*, *msg-oob*, *msg-waitall* are not exported",
    },
    Mutant { name: "no-socket-close", seen_in: "(reported by users)", bug: "socket-close is not exported" },
    Mutant { name: "no-socket-predicate", seen_in: "(reported by users)", bug: "socket? is not exported" },
];

/// Whether the mutant `name` is active in this process.
#[cfg(feature = "mutants")]
pub fn active(name: &str) -> bool {
    static ACTIVE: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    debug_assert!(MUTANTS.iter().any(|m| m.name == name), "unknown mutant {name}");
    ACTIVE.get_or_init(|| std::env::var("SRFI106_MUTANT").ok()).as_deref() == Some(name)
}

/// Whether the mutant `name` is active: never, without the `mutants` feature.
#[cfg(not(feature = "mutants"))]
#[inline(always)]
pub fn active(_name: &str) -> bool {
    false
}

/// Whether this build can run mutants.
pub const AVAILABLE: bool = cfg!(feature = "mutants");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        let mut names: Vec<&str> = MUTANTS.iter().map(|m| m.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), MUTANTS.len());
    }
}
