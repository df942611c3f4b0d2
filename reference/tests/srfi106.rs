//! SRFI 106 in the reference, end to end: `srfi106-scheme` programs talk
//! to peers written here with socket2/std::net, over loopback, on ports
//! the OS picks. Every wait has a deadline; nothing sleeps to synchronise.
//!
//! Each test checks both sides: what the program printed and what the peer
//! observed. The rulings tested are those of CONFORMANCE.md ("Rulings").

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rstest::rstest;
use socket2::{Domain, Protocol, SockRef, Socket, Type};

const DEADLINE: Duration = Duration::from_secs(10);
const PRELUDE: &str =
    "(import (scheme base) (scheme write) (scheme process-context) (srfi 106))\n(define (say . xs) (for-each display xs) (newline) (flush-output-port))\n";

/// A running Scheme program whose standard output is read line by line.
struct Program {
    child: Child,
    lines: mpsc::Receiver<String>,
    _dir: tempfile::TempDir,
}

impl Program {
    fn start(body: &str) -> Program {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("case.scm");
        std::fs::write(&path, format!("{PRELUDE}{body}")).expect("write program");
        let mut child = Command::new(env!("CARGO_BIN_EXE_srfi106-scheme"))
            .arg(&path)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn srfi106-scheme");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Program { child, lines, _dir: dir }
    }

    /// The next line the program prints.
    fn line(&self) -> String {
        self.lines
            .recv_timeout(DEADLINE)
            .unwrap_or_else(|e| panic!("no line from the program within the deadline: {e}"))
    }

