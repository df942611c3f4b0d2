//! Peers: the other end of a case's sockets, written in Rust on socket2
//! and driven by a script from the case's `peer` directive (the language
//! is in `script.rs`). What the peer observes (bytes, end of stream,
//! resets) is part of the case's transcript, so behaviour is checked from
//! both sides of the wire.
//!
//! The pattern is byte `i` = `(7 i) mod 251`; the check library's
//! `(pattern n)` makes the same bytes. Every operation has a deadline; a
//! step that fails ends the script with a `... failed: reason` line.

use std::collections::BTreeSet;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use socket2::SockRef;

use crate::script::{Script, Step, StepKind};

/// Byte `i` of the pattern.
pub fn pattern_byte(i: usize) -> u8 {
    (i * 7 % 251) as u8
}

pub fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(pattern_byte).collect()
}

/// Shows bytes as a quoted string: printable ASCII as is, the rest as
/// `\xHH`; long data as a byte count.
pub fn show(bytes: &[u8]) -> String {
    if bytes.len() > 96 {
        return format!("{} bytes", bytes.len());
    }
    let mut s = String::from("\"");
    for &b in bytes {
        match b {
            b'"' => s.push_str("\\\""),
            b'\\' => s.push_str("\\\\"),
            b'\n' => s.push_str("\\n"),
            b'\r' => s.push_str("\\r"),
            b'\t' => s.push_str("\\t"),
            0x20..=0x7e => s.push(b as char),
            _ => s.push_str(&format!("\\x{b:02x}")),
        }
    }
    s.push('"');
    s
}

/// The TCP port the services database gives `name`.
pub fn service_port(name: &str) -> io::Result<u16> {
    let hints = dns_lookup::AddrInfoHints { socktype: socket2::Type::STREAM.into(), ..Default::default() };
    let found = dns_lookup::getaddrinfo(Some("127.0.0.1"), Some(name), Some(hints))
        .map_err(|e| io::Error::other(format!("service `{name}` does not resolve: {e:?}")))?;
    found
        .flatten()
        .next()
        .map(|a| a.sockaddr.port())
        .ok_or_else(|| io::Error::other(format!("service `{name}` has no address")))
}

/// Service ports the peers of this process hold.
static HELD: Mutex<BTreeSet<u16>> = Mutex::new(BTreeSet::new());
static RELEASED: Condvar = Condvar::new();

/// A service port held by one peer of this process until dropped: the
/// port is fixed by the services database, so two cases that use it take
/// turns rather than fail.
struct ServicePort(u16);

impl ServicePort {
    fn hold(port: u16, deadline: Duration) -> io::Result<ServicePort> {
        let until = Instant::now() + deadline;
        let mut held = HELD.lock().map_err(|_| io::Error::other("a peer panicked"))?;
        while held.contains(&port) {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(io::Error::new(io::ErrorKind::TimedOut, format!("service port {port} stayed busy")));
            }
            held = RELEASED.wait_timeout(held, left).map_err(|_| io::Error::other("a peer panicked"))?.0;
        }
        held.insert(port);
        Ok(ServicePort(port))
    }
}

impl Drop for ServicePort {
    fn drop(&mut self) {
        if let Ok(mut held) = HELD.lock() {
            held.remove(&self.0);
        }
        RELEASED.notify_all();
    }
}

/// Events from the case's output that the peer waits for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// The case printed `ready`.
    Ready,
    /// The case called `(signal 'NAME)`.
    Signal(String),
    /// The case's process ended.
    Ended,
}

/// The pause between the bytes of `send-slowly`.
const FRAGMENT_PAUSE: Duration = Duration::from_millis(10);

/// The payload that wakes a peer waiting for a datagram once the case
/// has ended (it is never part of a transcript).
const WAKE: &[u8] = b"\0srfi106-conform: the case ended";

#[derive(Default)]
struct AbortState {
    connections: Vec<(u64, socket2::Socket)>,
    next_id: u64,
    datagrams: Vec<SocketAddr>,
    ended: bool,
}

/// Lets the trial unblock a peer: once the case has ended no connection or
/// datagram can come, so waits for them stop at once; waits on open
/// connections are stopped after a grace period.
#[derive(Clone, Default)]
pub struct Abort(Arc<Mutex<AbortState>>);

