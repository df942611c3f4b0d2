//! The crate's error type, and `Unwind`, the evaluator's non-local exits.
//!
//! An [`Error`] is structured data (which procedure, which argument, what
//! was expected); it becomes text only when it is raised as a Scheme error
//! object or printed. An [`Unwind`] is what travels up the Rust stack when
//! control leaves an expression other than by returning a value.

use std::fmt;
use std::io;
use std::rc::Rc;

use crate::printer;
use crate::value::{ErrorKind, Symbol, Value};

/// A source position, one-based.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: Rc<str>,
    pub line: u32,
    pub column: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// How many arguments (or values) something takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    Exactly(usize),
    AtLeast(usize),
    Between(usize, usize),
}

/// What an arity counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counted {
    Arguments,
    Values,
}

impl Count {
    /// `2 arguments`, `at least 1 value`, `1 to 3 arguments`.
    fn words(self, of: Counted) -> String {
        let noun = |n: usize| match (of, n) {
            (Counted::Arguments, 1) => "argument",
            (Counted::Arguments, _) => "arguments",
            (Counted::Values, 1) => "value",
            (Counted::Values, _) => "values",
        };
        match self {
            Count::Exactly(n) => format!("{n} {}", noun(n)),
            Count::AtLeast(n) => format!("at least {n} {}", noun(n)),
            Count::Between(a, b) => format!("{a} to {b} {}", noun(b)),
        }
    }
}

/// `a pair`, `an exact integer`.
fn with_article(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {noun}")
}

