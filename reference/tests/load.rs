//! Load: one `srfi106-scheme` server accepts 10,000 sequential
//! connections and holds 500 of them open at once; every byte is
//! accounted for at both ends, and the server's descriptors are back to
//! their number at start when it is done.
//!
//! The server keeps a ring of `HOLD` accepted sockets: accepting
//! connection i serves connection i - HOLD (receives its 64-byte request,
//! sends the request with each byte plus one, closes it) to make room.
//! This side connects and sends request i, and once HOLD connections are
//! outstanding reads the reply of the oldest, checks it byte by byte and
//! reads its end of stream. The figures (connections per second, peak
//! descriptors) are printed; nothing here is timed against a target.
//! Run with `--nocapture` to see them.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

const SCHEME: &str = env!("CARGO_BIN_EXE_srfi106-scheme");
const CONNECTIONS: usize = 10_000;
const HOLD: usize = 500;
const SIZE: usize = 64;
/// The longest any one read or connect may wait.
const DEADLINE: Duration = Duration::from_secs(30);

const SERVER: &str = r#"
(import (scheme base) (scheme write) (scheme process-context) (srfi 106))
(define args (command-line))
(define port (list-ref args 1))
(define total (string->number (list-ref args 2)))
(define hold (string->number (list-ref args 3)))
(define size (string->number (list-ref args 4)))
(define (say . xs) (for-each display xs) (newline) (flush-output-port))
(define srv (guard (e (#t (say "bind-failed") (exit 3))) (make-server-socket port)))
(define received 0)
(define sent 0)
(define (recv-exactly s n)
  (let loop ((parts '()) (got 0))
    (if (= got n)
        (apply bytevector-append (reverse parts))
        (let ((b (socket-recv s (- n got))))
          (when (= (bytevector-length b) 0) (error "early end of stream after" got))
          (loop (cons b parts) (+ got (bytevector-length b)))))))
(define (serve s)
  (let* ((request (recv-exactly s size))
         (reply (make-bytevector size)))
    (set! received (+ received size))
    (do ((i 0 (+ i 1))) ((= i size))
      (bytevector-u8-set! reply i (modulo (+ 1 (bytevector-u8-ref request i)) 256)))
    (let send ((from 0))
      (when (< from size)
        (send (+ from (socket-send s (bytevector-copy reply from))))))
    (set! sent (+ sent size))
    (socket-close s)))
(define ring (make-vector hold #f))
(say "ready")
(do ((i 0 (+ i 1))) ((= i total))
  (let ((s (socket-accept srv)))
    (when (>= i hold) (serve (vector-ref ring (modulo i hold))))
    (vector-set! ring (modulo i hold) s)))
(do ((i (max 0 (- total hold)) (+ i 1))) ((= i total))
  (serve (vector-ref ring (modulo i hold))))
(say "done " received " " sent)
;; One more connection says the descriptors were counted.
(socket-close (socket-accept srv))
(socket-close srv)
"#;

/// The number of open descriptors of process `pid`.
fn descriptors(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd")).expect("read the fd directory").count()
}

/// A port that was free a moment ago (the server may find it taken: the
/// run is then retried with another).
fn some_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// The request of connection `i`: its number, then a pattern.
fn request(i: usize) -> [u8; SIZE] {
    let mut r = [0u8; SIZE];
    r[..8].copy_from_slice(&(i as u64).to_le_bytes());
    for (k, b) in r[8..].iter_mut().enumerate() {
        *b = ((i * 31 + k * 7) % 256) as u8;
    }
    r
}

fn connect(port: u16) -> TcpStream {
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let s = TcpStream::connect_timeout(&addr, DEADLINE).expect("connect to the server");
    s.set_read_timeout(Some(DEADLINE)).expect("timeout");
    s.set_nodelay(true).expect("nodelay");
    s
}

/// Reads the reply of connection `i` and its end of stream.
fn check_reply(i: usize, mut s: TcpStream) -> usize {
    let mut reply = [0u8; SIZE];
    s.read_exact(&mut reply).unwrap_or_else(|e| panic!("reply of connection {i}: {e}"));
    let expected: Vec<u8> = request(i).iter().map(|b| b.wrapping_add(1)).collect();
    assert_eq!(reply.to_vec(), expected, "reply of connection {i}");
    let mut rest = Vec::new();
    s.read_to_end(&mut rest).unwrap_or_else(|e| panic!("end of stream of connection {i}: {e}"));
    assert!(rest.is_empty(), "connection {i}: {} bytes after the reply", rest.len());
    SIZE
}

struct Server {
    child: Child,
    lines: std::io::Lines<BufReader<ChildStdout>>,
}

impl Server {
    fn line(&mut self) -> String {
        match self.lines.next() {
            Some(Ok(line)) => line,
            other => panic!("the server said nothing more ({other:?}); status {:?}", self.child.try_wait()),
        }
    }
}

/// Starts the server on a free port and waits for it to be ready.
fn start(file: &std::path::Path) -> (Server, u16) {
    for _ in 0..5 {
        let port = some_port();
        let mut child = Command::new(SCHEME)
            .arg(file)
            .args([port.to_string(), CONNECTIONS.to_string(), HOLD.to_string(), SIZE.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the server");
        let stdout = child.stdout.take().expect("piped");
        let mut server = Server { child, lines: BufReader::new(stdout).lines() };
        match server.line().as_str() {
            "ready" => return (server, port),
            "bind-failed" => {
                let _ = server.child.wait();
            }
            other => panic!("the server said {other:?}"),
        }
    }
    panic!("no free port in 5 attempts")
}

#[test]
fn ten_thousand_connections_with_five_hundred_held() {
    let mut file = tempfile::Builder::new().suffix(".scm").tempfile().expect("temp file");
    file.write_all(SERVER.as_bytes()).expect("write the server");
    let (mut server, port) = start(file.path());
    let pid = server.child.id();
    let at_start = descriptors(pid);

    let begin = Instant::now();
    let mut outstanding = std::collections::VecDeque::new();
    let (mut sent, mut received, mut peak) = (0usize, 0usize, at_start);
    for i in 0..CONNECTIONS {
        let mut s = connect(port);
        s.write_all(&request(i)).unwrap_or_else(|e| panic!("request of connection {i}: {e}"));
        sent += SIZE;
        outstanding.push_back((i, s));
        if outstanding.len() > HOLD {
            let (j, oldest) = outstanding.pop_front().expect("outstanding");
            received += check_reply(j, oldest);
            if j == 0 {
                // The server now holds connections 1..=HOLD.
                peak = descriptors(pid);
            }
        }
    }
    while let Some((j, s)) = outstanding.pop_front() {
        received += check_reply(j, s);
    }
    let took = begin.elapsed();

    let done = server.line();
    assert_eq!(done, format!("done {} {}", CONNECTIONS * SIZE, CONNECTIONS * SIZE), "the server's account");
    assert_eq!((sent, received), (CONNECTIONS * SIZE, CONNECTIONS * SIZE), "this side's account");
    let at_end = descriptors(pid);
    drop(connect(port));
    let status = server.child.wait().expect("wait for the server");
    assert!(status.success(), "the server ended with {status}");

    eprintln!(
        "load: {CONNECTIONS} connections, {HOLD} held at once, {} bytes each way, in {:.2} s ({:.0} connections/s); \
         server descriptors: {at_start} at start, {peak} at peak, {at_end} at the end",
        CONNECTIONS * SIZE,
        took.as_secs_f64(),
        CONNECTIONS as f64 / took.as_secs_f64(),
    );
    assert!(peak >= at_start + HOLD, "the server held {} connections at once, not {HOLD}", peak - at_start);
    assert_eq!(at_end, at_start, "the server's descriptors are back to their number at start");
}