impl Abort {
    fn with(&self, f: impl FnOnce(&mut AbortState)) {
        if let Ok(mut state) = self.0.lock() {
            f(&mut state);
        }
    }

    /// Keeps a duplicate of a connection, to shut it down if the peer
    /// overstays; returns its id, for [`Abort::forget`].
    fn watch_connection(&self, s: SockRef<'_>) -> Option<u64> {
        let copy = s.try_clone().ok()?;
        let mut id = None;
        self.with(|st| {
            st.next_id += 1;
            id = Some(st.next_id);
            st.connections.push((st.next_id, copy));
        });
        id
    }

    /// Drops the duplicate of a connection the peer closes, so closing it
    /// really closes it.
    fn forget(&self, id: Option<u64>) {
        if let Some(id) = id {
            self.with(|st| st.connections.retain(|(i, _)| *i != id));
        }
    }

    fn watch_datagrams(&self, addr: SocketAddr) {
        self.with(|st| st.datagrams.push(addr));
    }

    fn ended(&self) -> bool {
        self.0.lock().map(|st| st.ended).unwrap_or(true)
    }

    /// The case has ended: stop waiting for connections (once none is
    /// pending) and datagrams (once the queued ones are read).
    pub fn case_ended(&self) {
        self.with(|st| {
            st.ended = true;
            if let Ok(waker) = UdpSocket::bind("127.0.0.1:0") {
                for addr in &st.datagrams {
                    let _ = waker.send_to(WAKE, addr);
                }
            }
        });
    }

    /// Stop everything, open connections included.
    pub fn trigger(&self) {
        self.case_ended();
        self.with(|st| {
            for (_, c) in &st.connections {
                let _ = c.shutdown(Shutdown::Both);
            }
        });
    }
}

/// A peer set up before the case starts: its listening socket (if it
/// listens), the port the case must use, and what it needs to run.
pub struct Peer {
    script: Script,
    listener: Option<TcpListener>,
    udp: Option<UdpSocket>,
    /// `peer-port` for the case (0 when the case listens).
    pub port: u16,
    /// The service port held, for `listen-service`.
    _service: Option<ServicePort>,
    deadline: Duration,
    pub abort: Abort,
}

enum Conn {
    None,
    Tcp(TcpStream),
    Udp { socket: UdpSocket, last_from: Option<SocketAddr> },
}

struct Run<'a> {
    transcript: Vec<String>,
    events: &'a Receiver<Event>,
    deadline: Duration,
    abort: Abort,
    server_port: u16,
    conn: Conn,
    /// The abort id of the current connection.
    conn_id: Option<u64>,
    /// Whether the case has said it is ready (connects wait for it once).
    ready: bool,
}

fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => "timed out".into(),
        io::ErrorKind::ConnectionReset => "connection reset".into(),
        io::ErrorKind::BrokenPipe => "broken pipe".into(),
        io::ErrorKind::ConnectionRefused => "connection refused".into(),
        io::ErrorKind::UnexpectedEof => "end of stream".into(),
        _ => {
            let s = e.to_string();
            s.split(" (os error").next().unwrap_or(&s).to_lowercase()
        }
    }
}

