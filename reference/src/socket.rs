//! SRFI 106's procedures, natively on `socket2`.
//!
//! Each procedure's documentation gives the SRFI signature, the `socket2`
//! (or `rustix`/`dns-lookup`) call it makes, the POSIX call underneath, and
//! the ruling that decides what SRFI 106 leaves open. The rulings are
//! listed, with the cases that test them, in CONFORMANCE.md ("Rulings").

use std::cell::RefCell;
use std::io;
use std::net::SocketAddr;
use std::rc::Rc;

use dns_lookup::{getaddrinfo, AddrInfoHints};
use rustix::net::RecvFlags;
use socket2::{Domain, Protocol, SockAddr, Type};

use crate::builtins::{at_least, between, exactly, interp, pure};
use crate::error::{Error, Unwind};
use crate::eval::{Builtin, Interp};
use crate::library::Lib::Srfi106;
use crate::mutant;
use crate::port::{ByteSink, ByteSource, Port};
use crate::socket_flags::constant;
use crate::value::{check, Value};

pub static TABLE: &[Builtin] = &[
    pure(Srfi106, "make-client-socket", between(2, 6), make_client_socket),
    pure(Srfi106, "make-server-socket", between(1, 4), make_server_socket),
    pure(Srfi106, "socket?", exactly(1), is_socket),
    pure(Srfi106, "socket-accept", exactly(1), socket_accept),
    pure(Srfi106, "socket-send", between(2, 3), socket_send),
    pure(Srfi106, "socket-recv", between(2, 3), socket_recv),
    pure(Srfi106, "socket-shutdown", exactly(2), socket_shutdown),
    pure(Srfi106, "socket-close", exactly(1), socket_close),
    pure(Srfi106, "socket-input-port", exactly(1), socket_input_port),
    pure(Srfi106, "socket-output-port", exactly(1), socket_output_port),
    interp(Srfi106, "call-with-socket", exactly(2), call_with_socket),
    pure(Srfi106, "socket-merge-flags", at_least(0), socket_merge_flags),
    pure(Srfi106, "socket-purge-flags", at_least(1), socket_purge_flags),
];

/// How a socket came to be.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Role {
    /// From `make-client-socket`: connected.
    Client,
    /// From `make-server-socket`: bound (and, for streams, listening).
    Server,
    /// From `socket-accept`: connected.
    Accepted,
}

/// A SRFI 106 socket: the OS socket until `socket-close`, then nothing.
pub struct Socket {
    os: RefCell<Option<socket2::Socket>>,
    pub role: Role,
    pub stream: bool,
    /// For the `ports-cached` mutant: the ports handed out.
    cached_ports: RefCell<(Option<Value>, Option<Value>)>,
    /// For the `port-close-closes-both` mutant: a port was closed.
    ports_closed: std::cell::Cell<bool>,
}

impl Socket {
    fn make(os: socket2::Socket, role: Role, stream: bool) -> Value {
        Value::Socket(Rc::new(Socket {
            os: RefCell::new(Some(os)),
            role,
            stream,
            cached_ports: RefCell::new((None, None)),
            ports_closed: std::cell::Cell::new(false),
        }))
    }

    pub fn description(&self) -> String {
        let kind = if self.stream { "stream" } else { "datagram" };
        let role = match self.role {
            Role::Client => "client",
            Role::Server => "server",
            Role::Accepted => "accepted",
        };
        let state = if self.os.borrow().is_some() { "" } else { " closed" };
        format!("socket {kind} {role}{state}")
    }

    pub fn is_open(&self) -> bool {
        self.os.borrow().is_some()
    }

    /// Runs `f` on the OS socket, or raises "the socket is closed".
    fn with<T>(&self, who: &'static str, f: impl FnOnce(&socket2::Socket) -> Result<T, Error>) -> Result<T, Error> {
        match &*self.os.borrow() {
            Some(s) => f(s),
            None => Err(Error::Closed { who, what: "socket" }),
        }
    }
}

fn socket_arg<'a>(who: &'static str, pos: usize, v: &'a Value) -> Result<&'a Rc<Socket>, Error> {
    match v {
        Value::Socket(s) => Ok(s),
        _ => Err(Error::wrong_type(who, pos, "socket", v)),
    }
}

