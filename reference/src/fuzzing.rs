//! The properties the fuzz targets check, as plain functions.
//!
//! The coverage-guided targets in `reference/fuzz` call these on the
//! fuzzer's inputs, and `tests/fuzz_corpora.rs` replays the checked-in
//! corpora and every past finding through them as ordinary tests. Each
//! function panics when its property fails — that is how a fuzzer learns
//! of a bug — and returns normally otherwise.
//!
//! - [`read`]: any text is read into data or refused with a read error,
//!   and every datum read is written back as text that reads as an equal
//!   datum (what the suite's transcripts rely on).
//! - [`eval`]: any program, run within a step and allocation budget with
//!   its ports redirected, ends normally, with a Scheme error or at a
//!   limit — never a panic, an abort or a hang.
//! - [`flags`]: any use of SRFI 106's six flag operators compiles to the
//!   integer an independent model computes, or is a syntax error exactly
//!   when the model says so; `socket-merge-flags` and `socket-purge-flags`
//!   are or and and-not on any integers.

use crate::error::{Error, Unwinding};
use crate::eval::{Limits, Options};
use crate::port::Port;
use crate::printer::write_string;
use crate::program::{Session, EXIT_READ_ERROR, EXIT_UNCAUGHT};
use crate::reader::{read_all, Reader};
use crate::socket_flags::{constant, FlagOperator};
use crate::value::{equal, Value};

/// The evaluation steps a fuzzed program may take.
pub const EVAL_STEPS: u64 = 200_000;
/// The bytes of data a fuzzed program may make.
pub const EVAL_ALLOCATION: u64 = 64 << 20;
/// The stack a fuzzed program runs on.
const EVAL_STACK: usize = 64 << 20;

/// The libraries a fuzzed program sees: the whole dialect but
/// `(scheme process-context)` (its `emergency-exit` ends the process) and
/// `(srfi 106)` (a fuzzer must not open sockets). The fuzzed text's own
/// leading import declarations are dropped ([`after_imports`]), so R7RS
/// programs serve as seeds; the `#t` after the prelude's import ends the
/// import declarations, so any later `import` is an ordinary (failing)
/// expression.
const EVAL_PRELUDE: &str =
    "(import (scheme base) (scheme case-lambda) (scheme char) (scheme cxr) (scheme lazy) (scheme write))\n#t\n";

/// Reading any text gives data or a read error, and what is read
/// round-trips through `write`.
pub fn read(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let forms = match read_all(&text, "fuzz") {
        Ok((forms, _)) => forms,
        Err(Error::Read { .. } | Error::OutsideDialect { .. }) => return,
        Err(other) => panic!("reading gave an error that is not a read error: {other:?}"),
    };
    for form in forms {
        let written = write_string(&form);
        let again = match read_all(&written, "fuzz (written)") {
            Ok((again, _)) => again,
            Err(e) => panic!("`write` gave text that does not read back: {written:?}: {}", e.message()),
        };
        assert_eq!(again.len(), 1, "`write` gave {} data for one: {written:?}", again.len());
        assert!(equal(&form, &again[0]), "read, written and read again, a datum changed: {written:?}");
    }
}

/// The text after the leading import declarations of `text`: a fuzzed
/// program gets the prelude's imports, not its own.
pub fn after_imports(text: &str) -> &str {
    let mut reader = Reader::new(text, "fuzz");
    let mut end = 0;
    while let Ok(Some(form)) = reader.read() {
        if !matches!(form.car(), Some(Value::Symbol(s)) if &*s.name() == "import") {
            break;
        }
        end = reader.offset();
    }
    &text[end..]
}

/// Runs any program within the fuzzing budget. Returns its exit status.
pub fn eval(data: &[u8]) -> i32 {
    let program = format!("{EVAL_PRELUDE}{}", after_imports(&String::from_utf8_lossy(data)));
    let status = on_stack(move || {
        let limits = Limits { steps: Some(EVAL_STEPS), allocation: Some(EVAL_ALLOCATION) };
        let mut session = Session::new(Options { stack_size: EVAL_STACK, limits, ..Options::default() }, false);
        session.redirect(Port::string_input(&[]), Port::string_output());
        session.run_program(&program, "fuzz.scm")
    });
    assert!(
        [0, EXIT_UNCAUGHT, EXIT_READ_ERROR].contains(&status),
        "a program without `exit` ended with status {status}"
    );
    status
}