impl Peer {
    /// Binds the peer's socket (for scripts where the peer listens), so
    /// its port can be given to the case.
    pub fn bind(script: &Script, deadline: Duration) -> io::Result<Peer> {
        let abort = Abort::default();
        let mut peer =
            Peer { script: script.clone(), listener: None, udp: None, port: 0, _service: None, deadline, abort };
        match script.steps.first().map(|s| (s.kind, s)) {
            Some((StepKind::Listen | StepKind::Listen6, first)) => {
                let v6 = first.kind == StepKind::Listen6;
                let l = TcpListener::bind(if v6 { "[::1]:0" } else { "127.0.0.1:0" })?;
                peer.port = l.local_addr()?.port();
                peer.listener = Some(l);
            }
            Some((StepKind::ListenService, first)) => {
                let port = service_port(first.word())?;
                peer._service = Some(ServicePort::hold(port, deadline)?);
                let s = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None)?;
                s.set_reuse_address(true)?;
                s.bind(&SocketAddr::from(([127, 0, 0, 1], port)).into())?;
                s.listen(128)?;
                peer.port = port;
                peer.listener = Some(s.into());
            }
            Some((StepKind::Udp | StepKind::Udp6, first)) => {
                let v6 = first.kind == StepKind::Udp6;
                let u = UdpSocket::bind(if v6 { "[::1]:0" } else { "127.0.0.1:0" })?;
                peer.port = u.local_addr()?.port();
                u.set_read_timeout(Some(deadline))?;
                peer.abort.watch_datagrams(u.local_addr()?);
                peer.udp = Some(u);
            }
            _ => {}
        }
        Ok(peer)
    }

    /// Runs the script; `events` come from the case's output. Returns the
    /// transcript.
    pub fn run(self, server_port: u16, events: Receiver<Event>) -> Vec<String> {
        let mut run = Run {
            transcript: Vec::new(),
            events: &events,
            deadline: self.deadline,
            abort: self.abort.clone(),
            server_port,
            conn: match self.udp {
                Some(socket) => Conn::Udp { socket, last_from: None },
                None => Conn::None,
            },
            conn_id: None,
            ready: false,
        };
        let opening = self.script.steps[0].clone();
        if let Err(line) = run.open(&opening) {
            run.transcript.push(line);
            return run.transcript;
        }
        for step in &self.script.steps[1..] {
            if let Err(line) = run.step(step, self.listener.as_ref()) {
                run.transcript.push(line);
                break;
            }
        }
        run.transcript
    }
}

