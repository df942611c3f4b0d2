//! `srfi106-conformance`: the engine of srfi106-conform.
//!
//! It loads a corpus of cases ([`corpus`], [`case`]), runs each one on a
//! target described by an adapter ([`adapter`], [`run`], [`process`]) with
//! a peer on the other end of the wire ([`peer`]), turns what happened into
//! a transcript ([`transcript`]), compares it with the case's snapshot
//! ([`snapshot`]) and decides an outcome ([`outcome`]), adjusted by the
//! expectations file ([`expect`]); [`report`] writes the results and
//! [`message`] holds every sentence shown to people. It knows no Scheme
//! implementation in particular: adapters are data.

#![forbid(unsafe_code)]

pub mod adapter;
pub mod bench;
pub mod case;
pub mod causes;
pub mod corpus;
pub mod error;
pub mod expect;
pub mod matrix;
pub mod message;
pub mod names;
pub mod outcome;
pub mod peer;
pub mod probe;
pub mod process;
pub mod report;
pub mod run;
pub mod scratch;
pub mod script;
pub mod server_port;
pub mod snapshot;
pub mod supervise;
pub mod transcript;

pub use error::Error;
