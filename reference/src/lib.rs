//! `srfi106-reference`: a small, exact R7RS interpreter for the case
//! dialect of srfi106-conform, with every SRFI 106 procedure, syntax and
//! constant implemented natively on `socket2`.
//!
//! It is the suite's executable specification: the cases' snapshots are
//! recorded from it, and it refuses anything outside the documented
//! dialect (CONFORMANCE.md, "The case dialect") instead of guessing.
//!
//! Reading order: [`value`] (data), [`reader`] and [`printer`] (text),
//! [`syntax`] and [`syntax_rules`] (expansion and compilation), [`eval`]
//! (evaluation), [`builtins`], [`port`], [`socket`] and [`socket_flags`]
//! (SRFI 106), [`library`] and [`program`] (running programs).

#![forbid(unsafe_code)]

pub mod builtins;
pub mod error;
pub mod eval;
pub mod fuzzing;
pub mod library;
pub mod mutant;
pub mod port;
pub mod printer;
pub mod program;
pub mod reader;
pub mod repl;
pub mod socket;
pub mod socket_flags;
pub mod syntax;
pub mod syntax_rules;
pub mod value;

pub use error::Error;
pub use eval::{EvalOrder, Options};
pub use program::Session;

/// The stack the interpreter's thread gets. Deep non-tail recursion uses
/// it; past it, a catchable "recursion too deep" error is raised.
pub const STACK_SIZE: usize = 768 << 20;