impl Run<'_> {
    fn note(&mut self, line: String) {
        self.transcript.push(format!("peer: {line}"));
    }

    fn failed(step: &str, e: &io::Error) -> String {
        format!("peer: {step} failed: {}", io_reason(e))
    }

    /// Waits for an event from the case; `Ended` or a deadline ends the
    /// wait with the reason.
    fn wait_for(&self, wanted: &Event) -> Result<(), String> {
        let start = Instant::now();
        loop {
            let left = self.deadline.checked_sub(start.elapsed()).unwrap_or_default();
            match self.events.recv_timeout(left) {
                Ok(e) if &e == wanted => return Ok(()),
                Ok(Event::Ended) => return Err("the case ended first".into()),
                Ok(_) => continue,
                Err(RecvTimeoutError::Timeout) => return Err("timed out".into()),
                Err(RecvTimeoutError::Disconnected) => return Err("the case ended first".into()),
            }
        }
    }

    /// Replaces the current connection, closing the previous one.
    fn set_conn(&mut self, conn: Conn, id: Option<u64>) {
        self.conn = conn;
        self.abort.forget(std::mem::replace(&mut self.conn_id, id));
    }

    fn await_ready(&mut self) -> Result<(), String> {
        if !self.ready {
            self.wait_for(&Event::Ready).map_err(|r| format!("peer: waiting for the case to be ready: {r}"))?;
            self.ready = true;
        }
        Ok(())
    }

    fn open(&mut self, step: &Step) -> Result<(), String> {
        match step.kind {
            StepKind::UdpConnect => {
                self.await_ready()?;
                let u = UdpSocket::bind("127.0.0.1:0").map_err(|e| Self::failed("bind", &e))?;
                u.connect(("127.0.0.1", self.server_port)).map_err(|e| Self::failed("connect", &e))?;
                u.set_read_timeout(Some(self.deadline)).map_err(|e| Self::failed("connect", &e))?;
                let id = self.abort.watch_connection(SockRef::from(&u));
                self.set_conn(Conn::Udp { socket: u, last_from: None }, id);
                Ok(())
            }
            kind => {
                let Some(host) = kind.host() else { return Ok(()) };
                self.await_ready()?;
                let ip: std::net::IpAddr =
                    host.parse().map_err(|_| format!("peer: connect failed: bad address {host}"))?;
                let addr = SocketAddr::new(ip, self.server_port);
                let s = TcpStream::connect_timeout(&addr, self.deadline).map_err(|e| Self::failed("connect", &e))?;
                s.set_read_timeout(Some(self.deadline)).map_err(|e| Self::failed("connect", &e))?;
                s.set_write_timeout(Some(self.deadline)).map_err(|e| Self::failed("connect", &e))?;
                let id = self.abort.watch_connection(SockRef::from(&s));
                self.note("connected".into());
                self.set_conn(Conn::Tcp(s), id);
                Ok(())
            }
        }
    }

    fn tcp(&mut self, step: &str) -> Result<&mut TcpStream, String> {
        match &mut self.conn {
            Conn::Tcp(s) => Ok(s),
            _ => Err(format!("peer: {step} failed: no connection")),
        }
    }

    fn udp(&mut self, step: &str) -> Result<(&UdpSocket, &mut Option<SocketAddr>), String> {
        match &mut self.conn {
            Conn::Udp { socket, last_from } => Ok((socket, last_from)),
            _ => Err(format!("peer: {step} failed: no datagram socket")),
        }
    }

    /// Reads up to `limit` bytes (to the end of stream); returns the bytes
    /// and how the read ended if it ended early.
    fn read_up_to(&mut self, limit: Option<usize>) -> Result<(Vec<u8>, Option<String>), String> {
        let s = self.tcp("recv")?;
        let mut got = Vec::new();
        let mut buf = vec![0u8; 65536];
        loop {
            let want = match limit {
                Some(n) if got.len() >= n => return Ok((got, None)),
                Some(n) => (n - got.len()).min(buf.len()),
                None => buf.len(),
            };
            match s.read(&mut buf[..want]) {
                Ok(0) => return Ok((got, Some("end of stream".into()))),
                Ok(n) => got.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) if e.kind() == io::ErrorKind::ConnectionReset => return Ok((got, Some("reset".into()))),
                Err(e) => return Ok((got, Some(format!("failure: {}", io_reason(&e))))),
            }
        }
    }

    fn step(&mut self, step: &Step, listener: Option<&TcpListener>) -> Result<(), String> {
        match step.kind {
            StepKind::Accept => {
                let l = listener.ok_or("peer: accept failed: not listening")?;
                let s = match accept_with_deadline(l, self.deadline, &self.abort) {
                    Ok(s) => s,
                    Err(AcceptFailure::CaseEnded) => return Err("peer: accept failed: the case ended first".into()),
                    Err(AcceptFailure::Io(e)) => return Err(Self::failed("accept", &e)),
                };
                s.set_read_timeout(Some(self.deadline)).map_err(|e| Self::failed("accept", &e))?;
                s.set_write_timeout(Some(self.deadline)).map_err(|e| Self::failed("accept", &e))?;
                let id = self.abort.watch_connection(SockRef::from(&s));
                self.set_conn(Conn::Tcp(s), id);
                self.note("accepted".into());
            }
            StepKind::Recv => {
                let (got, ended) = self.read_up_to(Some(step.count()))?;
                match ended {
                    None => self.note(format!("received {}", show(&got))),
                    Some(how) => self.note(format!("received {} then {how}", show(&got))),
                }
            }
            StepKind::RecvAll => {
                let (got, ended) = self.read_up_to(None)?;
                self.note(format!("received {} then {}", show(&got), ended.unwrap_or_default()));
            }
            StepKind::RecvPattern => {
                let n = step.count();
                let (got, ended) = self.read_up_to(Some(n))?;
                let bad = got.iter().enumerate().find(|(i, b)| **b != pattern_byte(*i)).map(|(i, _)| i);
                match (bad, ended) {
                    (Some(i), _) => {
                        self.note(format!("received {} bytes, differing from the pattern at byte {i}", got.len()))
                    }
                    (None, Some(how)) => self.note(format!("received {} bytes of the pattern then {how}", got.len())),
                    (None, None) => self.note(format!("received {n} bytes of the pattern")),
                }
            }
            StepKind::RecvUrgent => {
                let deadline = self.deadline;
                let s = self.tcp("recv-urgent")?;
                let mut byte = [0u8; 1];
                let start = Instant::now();
                // Urgent data arrives with the segment that carries it; it
                // may follow the normal data the script read just before.
                let n = loop {
                    match rustix::net::recv(&*s, &mut byte[..], rustix::net::RecvFlags::OOB) {
                        Ok((n, _)) => break n,
                        Err(e)
                            if (e == rustix::io::Errno::INVAL || e == rustix::io::Errno::AGAIN)
                                && start.elapsed() < deadline =>
                        {
                            wait_readable(s, deadline.saturating_sub(start.elapsed()));
                        }
                        Err(e) => return Err(Self::failed("recv-urgent", &io::Error::from(e))),
                    }
                };
                self.note(format!("received urgent {}", show(&byte[..n])));
            }
            StepKind::Send => {
                let bytes = step.bytes();
                let s = self.tcp("send")?;
                s.write_all(bytes).map_err(|e| Self::failed("send", &e))?;
                self.note(format!("sent {}", show(bytes)));
            }
            StepKind::SendSlowly => {
                let bytes = step.bytes();
                let s = self.tcp("send-slowly")?;
                s.set_nodelay(true).map_err(|e| Self::failed("send-slowly", &e))?;
                for (i, b) in bytes.iter().enumerate() {
                    if i > 0 {
                        // Fragmentation, not synchronisation: a correct
                        // reader gets the same bytes however they arrive.
                        std::thread::sleep(FRAGMENT_PAUSE);
                    }
                    s.write_all(std::slice::from_ref(b)).map_err(|e| Self::failed("send-slowly", &e))?;
                }
                self.note(format!("sent {} a byte at a time", show(bytes)));
            }
            StepKind::SendUrgent => {
                let bytes = step.bytes();
                let s = self.tcp("send-urgent")?;
                SockRef::from(&*s).send_out_of_band(bytes).map_err(|e| Self::failed("send-urgent", &e))?;
                self.note(format!("sent {}, the last byte urgent", show(bytes)));
            }
            StepKind::SendPattern => {
                let n = step.count();
                let s = self.tcp("send-pattern")?;
                s.write_all(&pattern(n)).map_err(|e| Self::failed("send-pattern", &e))?;
                self.note(format!("sent {n} bytes of the pattern"));
            }
            StepKind::Echo => {
                let s = self.tcp("echo")?;
                let mut buf = vec![0u8; 65536];
                let mut total = 0usize;
                let how = loop {
                    match s.read(&mut buf) {
                        Ok(0) => break "end of stream".to_string(),
                        Ok(n) => {
                            s.write_all(&buf[..n]).map_err(|e| Self::failed("echo", &e))?;
                            total += n;
                        }
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                        Err(e) if e.kind() == io::ErrorKind::ConnectionReset => break "reset".to_string(),
                        Err(e) => return Err(Self::failed("echo", &e)),
                    }
                };
                self.note(format!("echoed {total} bytes then {how}"));
            }
            StepKind::ShutdownWrite => {
                self.tcp("shutdown-write")?
                    .shutdown(Shutdown::Write)
                    .map_err(|e| Self::failed("shutdown-write", &e))?;
                self.note("shut down writing".into());
            }
            StepKind::Close => {
                self.set_conn(Conn::None, None);
                self.note("closed".into());
            }
            StepKind::Reset => {
                let s = self.tcp("reset")?;
                SockRef::from(&*s).set_linger(Some(Duration::ZERO)).map_err(|e| Self::failed("reset", &e))?;
                self.set_conn(Conn::None, None);
                self.note("reset".into());
            }
            StepKind::Await => {
                let name = step.word();
                self.wait_for(&Event::Signal(name.to_string())).map_err(|r| format!("peer: awaiting `{name}`: {r}"))?;
            }
            StepKind::RecvDatagram => {
                let (socket, last_from) = self.udp("recv-datagram")?;
                let mut buf = vec![0u8; 65536];
                let (n, from) = socket.recv_from(&mut buf).map_err(|e| Self::failed("recv-datagram", &e))?;
                if &buf[..n] == WAKE {
                    return Err("peer: recv-datagram failed: the case ended first".into());
                }
                *last_from = Some(from);
                self.note(format!("received datagram {}", show(&buf[..n])));
            }
            StepKind::Reply => {
                let bytes = step.bytes();
                let (socket, last_from) = self.udp("reply")?;
                let to = last_from.ok_or("peer: reply failed: no datagram received yet")?;
                socket.send_to(bytes, to).map_err(|e| Self::failed("reply", &e))?;
                self.note(format!("replied {}", show(bytes)));
            }
            StepKind::SendDatagram => {
                let bytes = step.bytes();
                let (socket, _) = self.udp("send-datagram")?;
                socket.send(bytes).map_err(|e| Self::failed("send-datagram", &e))?;
                self.note(format!("sent datagram {}", show(bytes)));
            }
            // The parser lets a connect follow a first connect, and no
            // other opening step come later.
            StepKind::Connect
            | StepKind::Connect6
            | StepKind::ConnectAlias
            | StepKind::Listen
            | StepKind::Listen6
            | StepKind::ListenService
            | StepKind::Udp
            | StepKind::Udp6
            | StepKind::UdpConnect => self.open(step)?,
        }
        Ok(())
    }
}