/// What a use of `op` with `names` denotes, by the SRFI's tables and the
/// suite's rulings: `None` for a syntax error.
pub fn flag_model(op: FlagOperator, names: &[&str]) -> Option<i64> {
    let table: &[(&str, &str)] = match op {
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
    };
    let several = matches!(op, FlagOperator::AddressInfo | FlagOperator::MessageType | FlagOperator::ShutdownMethod);
    if names.is_empty() || (names.len() > 1 && !several) {
        return None;
    }
    let mut constants: Vec<&str> = Vec::new();
    for name in names {
        let (_, c) = table.iter().find(|(n, _)| n == name)?;
        if constants.contains(c) {
            return None;
        }
        constants.push(c);
    }
    if op == FlagOperator::ShutdownMethod && constants.len() == 2 {
        return Some(constant("*shut-rdwr*"));
    }
    Some(constants.iter().filter(|c| !c.is_empty()).fold(0, |acc, c| acc | constant(c)))
}

/// Names a flag input picks from: every valid name, near misses, and
/// operands that are not names at all.
const NAME_POOL: [&str; 32] = [
    "inet",
    "inet6",
    "unspec",
    "canoname",
    "canonname",
    "numerichost",
    "v4mapped",
    "all",
    "addrconfig",
    "stream",
    "datagram",
    "ip",
    "tcp",
    "udp",
    "none",
    "peek",
    "oob",
    "wait-all",
    "read",
    "write",
    "waitall",
    "INET",
    "dgram",
    "both",
    "rdwr",
    "|peek|",
    "1",
    "\"peek\"",
    "(peek)",
    "#t",
    "'peek",
    "*msg-peek*",
];

/// Interprets `data` as a flag-operator use and some integers, and checks
/// them against the model and against or / and-not.
pub fn flags(data: &[u8]) {
    // Byte 0: the operator; byte 1: how many names (0-4); then one byte
    // per name; the rest: little-endian 64-bit integers.
    let [first, count, rest @ ..] = data else { return };
    let op = FlagOperator::ALL[*first as usize % FlagOperator::ALL.len()];
    let (picks, numbers) = rest.split_at(rest.len().min(*count as usize % 5));
    let names: Vec<&str> = picks.iter().map(|b| NAME_POOL[*b as usize % NAME_POOL.len()]).collect();
    let text = format!("({} {})", op.name(), names.join(" "));
    let ints: Vec<i64> = numbers
        .chunks(8)
        .map(|c| {
            let mut b = [0u8; 8];
            b[..c.len()].copy_from_slice(c);
            i64::from_le_bytes(b)
        })
        .collect();
    let merged = ints.iter().fold(0, |acc, n| acc | n);
    let purged = ints.split_first().map(|(base, rest)| base & !rest.iter().fold(0, |acc, n| acc | n));

    on_stack(move || {
        let mut session = Session::new(Options { stack_size: EVAL_STACK, ..Options::default() }, false);
        let import = read_all("(import (scheme base) (srfi 106))", "fuzz").expect("the import reads").0;
        session.import(&import[0]).expect("the dialect has (srfi 106)");

        // The flag syntax: the model's integer, or a syntax error.
        // `|peek|` is the symbol `peek`, the same name written otherwise.
        let model_names: Vec<&str> = names.iter().map(|n| n.trim_start_matches('|').trim_end_matches('|')).collect();
        let expected = flag_model(op, &model_names);
        let form = read_all(&text, "fuzz").expect("flag uses read").0;
        match (session.eval_toplevel(&form[0]), expected) {
            (Ok(Value::Int(n)), Some(m)) => assert_eq!(n, m, "{text} is {n}, the model says {m}"),
            (Ok(v), _) => panic!("{text} gave {}, the model says {expected:?}", write_string(&v)),
            (Err(u), None) if matches!(u.kind(), Unwinding::Uncaught(_)) => {}
            (Err(u), _) => panic!("{text} failed ({u:?}), the model says {expected:?}"),
        }

        // The flag procedures on arbitrary integers.
        let call = |session: &mut Session, name: &str| -> Value {
            let f = session.eval_toplevel(&Value::sym(name)).expect("bound");
            let args = ints.iter().map(|n| Value::Int(*n)).collect();
            match session.interp.apply(f, args) {
                Ok(v) => v,
                Err(u) => Value::sym(&format!("failed: {u:?}")),
            }
        };
        let merge = call(&mut session, "socket-merge-flags");
        assert!(matches!(merge, Value::Int(n) if n == merged), "merge of {ints:?}: {}", write_string(&merge));
        let purge = call(&mut session, "socket-purge-flags");
        match purged {
            Some(p) => assert!(matches!(purge, Value::Int(n) if n == p), "purge of {ints:?}: {}", write_string(&purge)),
            // No base flag: an arity error, raised, not a crash.
            None => assert!(matches!(purge, Value::Symbol(_)), "purge of nothing gave {}", write_string(&purge)),
        }
    });
}

/// Runs `f` on a thread with the interpreter's stack, passing on its
/// result or its panic (a failed property).
fn on_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let thread = std::thread::Builder::new().name("fuzz".into()).stack_size(EVAL_STACK).spawn(f);
    match thread.expect("a thread for the interpreter").join() {
        Ok(v) => v,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}