/// Every error the reference can report.
#[derive(Debug)]
pub enum Error {
    /// An argument of the wrong type; `position` is one-based.
    WrongType { who: &'static str, position: usize, expected: &'static str, got: Value },
    /// An argument of the right type but outside the allowed range.
    OutOfRange { who: &'static str, position: usize, got: Value },
    /// A procedure applied to the wrong number of arguments (or a
    /// `let-values` form given the wrong number of values).
    Arity { who: String, expected: Vec<Count>, of: Counted, got: usize },
    /// Exact integer arithmetic left the 64-bit range.
    Overflow { who: &'static str },
    /// A literal constant (or other immutable object) was mutated.
    Immutable { who: &'static str, value: Value },
    /// A variable with no binding.
    Unbound { name: Symbol },
    /// Recursion deeper than the interpreter's stack allows.
    TooDeep,
    /// A `letrec`-style variable read before its initialiser ran.
    Unassigned { name: Symbol },
    /// A malformed special form or macro use, or a bad import.
    Syntax { message: String, form: Option<Value>, location: Option<Location> },
    /// Malformed source text. `incomplete` is true when the input ended in
    /// the middle of a datum (a REPL then reads more lines).
    Read { location: Location, message: String, incomplete: bool },
    /// Something outside the documented case dialect (inexact numbers,
    /// re-entering a continuation, ...): refused rather than approximated.
    OutsideDialect { what: String },
    /// A failed system call.
    Os { who: &'static str, doing: String, error: io::Error },
    /// An operation on a closed socket or port.
    Closed { who: &'static str, what: &'static str },
    /// Anything else a procedure reports: a message and irritants.
    Other { who: &'static str, message: String, irritants: Vec<Value> },
    /// A limit the program was run with (`Limits`) would be exceeded.
    /// Not a Scheme error: the evaluator ends the program with it.
    Limit { what: String },
}

impl Error {
    pub fn wrong_type(who: &'static str, position: usize, expected: &'static str, got: &Value) -> Error {
        Error::WrongType { who, position, expected, got: got.clone() }
    }

    pub fn out_of_range(who: &'static str, position: usize, got: &Value) -> Error {
        Error::OutOfRange { who, position, got: got.clone() }
    }

    pub fn other(who: &'static str, message: impl Into<String>, irritants: Vec<Value>) -> Error {
        Error::Other { who, message: message.into(), irritants }
    }

    pub fn syntax(message: impl Into<String>, form: &Value) -> Error {
        Error::Syntax { message: message.into(), form: Some(form.clone()), location: None }
    }

    pub fn os(who: &'static str, doing: impl Into<String>, error: io::Error) -> Error {
        Error::Os { who, doing: doing.into(), error }
    }

    /// The message of the error object this error becomes.
    pub fn message(&self) -> String {
        match self {
            Error::WrongType { who, position, expected, .. } => {
                format!("{who}: argument {position}: expected {}, got", with_article(expected))
            }
            Error::OutOfRange { who, position, .. } => format!("{who}: argument {position} is out of range"),
            Error::Arity { who, expected, of, got } => {
                let who = if who.is_empty() { "#<procedure>" } else { who };
                let expected: Vec<String> = expected.iter().map(|c| c.words(*of)).collect();
                format!("{who}: expected {}, got {got}", expected.join(" or "))
            }
            Error::Overflow { who } => {
                format!("{who}: result does not fit in a 64-bit exact integer (bignums are outside the case dialect)")
            }
            Error::Immutable { who, .. } => format!("{who}: cannot mutate a literal constant"),
            Error::Unbound { name } => format!("unbound variable: {}", name.base()),
            Error::TooDeep => "recursion too deep: the evaluation stack is exhausted".to_string(),
            Error::Unassigned { name } => format!("variable used before its definition: {}", name.base()),
            Error::Syntax { message, location, .. } => match location {
                Some(l) => format!("{l}: {message}"),
                None => message.clone(),
            },
            Error::Read { location, message, .. } => format!("{location}: {message}"),
            Error::OutsideDialect { what } => format!("{what} is outside the case dialect"),
            Error::Os { who, doing, error } => format!("{who}: {doing}: {}", os_reason(error)),
            Error::Closed { who, what } => format!("{who}: the {what} is closed"),
            Error::Limit { what } => format!("the program exceeded its limit of {what}"),
            Error::Other { who, message, .. } => {
                if who.is_empty() {
                    message.clone()
                } else {
                    format!("{who}: {message}")
                }
            }
        }
    }

    /// The irritants of the error object this error becomes.
    pub fn irritants(&self) -> Vec<Value> {
        match self {
            Error::WrongType { got, .. } | Error::OutOfRange { got, .. } => vec![got.clone()],
            Error::Immutable { value, .. } => vec![value.clone()],
            Error::Syntax { form: Some(f), .. } => vec![crate::syntax::strip(f)],
            Error::Other { irritants, .. } => irritants.clone(),
            _ => Vec::new(),
        }
    }

    fn kind(&self) -> ErrorKind {
        match self {
            Error::Read { .. } => ErrorKind::Read,
            _ => ErrorKind::Plain,
        }
    }

    /// The R7RS error object raised for this error.
    pub fn to_value(&self) -> Value {
        Value::error_object(self.kind(), self.message(), Value::list(self.irritants()))
    }
}

/// The text of an OS error without Rust's " (os error N)" suffix, lowercased
/// like the rest of our messages.
fn os_reason(e: &io::Error) -> String {
    let s = e.to_string();
    let s = match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    };
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => s,
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())?;
        for irritant in self.irritants() {
            write!(f, " {}", printer::write_string(&irritant))?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// How control leaves an expression other than by returning a value. It is
/// one pointer, so that a `Result<Value, Unwind>` — what every evaluation
/// returns — is no larger than a value.
pub struct Unwind(Box<Unwinding>);

/// The ways control leaves an expression other than by returning a value.
pub enum Unwinding {
    /// An error detected by a primitive and not yet raised: the evaluator
    /// raises it (calls the current handler) at the primitive's call site.
    Error(Error),
    /// A raised object that no handler took. The program ends with it.
    Uncaught(Value),
    /// The value of the matching clause of the `guard` with this id,
    /// returning from that guard.
    GuardReturn { guard: u64, value: Value },
    /// An escape to the continuation with this id, carrying its value(s).
    Escape { k: u64, value: Value },
    /// `exit` was called with this status.
    Exit(i32),
    /// The program exceeded one of its limits (see `Limits`): it ends,
    /// whatever handlers it installed. The message says which limit.
    Limit(String),
}

impl Unwind {
    pub fn kind(&self) -> &Unwinding {
        &self.0
    }

    pub fn into_kind(self) -> Unwinding {
        *self.0
    }

    /// The value a `guard`'s clause returns to the guard `id`, or this
    /// unwind if it is not that.
    pub fn returning_to_guard(self, id: u64) -> Result<Value, Unwind> {
        match *self.0 {
            Unwinding::GuardReturn { guard, value } if guard == id => Ok(value),
            _ => Err(self),
        }
    }

    /// The value(s) an escape carries to the continuation `id`, or this
    /// unwind if it is not that.
    pub fn escaping_to(self, id: u64) -> Result<Value, Unwind> {
        match *self.0 {
            Unwinding::Escape { k, value } if k == id => Ok(value),
            _ => Err(self),
        }
    }
}

impl From<Unwinding> for Unwind {
    fn from(kind: Unwinding) -> Unwind {
        Unwind(Box::new(kind))
    }
}

impl From<Error> for Unwind {
    fn from(e: Error) -> Unwind {
        Unwinding::Error(e).into()
    }
}

impl fmt::Debug for Unwind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind() {
            Unwinding::Error(e) => write!(f, "Error({e})"),
            Unwinding::Uncaught(v) => write!(f, "Uncaught({})", printer::write_string(v)),
            Unwinding::GuardReturn { guard, .. } => write!(f, "GuardReturn({guard})"),
            Unwinding::Escape { k, .. } => write!(f, "Escape({k})"),
            Unwinding::Exit(n) => write!(f, "Exit({n})"),
            Unwinding::Limit(m) => write!(f, "Limit({m})"),
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&printer::write_string(self))
    }
}

/// The one line an uncaught raise prints: `error: <message> <irritants>`
/// for an error object, or the raised object written.
pub fn describe_uncaught(v: &Value) -> String {
    match v {
        Value::Error(e) => {
            let mut s = format!("error: {}", e.message);
            if let Some(irritants) = e.irritants.list_to_vec() {
                for i in irritants {
                    s.push(' ');
                    s.push_str(&printer::write_string(&i));
                }
            }
            s
        }
        other => format!("error: {}", printer::write_string(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_procedure_and_argument() {
        let e = Error::wrong_type("car", 1, "pair", &Value::Int(5));
        assert_eq!(e.to_string(), "car: argument 1: expected a pair, got 5");
        let e = Error::wrong_type("socket-send", 3, "exact integer", &Value::Int(5));
        assert_eq!(e.message(), "socket-send: argument 3: expected an exact integer, got");
        let e = Error::Arity { who: "f".into(), expected: vec![Count::Exactly(2)], of: Counted::Arguments, got: 3 };
        assert_eq!(e.message(), "f: expected 2 arguments, got 3");
        let e = Error::Arity {
            who: "g".into(),
            expected: vec![Count::Exactly(1), Count::AtLeast(3)],
            of: Counted::Values,
            got: 2,
        };
        assert_eq!(e.message(), "g: expected 1 value or at least 3 values, got 2");
    }

    #[test]
    fn os_errors_drop_the_rust_suffix() {
        let e = Error::os("socket-recv", "receive", io::Error::from_raw_os_error(104));
        assert_eq!(e.message(), "socket-recv: receive: connection reset by peer");
    }

    #[test]
    fn uncaught_error_objects_print_message_and_irritants() {
        let v = Value::error_object(ErrorKind::Plain, "boom".into(), Value::list([Value::Int(1), Value::str("a")]));
        assert_eq!(describe_uncaught(&v), "error: boom 1 \"a\"");
        assert_eq!(describe_uncaught(&Value::Int(42)), "error: 42");
    }
}