enum AcceptFailure {
    CaseEnded,
    Io(io::Error),
}

/// Accepts one connection, giving up after `deadline`, or once the case
/// has ended and no connection is pending. It waits in `poll`, woken by a
/// connection at once; the slices only bound how late it notices the end.
fn accept_with_deadline(l: &TcpListener, deadline: Duration, abort: &Abort) -> Result<TcpStream, AcceptFailure> {
    use rustix::event::{poll, PollFd, PollFlags, Timespec};
    let start = Instant::now();
    l.set_nonblocking(true).map_err(AcceptFailure::Io)?;
    let result = loop {
        match l.accept() {
            Ok((s, _)) => break s.set_nonblocking(false).map(|_| s).map_err(AcceptFailure::Io),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(e) => break Err(AcceptFailure::Io(e)),
        }
        if abort.ended() {
            break Err(AcceptFailure::CaseEnded);
        }
        if start.elapsed() >= deadline {
            break Err(AcceptFailure::Io(io::Error::from(io::ErrorKind::TimedOut)));
        }
        let slice = Duration::from_millis(50).min(deadline.saturating_sub(start.elapsed()));
        let mut fds = [PollFd::new(l, PollFlags::IN)];
        let ts = Timespec { tv_sec: slice.as_secs() as i64, tv_nsec: slice.subsec_nanos() as i64 };
        let _ = poll(&mut fds, Some(&ts));
    };
    let _ = l.set_nonblocking(false);
    result
}