    /// Waits for the program to end; returns its remaining output lines,
    /// standard error and exit status.
    fn finish(mut self) -> (Vec<String>, String, i32) {
        let start = Instant::now();
        let status = loop {
            if let Some(s) = self.child.try_wait().expect("wait") {
                break s;
            }
            if start.elapsed() > DEADLINE {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("the program did not end within the deadline");
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let mut rest = Vec::new();
        while let Ok(l) = self.lines.recv_timeout(Duration::from_secs(2)) {
            rest.push(l);
        }
        let mut stderr = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            let _ = e.read_to_string(&mut stderr);
        }
        (rest, stderr, status.code().unwrap_or(-1))
    }
}

impl Drop for Program {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs a program to its end and returns its output lines.
fn run(body: &str) -> Vec<String> {
    let (lines, stderr, status) = Program::start(body).finish();
    assert_eq!(status, 0, "the program failed: {stderr}\noutput: {lines:?}");
    lines
}

/// A TCP listener on loopback, port chosen by the OS.
fn listener(v6: bool) -> (TcpListener, u16) {
    let l = TcpListener::bind(if v6 { "[::1]:0" } else { "127.0.0.1:0" }).expect("bind peer");
    let port = l.local_addr().expect("addr").port();
    (l, port)
}

fn accept(l: &TcpListener) -> TcpStream {
    l.set_nonblocking(false).expect("blocking");
    let start = Instant::now();
    l.set_nonblocking(true).expect("nonblocking");
    loop {
        match l.accept() {
            Ok((s, _)) => {
                s.set_nonblocking(false).expect("blocking stream");
                s.set_read_timeout(Some(DEADLINE)).expect("timeout");
                s.set_write_timeout(Some(DEADLINE)).expect("timeout");
                return s;
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock && start.elapsed() < DEADLINE => {
                std::thread::sleep(Duration::from_millis(1))
            }
            Err(e) => panic!("the program did not connect: {e}"),
        }
    }
}

/// A peer on its own thread.
fn peer<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> JoinHandle<T> {
    std::thread::spawn(f)
}

/// A port that was free a moment ago, for programs that make servers.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port()
}

fn connect(addr: &str) -> TcpStream {
    let addr: SocketAddr = addr.parse().expect("address");
    let s = TcpStream::connect_timeout(&addr, DEADLINE).expect("connect to the program");
    s.set_read_timeout(Some(DEADLINE)).expect("timeout");
    s.set_write_timeout(Some(DEADLINE)).expect("timeout");
    s
}

fn read_to_end(mut s: TcpStream) -> Vec<u8> {
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).expect("read until end of stream");
    buf
}

#[rstest]
#[case::ipv4(false, "\"127.0.0.1\"", "")]
#[case::ipv4_explicit(false, "\"127.0.0.1\"", "*af-inet*")]
#[case::ipv6(true, "\"::1\"", "*af-inet6*")]
#[case::unspec(true, "\"::1\"", "*af-unspec*")]
#[case::localhost(false, "\"localhost\"", "(address-family inet)")]
fn client_stream_both_directions(#[case] v6: bool, #[case] node: &str, #[case] family: &str) {
    let (l, port) = listener(v6);
    let p = peer(move || {
        let mut s = accept(&l);
        let mut req = [0u8; 5];
        s.read_exact(&mut req).expect("request");
        s.write_all(b"world").expect("reply");
        req
    });
    let out = run(&format!(
        "(define s (make-client-socket {node} \"{port}\" {family}))
         (say (socket-send s (string->utf8 \"hello\")))
         (say (utf8->string (socket-recv s 5 (message-type wait-all))))
         (socket-close s)"
    ));
    assert_eq!(out, ["5", "world"]);
    assert_eq!(&p.join().expect("peer"), b"hello");
}

#[test]
fn default_family_is_ipv4_only() {
    let (_l, port) = listener(true);
    let out = run(&format!(
        "(say (guard (e ((error-object? e) 'refused)) (make-client-socket \"::1\" \"{port}\") 'connected))"
    ));
    assert_eq!(out, ["refused"]);
}

#[rstest]
#[case::ipv4("*af-inet*", "127.0.0.1")]
#[case::ipv4_wildcard_not_loopback_only("*af-inet*", "127.0.0.2")]
#[case::ipv6("*af-inet6*", "[::1]")]
fn server_stream_accepts_and_talks(#[case] family: &str, #[case] host: &'static str) {
    let port = free_port();
    let prog = Program::start(&format!(
        "(define srv (make-server-socket \"{port}\" {family}))
         (say \"ready\")
         (define c (socket-accept srv))
         (say (utf8->string (socket-recv c 4 *msg-waitall*)))
         (socket-send c (string->utf8 \"pong\"))
         (socket-close c)
         (socket-close srv)"
    ));
    assert_eq!(prog.line(), "ready");
    let mut s = connect(&format!("{host}:{port}"));
    s.write_all(b"ping").expect("send");
    assert_eq!(read_to_end(s), b"pong");
    let (rest, stderr, status) = prog.finish();
    assert_eq!((rest, status), (vec!["ping".to_string()], 0), "{stderr}");
}

/// A server that closed first leaves its port in TIME_WAIT; only with
/// SO_REUSEADDR can a new server bind it at once.
#[test]
fn server_sets_reuseaddr_and_a_port_in_use_raises() {
    let port = free_port();
    let prog = Program::start(&format!(
        "(define a (make-server-socket \"{port}\"))
         (say (guard (e ((error-object? e) 'in-use)) (make-server-socket \"{port}\") 'bound))
         (define c (socket-accept a))
         (socket-close c)
         (socket-close a)
         (define b (make-server-socket \"{port}\"))
         (say 'rebound)"
    ));
    assert_eq!(prog.line(), "in-use");
    let s = connect(&format!("127.0.0.1:{port}"));
    assert_eq!(read_to_end(s), b"", "the server closes first");
    let (rest, stderr, status) = prog.finish();
    assert_eq!((rest, status), (vec!["rebound".to_string()], 0), "{stderr}");
}

#[test]
fn datagram_client_is_connected() {
    let peer_sock = UdpSocket::bind("127.0.0.1:0").expect("udp peer");
    peer_sock.set_read_timeout(Some(DEADLINE)).expect("timeout");
    let port = peer_sock.local_addr().expect("addr").port();
    let p = peer(move || {
        let mut buf = [0u8; 64];
        let (n, from) = peer_sock.recv_from(&mut buf).expect("datagram");
        peer_sock.send_to(b"pong!", from).expect("reply");
        buf[..n].to_vec()
    });
    let out = run(&format!(
        "(define s (make-client-socket \"127.0.0.1\" \"{port}\" *af-inet* (socket-domain datagram)))
         (say (socket-send s (string->utf8 \"ping\")))
         (say (utf8->string (socket-recv s 100)))
         (socket-close s)"
    ));
    assert_eq!(out, ["4", "pong!"]);
    assert_eq!(p.join().expect("peer"), b"ping");
}

#[test]
fn datagram_server_is_bound_and_never_listens() {
    let port = free_port();
    let prog = Program::start(&format!(
        "(define s (make-server-socket \"{port}\" *af-inet* *sock-dgram*))
         (say \"ready\")
         (say (utf8->string (socket-recv s 100)))
         (say (guard (e ((error-object? e) 'no-accept)) (socket-accept s) 'accepted))
         (say (guard (e ((error-object? e) 'no-destination)) (socket-send s (bytevector 1)) 'sent))"
    ));
    assert_eq!(prog.line(), "ready");
    let u = UdpSocket::bind("127.0.0.1:0").expect("udp");
    u.send_to(b"datagram", ("127.0.0.1", port)).expect("send datagram");
    let (rest, stderr, status) = prog.finish();
    assert_eq!(rest, ["datagram", "no-accept", "no-destination"], "{stderr}");
    assert_eq!(status, 0);
    assert!(TcpStream::connect_timeout(&format!("127.0.0.1:{port}").parse().expect("addr"), DEADLINE).is_err());
}

/// A checksum both sides compute over the same pattern.
fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 % 251) as u8).collect()
}

#[test]
fn sixteen_mib_arrive_intact_in_both_directions() {
    const SIZE: usize = 16 << 20;
    let (l, port) = listener(false);
    let p = peer(move || {
        let s = accept(&l);
        let mut reader = s.try_clone().expect("clone");
        let writer = std::thread::spawn(move || {
            let mut w = s;
            w.write_all(&pattern(SIZE)).expect("send 16 MiB");
            w.shutdown(Shutdown::Write).expect("FIN");
        });
        let mut got = Vec::with_capacity(SIZE);
        reader.read_to_end(&mut got).expect("receive 16 MiB");
        writer.join().expect("writer");
        got
    });
    // The program builds the pattern (period 251) by doubling, sends it in
    // one socket-send, then compares what it receives, chunk by chunk.
    let out = run(&format!(
        "(define size {SIZE})
         (define block (make-bytevector 251))
         (do ((i 0 (+ i 1))) ((= i 251)) (bytevector-u8-set! block i (modulo (* i 7) 251)))
         (define out (let grow ((b block))
                       (if (>= (bytevector-length b) size) (bytevector-copy b 0 size) (grow (bytevector-append b b)))))
         (define s (make-client-socket \"127.0.0.1\" \"{port}\"))
         (say (= (socket-send s out) size))
         (socket-shutdown s *shut-wr*)
         (let loop ((n 0) (ok #t))
           (let* ((bv (socket-recv s 65536)) (len (bytevector-length bv)))
             (if (= len 0)
                 (begin (say n) (say ok))
                 (loop (+ n len) (and ok (<= (+ n len) size) (equal? bv (bytevector-copy out n (+ n len))))))))
         (socket-close s)"
    ));
    assert_eq!(out, ["#t", &SIZE.to_string(), "#t"]);
    assert!(p.join().expect("peer") == pattern(SIZE), "the peer received different bytes");
}

#[test]
fn end_of_stream_is_an_empty_bytevector_after_the_data() {
    let (l, port) = listener(false);
    let p = peer(move || {
        let mut s = accept(&l);
        s.write_all(b"abc").expect("send");
    });
    let out = run(&format!(
        "(define s (make-client-socket \"127.0.0.1\" \"{port}\"))
         (say (utf8->string (socket-recv s 3 (message-type wait-all))))
         (say (bytevector-length (socket-recv s 10)))
         (say (bytevector-length (socket-recv s 10)))"
    ));
    p.join().expect("peer");
    assert_eq!(out, ["abc", "0", "0"]);
}

#[test]
fn a_reset_raises_instead_of_looking_like_end_of_stream() {
    let (l, port) = listener(false);
    let (tx, rx) = mpsc::channel::<()>();
    let p = peer(move || {
        let s = accept(&l);
        let mut line = [0u8; 5];
        (&s).read_exact(&mut line).expect("request");
        SockRef::from(&s).set_linger(Some(Duration::ZERO)).expect("linger 0");
        drop(s); // RST
        let _ = tx.send(());
    });
    let prog = Program::start(&format!(
        "(define s (make-client-socket \"127.0.0.1\" \"{port}\"))
         (socket-send s (string->utf8 \"reset\"))
         (say \"sent\")
         (say (guard (e ((error-object? e) 'raised)) (socket-recv s 10)))"
    ));
    assert_eq!(prog.line(), "sent");
    rx.recv_timeout(DEADLINE).expect("peer reset the connection");
    p.join().expect("peer");
    let (rest, stderr, status) = prog.finish();
    assert_eq!((rest, status), (vec!["raised".to_string()], 0), "{stderr}");
}

#[test]
fn sending_to_a_closed_peer_raises_and_never_kills_with_sigpipe() {
    let (l, port) = listener(false);
    let p = peer(move || {
        let s = accept(&l);
        SockRef::from(&s).set_linger(Some(Duration::ZERO)).expect("linger 0");
    });
    let out = run(&format!(
        "(define s (make-client-socket \"127.0.0.1\" \"{port}\"))
         (define chunk (make-bytevector 65536 1))
         (say (guard (e ((error-object? e) 'raised))
                (let loop ((i 0)) (if (< i 100000) (begin (socket-send s chunk) (loop (+ i 1))) 'never))))
         (say 'alive)"
    ));
    p.join().expect("peer");
    assert_eq!(out, ["raised", "alive"]);
}

#[test]
fn peek_leaves_data_and_waitall_waits_for_fragments() {
    let (l, port) = listener(false);
    let p = peer(move || {
        let mut s = accept(&l);
        s.set_nodelay(true).expect("nodelay");
        s.write_all(b"xyz").expect("send");
        let mut go = [0u8; 1];
        s.read_exact(&mut go).expect("go");
        for b in b"0123456789" {
            s.write_all(&[*b]).expect("one byte");
        }
    });
    let out = run(&format!(
        "(define s (make-client-socket \"127.0.0.1\" \"{port}\"))
         (say (utf8->string (socket-recv s 3 (message-type peek wait-all))))
         (say (utf8->string (socket-recv s 3 (message-type wait-all))))
         (socket-send s (bytevector 1))
         (say (utf8->string (socket-recv s 10 (message-type wait-all))))"
    ));
    p.join().expect("peer");
    assert_eq!(out, ["xyz", "xyz", "0123456789"]);
}

#[test]
fn out_of_band_data_both_ways() {
    // The urgent byte is the last byte of a send, so it arrives in the same
    // segment as the normal bytes before it: once those are read, it is
    // there — and reading them does not read past the urgent mark.
    let (l, port) = listener(false);
    let p = peer(move || {
        let s = accept(&l);
        SockRef::from(&s).send_out_of_band(b"ab!").expect("urgent byte");
        let mut normal = [0u8; 2];
        (&s).read_exact(&mut normal).expect("normal bytes");
        let mut urgent = [0u8; 1];
        let (n, _) = rustix::net::recv(&s, &mut urgent[..], rustix::net::RecvFlags::OOB).expect("urgent data");
        // FIN ends the program's last receive; then wait for it to close
        // (the unread urgent byte may make either side's close a reset).
        s.shutdown(Shutdown::Write).expect("FIN");
        let _ = (&s).read_to_end(&mut Vec::new());
        (normal, n, urgent[0])
    });
    let out = run(&format!(
        "(define s (make-client-socket \"127.0.0.1\" \"{port}\"))
         (say (utf8->string (socket-recv s 2 *msg-waitall*)))
         (say (utf8->string (socket-recv s 1 (message-type oob))))
         (socket-send s (string->utf8 \"cd?\") *msg-oob*)
         (say (bytevector-length (socket-recv s 1)))"
    ));
    assert_eq!(out, ["ab", "!", "0"]);
    assert_eq!(p.join().expect("peer"), (*b"cd", 1, b'?'));
}

#[test]
fn half_close_the_peer_sees_end_of_stream_and_can_still_reply() {
    let (l, port) = listener(false);
    let p = peer(move || {
        let s = accept(&l);
        let request = read_to_end(s.try_clone().expect("clone"));
        (&s).write_all(b"response").expect("reply after FIN");
        request
    });
    let out = run(&format!(
        "(define s (make-client-socket \"127.0.0.1\" \"{port}\"))
         (socket-send s (string->utf8 \"request\"))
         (socket-shutdown s (shutdown-method write))
         (say (utf8->string (socket-recv s 8 *msg-waitall*)))
         (say (bytevector-length (socket-recv s 8)))
         (say (socket? s))"
    ));
    assert_eq!(out, ["response", "0", "#t"]);
    assert_eq!(p.join().expect("peer"), b"request");
}

#[rstest]
#[case::read("(shutdown-method read)", "*shut-rd*")]
#[case::write("(shutdown-method write)", "*shut-wr*")]
#[case::both("(shutdown-method read write)", "*shut-rdwr*")]
#[case::both_reversed("(shutdown-method write read)", "*shut-rdwr*")]
fn shutdown_methods(#[case] syntax: &str, #[case] constant: &str) {
    let (l, port) = listener(false);
    let p = peer(move || read_to_end(accept(&l)));
    let out = run(&format!(
        "(define s (make-client-socket \"127.0.0.1\" \"{port}\"))
         (say (= {syntax} {constant}))
         (socket-shutdown s {syntax})
         (say 'shut)"
    ));
    assert_eq!(out, ["#t", "shut"]);
    p.join().expect("peer sees end of stream");
}

#[test]
fn shutdown_rejects_other_values_and_unconnected_sockets() {
    let (l, port) = listener(false);
    let p = peer(move || read_to_end(accept(&l)));
    let out = run(&format!(
        "(define s (make-client-socket \"127.0.0.1\" \"{port}\"))
         (define (raises? thunk) (guard (e ((error-object? e) 'raised)) (thunk) 'returned))
         (say (raises? (lambda () (socket-shutdown s 3))))
         (say (raises? (lambda () (socket-shutdown s (socket-merge-flags *shut-rd* *shut-wr* *shut-rdwr*)))))
         (say (raises? (lambda () (socket-shutdown s 'write))))
         (define dgram (make-server-socket \"0\" *af-inet* *sock-dgram*))
         (say (raises? (lambda () (socket-shutdown dgram *shut-rdwr*))))
         (socket-close s)"
    ));
    p.join().expect("peer");
    assert_eq!(out, ["raised", "raised", "raised", "raised"]);
}

#[test]
fn close_is_idempotent_and_every_later_use_raises() {
    let (l, port) = listener(false);
    let p = peer(move || read_to_end(accept(&l)));
    let out = run(&format!(
        "(define s (make-client-socket \"127.0.0.1\" \"{port}\"))
         (define in (socket-input-port s))
         (define out (socket-output-port s))
         (socket-close s)
         (socket-close s)
         (say (socket? s))
         (define (raises? thunk) (guard (e ((error-object? e) 'raised)) (thunk) 'returned))
         (say (raises? (lambda () (socket-send s (bytevector 1)))))
         (say (raises? (lambda () (socket-recv s 1))))
         (say (raises? (lambda () (socket-accept s))))
         (say (raises? (lambda () (socket-shutdown s *shut-rdwr*))))
         (say (raises? (lambda () (socket-input-port s))))
         (say (raises? (lambda () (socket-output-port s))))
         (say (raises? (lambda () (read-u8 in))))
         (say (raises? (lambda () (write-u8 1 out) (flush-output-port out))))"
    ));
    assert_eq!(out[0], "#t");
    assert!(out[1..].iter().all(|l| l == "raised"), "{out:?}");
    assert_eq!(out.len(), 9);
    assert_eq!(p.join().expect("peer"), b"", "closing sends nothing but FIN");
}

#[test]
fn accept_on_a_client_socket_raises() {
    let (l, port) = listener(false);
    let p = peer(move || read_to_end(accept(&l)));
    let out = run(&format!(
        "(define s (make-client-socket \"127.0.0.1\" \"{port}\"))
         (say (guard (e ((error-object? e) 'raised)) (socket-accept s) 'accepted))
         (socket-close s)"
    ));
    p.join().expect("peer");
    assert_eq!(out, ["raised"]);
}

#[test]
fn ports_are_fresh_binary_and_go_straight_to_the_socket() {
    let (l, port) = listener(false);
    let (tx, rx) = mpsc::channel::<()>();
    let p = peer(move || {
        let mut s = accept(&l);
        s.set_nodelay(true).expect("nodelay");
        for chunk in [&b"abc"[..], b"def", b"ghi"] {
            s.write_all(chunk).expect("chunk");
        }
        // Wait until the program has read "abcdefghi" and asked for more.
        let mut go = [0u8; 1];
        s.read_exact(&mut go).expect("go");
        s.write_all(b"JK").expect("more");
        rx.recv_timeout(DEADLINE).expect("program done");
        let mut written = [0u8; 6];
        s.read_exact(&mut written).expect("port output");
        written
    });
    let prog = Program::start(&format!(
        "(define s (make-client-socket \"127.0.0.1\" \"{port}\"))
         (define in (socket-input-port s))
         (say (eq? in (socket-input-port s)))
         (say (eq? (socket-output-port s) (socket-output-port s)))
         (say (binary-port? in) (textual-port? in) (input-port? in))
         (say (utf8->string (read-bytevector 9 in)))
         (say (u8-ready? in))
         (socket-send s (bytevector 1))
         (say (integer->char (peek-u8 in)))
         (close-port in)
         (say (utf8->string (socket-recv s 2 *msg-waitall*)))
         (define out (socket-output-port s))
         (write-bytevector (string->utf8 \"port\") out)
         (write-u8 (char->integer #\\!) out)
         (write-u8 (char->integer #\\!) out)
         (flush-output-port out)
         (close-port out)
         (say (socket? s))
         (say 'done)"
    ));
    let mut lines = Vec::new();
    for _ in 0..8 {
        lines.push(prog.line());
    }
    tx.send(()).expect("tell peer");
    let (rest, stderr, status) = prog.finish();
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(rest, ["done"]);
    assert_eq!(lines, ["#f", "#f", "#t#f#t", "abcdefghi", "#f", "J", "JK", "#t"]);
    assert_eq!(&p.join().expect("peer"), b"port!!");
}

#[test]
fn read_bytevector_stops_at_end_of_stream() {
    let (l, port) = listener(false);
    let p = peer(move || {
        let mut s = accept(&l);
        s.write_all(b"12345").expect("data");
    });
    let out = run(&format!(
        "(define s (make-client-socket \"127.0.0.1\" \"{port}\"))
         (define in (socket-input-port s))
         (say (utf8->string (read-bytevector 100 in)))
         (say (eof-object? (read-bytevector 100 in)))
         (say (eof-object? (read-u8 in)))"
    ));
    p.join().expect("peer");
    assert_eq!(out, ["12345", "#t", "#t"]);
}

#[test]
fn call_with_socket_returns_every_value_and_closes_only_on_return() {
    let (l, port) = listener(false);
    let p = peer(move || {
        let a = read_to_end(accept(&l));
        let b = read_to_end(accept(&l));
        let c = read_to_end(accept(&l));
        (a, b, c)
    });
    let out = run(&format!(
        "(define (connect) (make-client-socket \"127.0.0.1\" \"{port}\"))
         (define (raises? thunk) (guard (e ((error-object? e) 'raised)) (thunk) 'returned))
         (define s1 (connect))
         (call-with-values (lambda () (call-with-socket s1 (lambda (s) (values 1 2 3))))
           (lambda vals (say vals)))
         (say (raises? (lambda () (socket-send s1 (bytevector 1)))))
         (define s2 (connect))
         (say (call/cc (lambda (k) (call-with-socket s2 (lambda (s) (k 'escaped))))))
         (socket-send s2 (string->utf8 \"still-open\"))
         (socket-close s2)
         (define s3 (connect))
         (say (guard (e ((symbol? e) e)) (call-with-socket s3 (lambda (s) (raise 'raised)))))
         (socket-send s3 (string->utf8 \"open-after-raise\"))
         (socket-close s3)"
    ));
    assert_eq!(out, ["(1 2 3)", "raised", "escaped", "raised"]);
    let (a, b, c) = p.join().expect("peer");
    assert_eq!((a.as_slice(), b.as_slice(), c.as_slice()), (&b""[..], &b"still-open"[..], &b"open-after-raise"[..]));
}

#[test]
fn flags_merge_with_or_and_purge_with_and_not() {
    let out = run("(say (socket-merge-flags))
         (say (= (socket-merge-flags *msg-peek* *msg-oob*) (message-type peek oob)))
         (say (= (socket-purge-flags (message-type peek oob) *msg-oob*) *msg-peek*))
         (say (= (socket-purge-flags *msg-peek* *msg-oob*) *msg-peek*))
         (say (= (socket-purge-flags (socket-merge-flags *ai-v4mapped* *ai-addrconfig*) *ai-all* *ai-v4mapped*) *ai-addrconfig*))
         (say (= (message-type none) 0))
         (say (= (address-info v4mapped addrconfig) (socket-merge-flags *ai-v4mapped* *ai-addrconfig*)))");
    assert_eq!(out, ["0", "#t", "#t", "#t", "#t", "#t", "#t"]);
}

#[test]
fn constants_are_the_platforms_posix_values() {
    let names = [
        ("*af-unspec*", libc::AF_UNSPEC),
        ("*af-inet*", libc::AF_INET),
        ("*af-inet6*", libc::AF_INET6),
        ("*sock-stream*", libc::SOCK_STREAM),
        ("*sock-dgram*", libc::SOCK_DGRAM),
        ("*ai-canonname*", libc::AI_CANONNAME),
        ("*ai-numerichost*", libc::AI_NUMERICHOST),
        ("*ai-v4mapped*", libc::AI_V4MAPPED),
        ("*ai-all*", libc::AI_ALL),
        ("*ai-addrconfig*", libc::AI_ADDRCONFIG),
        ("*ipproto-ip*", libc::IPPROTO_IP),
        ("*ipproto-tcp*", libc::IPPROTO_TCP),
        ("*ipproto-udp*", libc::IPPROTO_UDP),
        ("*msg-peek*", libc::MSG_PEEK),
        ("*msg-oob*", libc::MSG_OOB),
        ("*msg-waitall*", libc::MSG_WAITALL),
        ("*shut-rd*", libc::SHUT_RD),
        ("*shut-wr*", libc::SHUT_WR),
        ("*shut-rdwr*", libc::SHUT_RDWR),
    ];
    let body: String = names.iter().map(|(n, _)| format!("(say (exact-integer? {n}) \" \" {n})\n")).collect();
    let out = run(&body);
    let expected: Vec<String> = names.iter().map(|(_, v)| format!("#t {v}")).collect();
    assert_eq!(out, expected);
}

#[rstest]
#[case::refused("(make-client-socket \"127.0.0.1\" PORT)", "cannot connect to node \"127.0.0.1\" service")]
#[case::numerichost_with_a_name(
    "(make-client-socket \"localhost\" PORT *af-inet* *sock-stream* (address-info numerichost))",
    "cannot resolve node \"localhost\""
)]
#[case::unknown_service(
    "(make-client-socket \"127.0.0.1\" \"no-such-service\")",
    "cannot resolve node \"127.0.0.1\" service \"no-such-service\""
)]
#[case::service_name_resolves(
    "(make-client-socket \"127.0.0.1\" \"tcpmux\")",
    "cannot connect to node \"127.0.0.1\" service \"tcpmux\""
)]
#[case::integer_service(
    "(make-client-socket \"127.0.0.1\" 80)",
    "make-client-socket: argument 2: expected a string, got"
)]
#[case::false_node("(make-client-socket #f PORT)", "make-client-socket: argument 1: expected a string, got")]
#[case::not_a_socket("(socket-recv 'nope 10)", "socket-recv: argument 1: expected a socket, got")]
#[case::zero_size("(socket-recv (make-server-socket \"0\") 0)", "socket-recv: argument 2 is out of range")]
#[case::bad_flags(
    "(socket-send (make-server-socket \"0\") (bytevector) 'peek)",
    "socket-send: argument 3: expected an exact integer, got"
)]
#[case::arity("(socket-close)", "socket-close: expected 1 argument, got 0")]
fn errors_are_error_objects_naming_the_procedure(#[case] expr: &str, #[case] message: &str) {
    // A port nothing listens on: bound, never listening.
    let holder = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP)).expect("socket");
    holder.bind(&"127.0.0.1:0".parse::<SocketAddr>().expect("addr").into()).expect("bind");
    let port = holder.local_addr().expect("addr").as_socket().expect("inet").port();
    let expr = expr.replace("PORT", &format!("\"{port}\""));
    let out = run(&format!(
        "(guard (e ((error-object? e) (say 'error-object) (say (error-object-message e))))
           {expr}
           (say 'no-error))"
    ));
    assert_eq!(out[0], "error-object", "{out:?}");
    assert!(out[1].contains(message), "{out:?}");
}

#[test]
fn flag_syntax_errors_happen_at_expansion() {
    for (body, message) in [
        ("(message-type waitall)", "message-type: unknown name `waitall`"),
        ("(shutdown-method read read)", "shutdown-method: the name `read` is repeated"),
        ("(address-family)", "address-family: expected a name"),
        ("(socket-domain stream datagram)", "socket-domain: takes exactly one name"),
        ("(ip-protocol 6)", "ip-protocol: expected a name, got 6"),
    ] {
        // The error is raised before the program runs anything.
        let (lines, stderr, status) = Program::start(&format!("(say 'ran)\n(define (f) {body})")).finish();
        assert_eq!(status, 70);
        assert_eq!(lines, ["ran"]);
        assert!(stderr.contains(message), "{stderr}");
        let _ = body;
    }
}
