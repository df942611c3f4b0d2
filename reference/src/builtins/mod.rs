//! The builtin procedures: one table row per procedure, carrying its name,
//! library, arity and function, so arity is checked in one place
//! (`Interp::enter`).

use crate::error::{Error, Unwind};
use crate::eval::{Builtin, BuiltinFn, Interp, TailCall};
use crate::library::Lib;
use crate::value::Value;

pub mod control;
pub mod io;
pub mod lists;
pub mod numbers;
pub mod process;
pub mod text;
pub mod vectors;

/// Every builtin, in every library.
pub fn all() -> impl Iterator<Item = &'static Builtin> {
    numbers::TABLE
        .iter()
        .chain(lists::TABLE)
        .chain(text::TABLE)
        .chain(vectors::TABLE)
        .chain(control::TABLE)
        .chain(io::TABLE)
        .chain(process::TABLE)
        .chain(crate::socket::TABLE)
}

/// The builtin named `name` (for tests and the quasiquote helpers).
pub fn find(name: &str) -> Option<&'static Builtin> {
    all().find(|b| b.name == name)
}

/// Arity: exactly `n` arguments.
pub const fn exactly(n: usize) -> (usize, Option<usize>) {
    (n, Some(n))
}

/// Arity: from `min` to `max` arguments.
pub const fn between(min: usize, max: usize) -> (usize, Option<usize>) {
    (min, Some(max))
}

/// Arity: `min` or more arguments.
pub const fn at_least(min: usize) -> (usize, Option<usize>) {
    (min, None)
}

/// A row for a procedure that needs only its arguments.
pub const fn pure(
    library: Lib,
    name: &'static str,
    arity: (usize, Option<usize>),
    f: fn(&[Value]) -> Result<Value, Error>,
) -> Builtin {
    Builtin { name, library, min: arity.0, max: arity.1, body: BuiltinFn::Pure(f) }
}

/// A row for a procedure that needs the interpreter.
pub const fn interp(
    library: Lib,
    name: &'static str,
    arity: (usize, Option<usize>),
    f: fn(&mut Interp, &[Value]) -> Result<Value, Unwind>,
) -> Builtin {
    Builtin { name, library, min: arity.0, max: arity.1, body: BuiltinFn::Interp(f) }
}

/// A row for a procedure that ends in a proper tail call.
pub const fn tail(
    library: Lib,
    name: &'static str,
    arity: (usize, Option<usize>),
    f: fn(&mut Interp, &[Value]) -> Result<TailCall, Unwind>,
) -> Builtin {
    Builtin { name, library, min: arity.0, max: arity.1, body: BuiltinFn::Tail(f) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique() {
        let mut seen = HashSet::new();
        for b in all() {
            assert!(seen.insert(b.name), "{} is defined twice", b.name);
        }
    }

    #[test]
    fn arities_are_consistent() {
        for b in all() {
            if let Some(max) = b.max {
                assert!(max >= b.min, "{}", b.name);
            }
        }
    }
}