/// Waits until `s` is readable (or has an exceptional condition), at most
/// `timeout`.
fn wait_readable(s: &TcpStream, timeout: Duration) {
    use rustix::event::{poll, PollFd, PollFlags, Timespec};
    let mut fds = [PollFd::new(s, PollFlags::IN | PollFlags::PRI)];
    let ts = Timespec { tv_sec: timeout.as_secs() as i64, tv_nsec: timeout.subsec_nanos() as i64 };
    let _ = poll(&mut fds, Some(&ts));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn show_escapes_and_abbreviates() {
        assert_eq!(show(b"a\"b\\\n\x01"), "\"a\\\"b\\\\\\n\\x01\"");
        assert_eq!(show(&[0u8; 200]), "200 bytes");
    }

    #[test]
    fn pattern_has_period_251() {
        let p = pattern(600);
        assert_eq!(&p[..251], &p[251..502]);
        assert_eq!(p[1], 7);
    }

    fn run_script(script: &str, client: impl FnOnce(u16) + Send + 'static) -> Vec<String> {
        let s = Script::parse(script).expect("script");
        let peer = Peer::bind(&s, Duration::from_secs(5)).expect("bind");
        let port = peer.port;
        let (_tx, rx) = std::sync::mpsc::channel();
        let c = std::thread::spawn(move || client(port));
        let t = peer.run(0, rx);
        c.join().expect("client");
        t
    }

    #[test]
    fn a_listening_peer_records_both_directions() {
        let t = run_script("listen; accept; recv 5; send \"world\"; recv-all", |port| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
            s.write_all(b"hello").expect("send");
            let mut b = [0u8; 5];
            s.read_exact(&mut b).expect("reply");
            s.write_all(b"!").expect("more");
        });
        assert_eq!(
            t,
            [
                "peer: accepted",
                "peer: received \"hello\"",
                "peer: sent \"world\"",
                "peer: received \"!\" then end of stream"
            ]
        );
    }

    #[test]
    fn a_reset_is_told_from_end_of_stream() {
        let t = run_script("listen; accept; recv-all", |port| {
            let s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
            (&s).write_all(b"x").expect("send");
            SockRef::from(&s).set_linger(Some(Duration::ZERO)).expect("linger");
        });
        assert_eq!(t[1], "peer: received \"x\" then reset");
    }

    #[test]
    fn a_peer_whose_case_never_connects_times_out() {
        let s = Script::parse("listen; accept").expect("script");
        let peer = Peer::bind(&s, Duration::from_millis(200)).expect("bind");
        let (_tx, rx) = std::sync::mpsc::channel();
        assert_eq!(peer.run(0, rx), ["peer: accept failed: timed out"]);
    }
}
