//! Ports (R7RS 6.13): string, bytevector and standard ports, and the
//! `ByteSource`/`ByteSink` traits through which socket ports read and
//! write.
//!
//! Binary input from a `ByteSource` is never read ahead: a port reads
//! exactly the bytes the program asks for, so bytes it did not consume
//! stay with their source (for a socket, readable by `socket-recv`).

use std::cell::RefCell;
use std::io::{BufRead, Write};
use std::rc::Rc;

use crate::error::Error;
use crate::value::{Parameter, Procedure, Value};

/// The most bytes one read of a port asks its source for.
const READ_CHUNK: usize = 1 << 20;

/// Binary input that a port reads on demand.
pub trait ByteSource {
    /// Reads at most `buf.len()` bytes, blocking until at least one byte is
    /// available or the end of the stream; `0` means end of stream.
    fn read(&mut self, who: &'static str, buf: &mut [u8]) -> Result<usize, Error>;
    /// The next byte without consuming it (`None` at end of stream).
    fn peek(&mut self, who: &'static str) -> Result<Option<u8>, Error>;
    /// Whether a byte (or the end of stream) is available without blocking.
    fn ready(&mut self, who: &'static str) -> Result<bool, Error>;
    /// Reads at most `max` bytes onto the end of `buf` (like `read`, but
    /// into spare capacity, which need not be zeroed first).
    fn read_append(&mut self, who: &'static str, buf: &mut Vec<u8>, max: usize) -> Result<usize, Error> {
        let mut chunk = vec![0u8; max];
        let n = self.read(who, &mut chunk)?;
        buf.extend_from_slice(&chunk[..n]);
        Ok(n)
    }
    /// The port is being closed.
    fn close(&mut self) {}
}

/// Binary output a port writes to.
pub trait ByteSink {
    fn write_all(&mut self, who: &'static str, bytes: &[u8]) -> Result<(), Error>;
    fn flush(&mut self, who: &'static str) -> Result<(), Error>;
    /// The port is being closed.
    fn close(&mut self) {}
}

enum Backend {
    StringInput {
        chars: Vec<char>,
        pos: usize,
    },
    BytevectorInput {
        bytes: Vec<u8>,
        pos: usize,
    },
    StringOutput(String),
    BytevectorOutput(Vec<u8>),
    /// Text read from the process's standard input, decoded as UTF-8.
    Stdin {
        pending: Option<char>,
    },
    /// Text to standard output, buffered until flushed.
    Stdout(Vec<u8>),
    Stderr,
    Source(Box<dyn ByteSource>),
    Sink(Box<dyn ByteSink>),
}

pub struct Port {
    pub input: bool,
    pub textual: bool,
    kind: &'static str,
    backend: RefCell<Option<Backend>>,
}

/// Bytes above which buffered standard output is written out.
const STDOUT_BUFFER: usize = 64 * 1024;

impl Port {
    fn make(input: bool, textual: bool, kind: &'static str, backend: Backend) -> Value {
        Value::Port(Rc::new(Port { input, textual, kind, backend: RefCell::new(Some(backend)) }))
    }

    pub fn string_input(s: &[char]) -> Value {
        Port::make(true, true, "string input port", Backend::StringInput { chars: s.to_vec(), pos: 0 })
    }

    pub fn bytevector_input(b: &[u8]) -> Value {
        Port::make(true, false, "bytevector input port", Backend::BytevectorInput { bytes: b.to_vec(), pos: 0 })
    }

    pub fn string_output() -> Value {
        Port::make(false, true, "string output port", Backend::StringOutput(String::new()))
    }

    pub fn bytevector_output() -> Value {
        Port::make(false, false, "bytevector output port", Backend::BytevectorOutput(Vec::new()))
    }

    pub fn source(kind: &'static str, source: Box<dyn ByteSource>) -> Value {
        Port::make(true, false, kind, Backend::Source(source))
    }

    pub fn sink(kind: &'static str, sink: Box<dyn ByteSink>) -> Value {
        Port::make(false, false, kind, Backend::Sink(sink))
    }

    pub fn description(&self) -> &'static str {
        self.kind
    }

    pub fn is_open(&self) -> bool {
        self.backend.borrow().is_some()
    }

    /// Closes the port. Closing an output port flushes it first; closing a
    /// closed port does nothing.
    pub fn close(&self) -> Result<(), Error> {
        let flushed = if !self.input && self.is_open() { self.flush("close-port") } else { Ok(()) };
        match self.backend.borrow_mut().take() {
            Some(Backend::Source(mut s)) => s.close(),
            Some(Backend::Sink(mut s)) => s.close(),
            _ => {}
        }
        flushed
    }

    fn with<T>(&self, who: &'static str, f: impl FnOnce(&mut Backend) -> Result<T, Error>) -> Result<T, Error> {
        match &mut *self.backend.borrow_mut() {
            Some(b) => f(b),
            None => Err(Error::Closed { who, what: "port" }),
        }
    }

    // ----- binary input ---------------------------------------------------

    pub fn read_u8(&self, who: &'static str) -> Result<Option<u8>, Error> {
        self.with(who, |b| match b {
            Backend::BytevectorInput { bytes, pos } => {
                let r = bytes.get(*pos).copied();
                if r.is_some() {
                    *pos += 1;
                }
                Ok(r)
            }
            Backend::Source(s) => {
                let mut byte = [0u8; 1];
                Ok(match s.read(who, &mut byte)? {
                    0 => None,
                    _ => Some(byte[0]),
                })
            }
            _ => unreachable!("type checked by the caller"),
        })
    }

    pub fn peek_u8(&self, who: &'static str) -> Result<Option<u8>, Error> {
        self.with(who, |b| match b {
            Backend::BytevectorInput { bytes, pos } => Ok(bytes.get(*pos).copied()),
            Backend::Source(s) => s.peek(who),
            _ => unreachable!("type checked by the caller"),
        })
    }

    pub fn u8_ready(&self, who: &'static str) -> Result<bool, Error> {
        self.with(who, |b| match b {
            Backend::BytevectorInput { .. } => Ok(true),
            Backend::Source(s) => s.ready(who),
            _ => unreachable!("type checked by the caller"),
        })
    }

    /// Reads into `buf` until it is full or the input ends; returns the
    /// number of bytes read (R7RS `read-bytevector!`).
    pub fn read_into(&self, who: &'static str, buf: &mut [u8]) -> Result<usize, Error> {
        self.with(who, |b| match b {
            Backend::BytevectorInput { bytes, pos } => {
                let n = buf.len().min(bytes.len() - *pos);
                buf[..n].copy_from_slice(&bytes[*pos..*pos + n]);
                *pos += n;
                Ok(n)
            }
            Backend::Source(s) => {
                let mut filled = 0;
                while filled < buf.len() {
                    match s.read(who, &mut buf[filled..])? {
                        0 => break,
                        n => filled += n,
                    }
                    if crate::mutant::active("read-bytevector-partial") {
                        break;
                    }
                }
                Ok(filled)
            }
            _ => unreachable!("type checked by the caller"),
        })
    }

    /// Reads `k` bytes, or as many as come before the end of the input
    /// (R7RS `read-bytevector`).
    pub fn read_bytes(&self, who: &'static str, k: usize) -> Result<Vec<u8>, Error> {
        self.with(who, |b| match b {
            Backend::BytevectorInput { bytes, pos } => {
                let n = k.min(bytes.len() - *pos);
                let out = bytes[*pos..*pos + n].to_vec();
                *pos += n;
                Ok(out)
            }
            Backend::Source(s) => {
                // Read in chunks of at most READ_CHUNK: `k` says how much
                // may come, not how much will, and may be any size.
                let mut out = Vec::new();
                while out.len() < k {
                    let want = (k - out.len()).min(READ_CHUNK);
                    crate::value::meter::check(want as u64)?;
                    out.try_reserve_exact(want).map_err(|_| {
                        Error::other(who, format!("cannot allocate {} bytes", out.len() + want), vec![])
                    })?;
                    if s.read_append(who, &mut out, want)? == 0 {
                        break;
                    }
                    if crate::mutant::active("read-bytevector-partial") {
                        break;
                    }
                }
                Ok(out)
            }
            _ => unreachable!("type checked by the caller"),
        })
    }

    // ----- textual input --------------------------------------------------

    pub fn read_char(&self, who: &'static str) -> Result<Option<char>, Error> {
        self.with(who, |b| match b {
            Backend::StringInput { chars, pos } => {
                let r = chars.get(*pos).copied();
                if r.is_some() {
                    *pos += 1;
                }
                Ok(r)
            }
            Backend::Stdin { pending } => match pending.take() {
                Some(c) => Ok(Some(c)),
                None => stdin_char(who),
            },
            _ => unreachable!("type checked by the caller"),
        })
    }

    pub fn peek_char(&self, who: &'static str) -> Result<Option<char>, Error> {
        self.with(who, |b| match b {
            Backend::StringInput { chars, pos } => Ok(chars.get(*pos).copied()),
            Backend::Stdin { pending } => {
                if pending.is_none() {
                    *pending = stdin_char(who)?;
                }
                Ok(*pending)
            }
            _ => unreachable!("type checked by the caller"),
        })
    }

    pub fn char_ready(&self, who: &'static str) -> Result<bool, Error> {
        self.with(who, |b| match b {
            Backend::StringInput { .. } => Ok(true),
            // Standard input may block; R7RS lets char-ready? answer #f
            // whenever it cannot tell without blocking.
            Backend::Stdin { pending } => Ok(pending.is_some()),
            _ => unreachable!("type checked by the caller"),
        })
    }

    // ----- output ---------------------------------------------------------

    pub fn write_str(&self, who: &'static str, s: &str) -> Result<(), Error> {
        self.with(who, |b| match b {
            Backend::StringOutput(text) => {
                crate::value::meter::charge(s.len());
                text.push_str(s);
                Ok(())
            }
            Backend::Stdout(buf) => {
                buf.extend_from_slice(s.as_bytes());
                if buf.len() >= STDOUT_BUFFER {
                    write_stdout(who, buf)?;
                }
                Ok(())
            }
            Backend::Stderr => {
                let mut e = std::io::stderr().lock();
                e.write_all(s.as_bytes())
                    .and_then(|_| e.flush())
                    .map_err(|err| Error::os(who, "write to standard error", err))
            }
            _ => unreachable!("type checked by the caller"),
        })
    }

    pub fn write_bytes(&self, who: &'static str, bytes: &[u8]) -> Result<(), Error> {
        self.with(who, |b| match b {
            Backend::BytevectorOutput(out) => {
                crate::value::meter::charge(bytes.len());
                out.extend_from_slice(bytes);
                Ok(())
            }
            Backend::Sink(s) => s.write_all(who, bytes),
            _ => unreachable!("type checked by the caller"),
        })
    }

    pub fn flush(&self, who: &'static str) -> Result<(), Error> {
        self.with(who, |b| match b {
            Backend::Stdout(buf) => write_stdout(who, buf),
            Backend::Sink(s) => s.flush(who),
            _ => Ok(()),
        })
    }

    /// The text written so far (`get-output-string`).
    pub fn output_string(&self, who: &'static str) -> Result<String, Error> {
        self.with(who, |b| match b {
            Backend::StringOutput(text) => Ok(text.clone()),
            _ => Err(Error::other(who, "not a string output port", vec![])),
        })
    }

    /// The bytes written so far (`get-output-bytevector`).
    pub fn output_bytes(&self, who: &'static str) -> Result<Vec<u8>, Error> {
        self.with(who, |b| match b {
            Backend::BytevectorOutput(bytes) => Ok(bytes.clone()),
            _ => Err(Error::other(who, "not a bytevector output port", vec![])),
        })
    }

    pub fn is_string_output(&self) -> bool {
        matches!(&*self.backend.borrow(), Some(Backend::StringOutput(_)))
    }

    pub fn is_bytevector_output(&self) -> bool {
        matches!(&*self.backend.borrow(), Some(Backend::BytevectorOutput(_)))
    }
}

fn write_stdout(who: &'static str, buf: &mut Vec<u8>) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    let r = out.write_all(buf).and_then(|_| out.flush());
    buf.clear();
    r.map_err(|e| Error::os(who, "write to standard output", e))
}

/// One UTF-8 character from standard input.
fn stdin_char(who: &'static str) -> Result<Option<char>, Error> {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut bytes = Vec::with_capacity(4);
    loop {
        let buf = input.fill_buf().map_err(|e| Error::os(who, "read standard input", e))?;
        let Some(&b) = buf.first() else {
            return if bytes.is_empty() { Ok(None) } else { Ok(Some(char::REPLACEMENT_CHARACTER)) };
        };
        let need = match bytes.first().copied().unwrap_or(b) {
            0x00..=0x7f => 1,
            0xc0..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf7 => 4,
            _ => 1,
        };
        bytes.push(b);
        input.consume(1);
        if bytes.len() >= need {
            return Ok(Some(
                std::str::from_utf8(&bytes).ok().and_then(|s| s.chars().next()).unwrap_or(char::REPLACEMENT_CHARACTER),
            ));
        }
    }
}

/// The standard ports and the parameters that hold the current ones.
pub struct StdPorts {
    pub stdout: Value,
    pub stderr: Value,
    pub current_input: Value,
    pub current_output: Value,
    pub current_error: Value,
}

fn parameter(name: &'static str, value: Value) -> Value {
    Value::Procedure(Rc::new(Procedure::Parameter(Parameter { value: RefCell::new(value), converter: None, name })))
}

impl StdPorts {
    pub fn new() -> StdPorts {
        let stdin = Port::make(true, true, "standard input port", Backend::Stdin { pending: None });
        let stdout = Port::make(false, true, "standard output port", Backend::Stdout(Vec::new()));
        let stderr = Port::make(false, true, "standard error port", Backend::Stderr);
        StdPorts {
            current_input: parameter("current-input-port", stdin),
            current_output: parameter("current-output-port", stdout.clone()),
            current_error: parameter("current-error-port", stderr.clone()),
            stdout,
            stderr,
        }
    }

    /// Writes out buffered standard output (at exit, and before the REPL
    /// waits for input).
    pub fn flush_stdout(&self) -> Result<(), Error> {
        match &self.stdout {
            Value::Port(p) if p.is_open() => p.flush("flush-output-port"),
            _ => Ok(()),
        }
    }
}

impl Default for StdPorts {
    fn default() -> Self {
        StdPorts::new()
    }
}