fn int_arg(who: &'static str, args: &[Value], index: usize, default: i64) -> Result<i32, Error> {
    match args.get(index) {
        None => Ok(default as i32),
        Some(v) => {
            let n = check::int(who, index + 1, v)?;
            i32::try_from(n).map_err(|_| Error::out_of_range(who, index + 1, v))
        }
    }
}

/// Retries `op` while it fails with EINTR.
fn retrying<T>(mut op: impl FnMut() -> io::Result<T>) -> io::Result<T> {
    loop {
        match op() {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

/// The addresses getaddrinfo gives for the hints, as (family, socktype,
/// protocol, address).
fn resolve(
    who: &'static str,
    node: Option<&str>,
    service: &str,
    hints: AddrInfoHints,
) -> Result<Vec<(i32, i32, i32, SocketAddr)>, Error> {
    // The error names what could not be resolved, and why.
    let failed = |e: io::Error| {
        let place = match node {
            Some(n) => format!("node {n:?} service {service:?}"),
            None => format!("service {service:?}"),
        };
        let text = e.to_string();
        let reason = text.strip_prefix("failed to lookup address information: ").unwrap_or(&text).to_lowercase();
        Error::other(who, format!("cannot resolve {place}: {reason}"), vec![])
    };
    let found = getaddrinfo(node, Some(service), Some(hints)).map_err(|e| failed(io::Error::from(e)))?;
    let mut out = Vec::with_capacity(1);
    for ai in found {
        let ai = ai.map_err(failed)?;
        out.push((ai.address, ai.socktype, ai.protocol, ai.sockaddr));
    }
    Ok(out)
}

/// `(make-client-socket node service [ai-family [ai-socktype [ai-flags [ai-protocol]]]])`
///
/// Resolves `node` and `service` with `dns_lookup::getaddrinfo` (POSIX
/// `getaddrinfo(3)`) using the hints, then tries each address in order with
/// `socket2::Socket::new` and `Socket::connect` (POSIX `socket(2)`,
/// `connect(2)`) until one connects.
///
/// Defaults, as the SRFI says: family `*af-inet*`, socktype `*sock-stream*`,
/// flags `(socket-merge-flags *ai-v4mapped* *ai-addrconfig*)`, protocol
/// `*ipproto-ip*`.
///
/// Rulings: node and service must be strings (R-ARGS); service names such
/// as `"http"` resolve through the services database; with `*sock-dgram*`
/// the result is a connected datagram socket (R-DGRAM); a failure to
/// resolve or to connect to every address raises an error naming node,
/// service and the reason (R-ERRORS).
fn make_client_socket(args: &[Value]) -> Result<Value, Error> {
    const WHO: &str = "make-client-socket";
    let node = check::string(WHO, 1, &args[0])?.text();
    let service = check::string(WHO, 2, &args[1])?.text();
    let mut socktype = int_arg(WHO, args, 3, constant("*sock-stream*"))?;
    if mutant::active("dgram-ignored") {
        socktype = libc::SOCK_STREAM;
    }
    let hints = AddrInfoHints {
        address: int_arg(WHO, args, 2, constant("*af-inet*"))?,
        socktype,
        flags: int_arg(WHO, args, 4, constant("*ai-v4mapped*") | constant("*ai-addrconfig*"))?,
        protocol: int_arg(WHO, args, 5, constant("*ipproto-ip*"))?,
    };
    let addresses = resolve(WHO, Some(&node), &service, hints)?;
    let mut last_error = None;
    for (family, socktype, protocol, addr) in addresses {
        let attempt = retrying(|| {
            let s = socket2::Socket::new(Domain::from(family), Type::from(socktype), Some(Protocol::from(protocol)))?;
            s.connect(&SockAddr::from(addr))?;
            Ok(s)
        });
        match attempt {
            Ok(s) => return Ok(Socket::make(s, Role::Client, socktype == libc::SOCK_STREAM)),
            Err(e) => last_error = Some(e),
        }
    }
    let reason = last_error.unwrap_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no address to connect to"));
    Err(Error::os(WHO, format!("cannot connect to node {node:?} service {service:?}"), reason))
}

/// `(make-server-socket service [ai-family [ai-socktype [ai-protocol]]])`
///
/// Resolves `service` with `dns_lookup::getaddrinfo` and `AI_PASSIVE`
/// (POSIX `getaddrinfo(3)` with a null node), then for each address:
/// `socket2::Socket::new`, `set_reuse_address(true)`, `bind` and, for
/// stream sockets, `listen(SOMAXCONN)` (POSIX `socket(2)`,
/// `setsockopt(SO_REUSEADDR)`, `bind(2)`, `listen(2)`).
///
/// Defaults: family `*af-inet*`, socktype `*sock-stream*`, protocol
/// `*ipproto-ip*`. The SRFI gives the server no node and no flags.
///
/// Rulings: the socket is bound to the wildcard address of its family, not
/// to loopback (R-SERVER-BIND); a datagram server is bound and never
/// listens (R-DGRAM); a port in use raises (R-ERRORS).
fn make_server_socket(args: &[Value]) -> Result<Value, Error> {
    const WHO: &str = "make-server-socket";
    let service = check::string(WHO, 1, &args[0])?.text();
    let mut socktype = int_arg(WHO, args, 2, constant("*sock-stream*"))?;
    if mutant::active("dgram-ignored") {
        socktype = libc::SOCK_STREAM;
    }
    let mut protocol = int_arg(WHO, args, 3, constant("*ipproto-ip*"))?;
    if mutant::active("server-extra-argument") {
        protocol = libc::IPPROTO_IP;
    }
    let hints = AddrInfoHints {
        address: int_arg(WHO, args, 1, constant("*af-inet*"))?,
        socktype,
        flags: if mutant::active("server-loopback") { 0 } else { libc::AI_PASSIVE },
        protocol,
    };
    let node = if mutant::active("server-loopback") { Some("localhost") } else { None };
    let addresses = resolve(WHO, node, &service, hints)?;
    let mut last_error = None;
    for (family, socktype, protocol, addr) in addresses {
        let stream = socktype == libc::SOCK_STREAM;
        let attempt = (|| {
            let s = socket2::Socket::new(Domain::from(family), Type::from(socktype), Some(Protocol::from(protocol)))?;
            s.set_reuse_address(true)?;
            s.bind(&SockAddr::from(addr))?;
            if stream || mutant::active("dgram-listens") {
                s.listen(libc::SOMAXCONN)?;
            }
            Ok::<_, io::Error>(s)
        })();
        match attempt {
            Ok(s) => return Ok(Socket::make(s, Role::Server, stream)),
            Err(e) => last_error = Some(e),
        }
    }
    let reason = last_error.unwrap_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no address to bind"));
    Err(Error::os(WHO, format!("cannot listen on service {service:?}"), reason))
}

/// `(socket? obj)`: `#t` for every socket, open or closed (R-CLOSE).
fn is_socket(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Bool(matches!(args[0], Value::Socket(_))))
}

/// `(socket-accept socket)`
///
/// `socket2::Socket::accept` (POSIX `accept(2)`): waits for a connection
/// and returns a new connected socket.
///
/// Rulings: on a socket that is not listening — a client socket, a datagram
/// socket — the OS refuses and the error is raised (R-DGRAM, R-ERRORS).
fn socket_accept(args: &[Value]) -> Result<Value, Error> {
    const WHO: &str = "socket-accept";
    let s = socket_arg(WHO, 1, &args[0])?;
    let stream = s.stream;
    s.with(WHO, |os| {
        let (conn, _) = retrying(|| os.accept()).map_err(|e| Error::os(WHO, "accept a connection", e))?;
        Ok(Socket::make(conn, Role::Accepted, stream))
    })
}

/// Sends all of `bytes`, looping over partial sends, with `MSG_NOSIGNAL`.
fn send_all(who: &'static str, os: &socket2::Socket, bytes: &[u8], flags: i32) -> Result<usize, Error> {
    if mutant::active("send-once") {
        // One send from a fixed 64 KiB buffer, its count returned.
        let once = &bytes[..bytes.len().min(65536)];
        return retrying(|| os.send_with_flags(once, flags | libc::MSG_NOSIGNAL))
            .map_err(|e| Error::os(who, "send", e));
    }
    let mut sent = 0;
    loop {
        let n = retrying(|| os.send_with_flags(&bytes[sent..], flags | libc::MSG_NOSIGNAL)).map_err(|e| {
            if e.kind() == io::ErrorKind::BrokenPipe && mutant::active("no-sigpipe-guard") {
                // What SIGPIPE's default action does: end the process.
                std::process::exit(128 + libc::SIGPIPE);
            }
            Error::os(who, "send", e)
        })?;
        sent += n;
        if sent >= bytes.len() {
            return Ok(sent);
        }
    }
}

/// `(socket-send socket bv [flags])`
///
/// `socket2::Socket::send_with_flags` (POSIX `send(2)`) with `flags`
/// (default `(message-type none)`, 0) plus `MSG_NOSIGNAL`.
///
/// Rulings: every byte is sent, looping over partial sends, and the result
/// is the number of bytes sent — the bytevector's length; a peer that has
/// gone raises an error instead of killing the process with SIGPIPE; an
/// error raises, never returns -1 or nothing (R-SEND).
fn socket_send(args: &[Value]) -> Result<Value, Error> {
    const WHO: &str = "socket-send";
    let s = socket_arg(WHO, 1, &args[0])?;
    let bv = check::bytevector(WHO, 2, &args[1])?;
    let mut flags = int_arg(WHO, args, 2, 0)?;
    if mutant::active("send-ignores-flags") {
        flags = 0;
    }
    // Borrowed, not copied: no Scheme code runs while it is sent.
    let bytes = bv.bytes.borrow();
    let sent = s.with(WHO, |os| send_all(WHO, os, &bytes, flags));
    match sent {
        Err(Error::Os { .. }) if mutant::active("send-minus-one") => Ok(Value::Int(-1)),
        Ok(_) if mutant::active("send-returns-nothing") => Ok(Value::Unspecified),
        other => other.map(|n| Value::Int(n as i64)),
    }
}

/// One `recv` of at most `buf.len()` bytes.
fn recv_once(who: &'static str, os: &socket2::Socket, buf: &mut [u8], flags: i32) -> Result<usize, Error> {
    retrying(|| rustix::net::recv(os, &mut *buf, RecvFlags::from_bits_retain(flags as u32)).map_err(io::Error::from))
        .map(|(n, _)| n)
        .map_err(|e| Error::os(who, "receive", e))
}

/// One `recv` into all the spare capacity of `buf`: the kernel writes the
/// bytes straight into the vector, which is never zeroed first.
fn recv_into_spare(who: &'static str, os: &socket2::Socket, buf: &mut Vec<u8>, flags: i32) -> Result<usize, Error> {
    let flags = RecvFlags::from_bits_retain(flags as u32);
    retrying(|| rustix::net::recv(os, rustix::buffer::spare_capacity(&mut *buf), flags).map_err(io::Error::from))
        .map(|(n, _)| n)
        .map_err(|e| Error::os(who, "receive", e))
}

/// One `recv` of at most `size` bytes into a new vector. The buffer is
/// reserved fallibly: a size no memory can hold is a Scheme error.
fn recv_new(who: &'static str, os: &socket2::Socket, size: usize, flags: i32) -> Result<Vec<u8>, Error> {
    crate::value::meter::check(size as u64)?;
    let mut buf = Vec::new();
    buf.try_reserve_exact(size)
        .map_err(|_| Error::other(who, format!("cannot allocate a buffer of {size} bytes"), vec![]))?;
    if buf.capacity() != size {
        // Never seen, but "at most size" must hold whatever the allocator does.
        let mut zeroed = vec![0u8; size];
        let n = recv_once(who, os, &mut zeroed, flags)?;
        zeroed.truncate(n);
        return Ok(zeroed);
    }
    recv_into_spare(who, os, &mut buf, flags)?;
    Ok(buf)
}

/// `(socket-recv socket size [flags])`
///
/// `rustix::net::recv` on the socket's descriptor (POSIX `recv(2)`), once,
/// into a buffer of `size` bytes, with `flags` (default 0) passed through:
/// `*msg-peek*` leaves the data unread, `*msg-oob*` reads urgent data,
/// `*msg-waitall*` waits for `size` bytes as POSIX says.
///
/// Rulings: the result holds exactly the bytes received; `#u8()` means
/// only an orderly end of stream; a receive error (a reset, say) raises;
/// `size` must be a positive exact integer (R-RECV).
fn socket_recv(args: &[Value]) -> Result<Value, Error> {
    const WHO: &str = "socket-recv";
    let s = socket_arg(WHO, 1, &args[0])?;
    let size = check::index(WHO, 2, &args[1])?;
    if size == 0 {
        return Err(Error::out_of_range(WHO, 2, &args[1]));
    }
    let mut flags = int_arg(WHO, args, 2, 0)?;
    if mutant::active("recv-ignores-flags") {
        flags = 0;
    }
    s.with(WHO, |os| {
        let mut buf = match recv_new(WHO, os, size, flags) {
            Err(Error::Os { .. }) if mutant::active("recv-error-eof") => Vec::new(),
            other => other?,
        };
        if buf.is_empty() && mutant::active("eof-zero") {
            return Ok(Value::Int(0));
        }
        if buf.is_empty() && mutant::active("eof-object") {
            return Ok(Value::Eof);
        }
        if mutant::active("recv-returns-size") {
            buf.resize(size, 0);
        }
        Ok(Value::bytevector(buf))
    })
}

/// `(socket-shutdown socket how)`
///
/// `socket2::Socket::shutdown` (POSIX `shutdown(2)`) with `Shutdown::Read`,
/// `Write` or `Both` for `*shut-rd*`, `*shut-wr*`, `*shut-rdwr*`.
///
/// Rulings: any other `how` raises; shutdown does not close the socket, so
/// after `*shut-wr*` it can still receive (half-close); shutting down a
/// socket that is not connected raises the OS's error (R-SHUTDOWN).
fn socket_shutdown(args: &[Value]) -> Result<Value, Error> {
    const WHO: &str = "socket-shutdown";
    let s = socket_arg(WHO, 1, &args[0])?;
    let how = check::int(WHO, 2, &args[1])?;
    let how = if how == constant("*shut-rd*") {
        std::net::Shutdown::Read
    } else if how == constant("*shut-wr*") {
        std::net::Shutdown::Write
    } else if how == constant("*shut-rdwr*") {
        std::net::Shutdown::Both
    } else {
        return Err(Error::wrong_type(WHO, 2, "shutdown method (*shut-rd*, *shut-wr* or *shut-rdwr*)", &args[1]));
    };
    s.with(WHO, |os| os.shutdown(how).map_err(|e| Error::os(WHO, "shut down", e)))?;
    if mutant::active("shutdown-closes") {
        // Marked closed, and the descriptor leaked: the peer sees nothing.
        if let Some(os) = s.os.borrow_mut().take() {
            std::mem::forget(os);
        }
    }
    Ok(Value::Unspecified)
}

/// `(socket-close socket)`
///
/// Drops the `socket2::Socket` (POSIX `close(2)`); no `shutdown(2)` is
/// called, as the SRFI says.
///
/// Rulings: closing a closed socket does nothing; every later operation on
/// the socket (and on ports made from it) raises "the socket is closed";
/// `socket?` stays `#t` (R-CLOSE).
fn socket_close(args: &[Value]) -> Result<Value, Error> {
    let s = socket_arg("socket-close", 1, &args[0])?;
    drop(s.os.borrow_mut().take());
    Ok(Value::Unspecified)
}

/// The reading side of a socket port: every read is a `recv` of what the
/// program asked for, never more.
struct SocketSource {
    socket: Rc<Socket>,
    /// Bytes received but not yet delivered (the `port-read-ahead` mutant).
    ahead: Vec<u8>,
}

impl SocketSource {
    /// Runs `f` on the OS socket unless the socket or (for a mutant) the
    /// port pair was closed.
    fn with<T>(&self, who: &'static str, f: impl FnOnce(&socket2::Socket) -> Result<T, Error>) -> Result<T, Error> {
        if self.socket.ports_closed.get() {
            return Err(Error::Closed { who, what: "port" });
        }
        self.socket.with(who, f)
    }
}

impl ByteSource for SocketSource {
    fn read(&mut self, who: &'static str, buf: &mut [u8]) -> Result<usize, Error> {
        if mutant::active("port-read-ahead") {
            if self.ahead.is_empty() {
                let mut chunk = vec![0u8; 65536];
                let n = self.with(who, |os| recv_once(who, os, &mut chunk, 0))?;
                chunk.truncate(n);
                self.ahead = chunk;
            }
            let n = buf.len().min(self.ahead.len());
            buf[..n].copy_from_slice(&self.ahead[..n]);
            self.ahead.drain(..n);
            return Ok(n);
        }
        self.with(who, |os| recv_once(who, os, buf, 0))
    }

    fn read_append(&mut self, who: &'static str, buf: &mut Vec<u8>, max: usize) -> Result<usize, Error> {
        if buf.capacity() - buf.len() != max || mutant::active("port-read-ahead") {
            let mut chunk = vec![0u8; max];
            let n = self.read(who, &mut chunk)?;
            buf.extend_from_slice(&chunk[..n]);
            return Ok(n);
        }
        self.with(who, |os| recv_into_spare(who, os, buf, 0))
    }

    fn peek(&mut self, who: &'static str) -> Result<Option<u8>, Error> {
        self.with(who, |os| {
            let mut byte = [0u8; 1];
            Ok(match recv_once(who, os, &mut byte, libc::MSG_PEEK)? {
                0 => None,
                _ => Some(byte[0]),
            })
        })
    }

    fn ready(&mut self, who: &'static str) -> Result<bool, Error> {
        let flags =
            if mutant::active("u8-ready-blocks") { libc::MSG_PEEK } else { libc::MSG_PEEK | libc::MSG_DONTWAIT };
        self.with(who, |os| {
            let mut byte = [0u8; 1];
            match recv_once(who, os, &mut byte, flags) {
                Ok(_) => Ok(true),
                Err(Error::Os { error, .. }) if error.kind() == io::ErrorKind::WouldBlock => Ok(false),
                Err(e) => Err(e),
            }
        })
    }

    fn close(&mut self) {
        close_mutants(&self.socket);
    }
}

/// What closing a socket port does under the port-closing mutants.
fn close_mutants(socket: &Socket) {
    if mutant::active("port-close-closes-socket") {
        drop(socket.os.borrow_mut().take());
    }
    if mutant::active("port-close-closes-both") {
        socket.ports_closed.set(true);
    }
}

/// The writing side of a socket port: writes go straight to `send`.
struct SocketSink(Rc<Socket>);

impl SocketSink {
    fn with<T>(&self, who: &'static str, f: impl FnOnce(&socket2::Socket) -> Result<T, Error>) -> Result<T, Error> {
        if self.0.ports_closed.get() {
            return Err(Error::Closed { who, what: "port" });
        }
        self.0.with(who, f)
    }
}

impl ByteSink for SocketSink {
    fn write_all(&mut self, who: &'static str, bytes: &[u8]) -> Result<(), Error> {
        self.with(who, |os| send_all(who, os, bytes, 0).map(|_| ()))
    }

    fn flush(&mut self, who: &'static str) -> Result<(), Error> {
        self.with(who, |_| Ok(()))
    }

    fn close(&mut self) {
        close_mutants(&self.0);
    }
}

/// `(socket-input-port socket)`
///
/// A new binary input port whose reads are `recv(2)` calls on the socket
/// (through `rustix::net::recv`); `peek-u8` is `recv(MSG_PEEK)` and
/// `u8-ready?` is `recv(MSG_PEEK | MSG_DONTWAIT)`.
///
/// Rulings: a fresh port on every call; no read-ahead, so bytes the port
/// did not deliver stay readable by `socket-recv`; `read-bytevector k`
/// blocks until `k` bytes or the end of stream; `u8-ready?` never blocks;
/// closing the port leaves the socket open; reading after `socket-close`
/// raises (R-PORTS).
fn socket_input_port(args: &[Value]) -> Result<Value, Error> {
    const WHO: &str = "socket-input-port";
    let s = socket_arg(WHO, 1, &args[0])?;
    s.with(WHO, |_| Ok(()))?;
    if mutant::active("ports-cached") {
        if let Some(p) = &s.cached_ports.borrow().0 {
            return Ok(p.clone());
        }
    }
    let port = Port::source("socket input port", Box::new(SocketSource { socket: s.clone(), ahead: Vec::new() }));
    if mutant::active("ports-cached") {
        s.cached_ports.borrow_mut().0 = Some(port.clone());
    }
    Ok(port)
}

/// `(socket-output-port socket)`
///
/// A new binary output port whose writes are `send(2)` calls on the socket
/// (`socket2::Socket::send_with_flags` with `MSG_NOSIGNAL`, looping like
/// `socket-send`).
///
/// Rulings: a fresh port on every call; output reaches the wire at once,
/// so it is delivered at `flush-output-port` or sooner; closing the port
/// leaves the socket open; writing after `socket-close` raises (R-PORTS).
fn socket_output_port(args: &[Value]) -> Result<Value, Error> {
    const WHO: &str = "socket-output-port";
    let s = socket_arg(WHO, 1, &args[0])?;
    s.with(WHO, |_| Ok(()))?;
    if mutant::active("ports-cached") {
        if let Some(p) = &s.cached_ports.borrow().1 {
            return Ok(p.clone());
        }
    }
    let port = Port::sink("socket output port", Box::new(SocketSink(s.clone())));
    if mutant::active("ports-cached") {
        s.cached_ports.borrow_mut().1 = Some(port.clone());
    }
    Ok(port)
}

/// `(call-with-socket socket proc)`
///
/// Calls `proc` with `socket`; when it returns, closes the socket as
/// `socket-close` does and returns what `proc` returned.
///
/// Rulings: all of `proc`'s values are returned; when `proc` escapes or
/// raises, the socket stays open, as with `call-with-port` (R-CALL).
fn call_with_socket(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    const WHO: &str = "call-with-socket";
    let s = socket_arg(WHO, 1, &args[0])?.clone();
    check::procedure(WHO, 2, &args[1])?;
    let result = it.apply(args[1].clone(), vec![args[0].clone()]);
    if result.is_err() && mutant::active("call-closes-on-escape") {
        drop(s.os.borrow_mut().take());
    }
    let result = result?;
    drop(s.os.borrow_mut().take());
    if mutant::active("call-single-value") {
        return Ok(result.into_values().into_iter().next().unwrap_or(Value::Unspecified));
    }
    Ok(result)
}

fn flags_of(who: &'static str, args: &[Value], first_position: usize) -> Result<i64, Error> {
    let mut merged = 0;
    for (i, v) in args.iter().enumerate() {
        merged |= check::int(who, first_position + i, v)?;
    }
    Ok(merged)
}

/// `(socket-merge-flags flags ...)`: bitwise inclusive or; no flags give 0
/// (R-MERGE).
fn socket_merge_flags(args: &[Value]) -> Result<Value, Error> {
    if mutant::active("merge-plus-purge-minus") {
        let ns = args
            .iter()
            .enumerate()
            .map(|(i, v)| check::int("socket-merge-flags", i + 1, v))
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(Value::Int(ns.iter().sum()));
    }
    Ok(Value::Int(flags_of("socket-merge-flags", args, 1)?))
}

/// `(socket-purge-flags base-flag flags ...)`: `base` with the bits of
/// `flags` cleared — and-not, so purging a flag that is not set leaves
/// `base` unchanged (never xor) (R-MERGE).
fn socket_purge_flags(args: &[Value]) -> Result<Value, Error> {
    let base = check::int("socket-purge-flags", 1, &args[0])?;
    let flags = flags_of("socket-purge-flags", &args[1..], 2)?;
    if mutant::active("purge-xor") {
        return Ok(Value::Int(base ^ flags));
    }
    if mutant::active("merge-plus-purge-minus") {
        let ns = args[1..]
            .iter()
            .enumerate()
            .map(|(i, v)| check::int("socket-purge-flags", i + 2, v))
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(Value::Int(base - ns.iter().sum::<i64>()));
    }
    Ok(Value::Int(base & !flags))
}
