//! Hostile input to `srfi106-scheme`: deeply nested source, huge literals,
//! a 100 MB string, runaway recursion, a program that opens sockets until
//! the fd limit, and the `--max-steps` / `--max-allocation` limits. Each
//! must end in a clear message and a non-zero exit (or, where the program
//! asked for something large but possible, succeed) — never a crash, a
//! hang or memory beyond what the program asked for.
//!
//! Each program runs under an address-space cap (`ulimit -v`): a memory
//! blow-up past it would make the run fail, so the cap is the bound the
//! test checks. The caps leave room for the interpreter thread's 768 MiB
//! stack reservation, which is address space, not memory used.

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const SCHEME: &str = env!("CARGO_BIN_EXE_srfi106-scheme");

/// Runs `srfi106-scheme FILE ARGS...` on `program` with the address
/// space capped at `cap_mib` MiB and at most `fds` open files.
fn run_capped(program: &str, args: &[&str], cap_mib: u64, fds: u32) -> (Output, Duration) {
    let mut file = tempfile::Builder::new().suffix(".scm").tempfile().expect("temp file");
    file.write_all(program.as_bytes()).expect("write program");
    let script = format!("ulimit -v {}; ulimit -n {fds}; exec \"$0\" \"$@\"", cap_mib * 1024);
    let start = Instant::now();
    let out = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(SCHEME)
        .arg(file.path())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run srfi106-scheme");
    (out, start.elapsed())
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The run ended with `status` (not a signal), and its standard error
/// holds `message`.
fn ended(out: &Output, status: i32, message: &str) {
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(status), "stdout: {}\nstderr: {}", text(&out.stdout), stderr);
    assert!(stderr.contains(message), "stderr: {stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"), "stderr: {stderr}");
}

#[test]
fn a_million_open_parentheses_is_a_read_error() {
    let program = format!("(import (scheme base))\n{}", "(".repeat(1_000_000));
    let (out, _) = run_capped(&program, &[], 1536, 64);
    ended(&out, 65, ":2:1000000: unexpected end of input: this list is not finished");
}

#[test]
fn a_million_nested_combinations_are_refused() {
    let program = format!("(import (scheme base))\n{}{}", "(".repeat(1_000_000), ")".repeat(1_000_000));
    let (out, _) = run_capped(&program, &[], 2048, 64);
    ended(&out, 70, "empty combination `()`");
}

#[test]
fn a_million_nested_literal_lists_are_data() {
    let program = format!(
        "(import (scheme base) (scheme write))\n(display (length (quote {}{})))",
        "(".repeat(1_000_000),
        ")".repeat(1_000_000)
    );
    let (out, _) = run_capped(&program, &[], 2048, 64);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "1");
}

#[test]
fn a_100_mb_string_literal_is_read() {
    let program =
        format!("(import (scheme base) (scheme write))\n(display (string-length \"{}\"))", "a".repeat(100_000_000));
    // 100 MB of source, and the string's 400 MB of characters.
    let (out, _) = run_capped(&program, &[], 2560, 64);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "100000000");
}

#[test]
fn a_100_mb_string_is_made_and_used() {
    let program = "(import (scheme base) (scheme write))
                   (define s (make-string 100000000 #\\a))
                   (string-set! s 99999999 #\\z)
                   (display (string-length s)) (display (string-ref s 99999999))";
    let (out, _) = run_capped(program, &[], 2048, 64);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "100000000z");
}

#[test]
fn huge_literals_outside_the_dialect_are_read_errors() {
    let program = format!("(import (scheme base))\n(display {})", "9".repeat(100_000));
    let (out, _) = run_capped(&program, &[], 1536, 64);
    ended(&out, 65, ":2:10: integer `999");
}

#[test]
fn impossible_sizes_are_scheme_errors() {
    for (expr, message) in [
        ("(make-vector 1000000000000)", "make-vector: cannot allocate 1000000000000 elements"),
        ("(make-string 4611686018427387904)", "make-string: cannot allocate 4611686018427387904 elements"),
        ("(make-bytevector 100000000000 0)", "make-bytevector: cannot allocate 100000000000 elements"),
        ("(make-list 10000000000)", "make-list: cannot allocate 10000000000 elements"),
    ] {
        let (out, _) = run_capped(&format!("(import (scheme base))\n{expr}"), &[], 2048, 64);
        ended(&out, 70, message);
    }
}

#[test]
fn runaway_recursion_is_a_catchable_error() {
    let program = "(import (scheme base) (scheme write))
                   (define (f) (+ 1 (f)))
                   (display (guard (e ((error-object? e) (error-object-message e))) (f)))";
    let (out, _) = run_capped(program, &[], 2048, 64);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "recursion too deep: the evaluation stack is exhausted");
    let (out, _) = run_capped("(import (scheme base)) (define (f) (+ 1 (f))) (f)", &[], 2048, 64);
    ended(&out, 70, "error: recursion too deep");
}

/// A UDP port for client sockets to connect to (no datagram is sent):
/// bound here, so nothing else has it.
fn udp_port() -> (std::net::UdpSocket, String) {
    let s = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind");
    let port = s.local_addr().expect("addr").port().to_string();
    (s, port)
}

#[test]
fn opening_sockets_until_the_fd_limit_is_a_clear_error() {
    let (_held, port) = udp_port();
    let program = "(import (scheme base) (scheme process-context) (srfi 106))
                   (define port (cadr (command-line)))
                   (let loop ((kept '()))
                     (loop (cons (make-client-socket \"127.0.0.1\" port (address-family inet)
                                                     (socket-domain datagram))
                                 kept)))";
    let (out, took) = run_capped(program, &[&port], 2048, 64);
    ended(&out, 70, "make-client-socket: cannot connect to node \"127.0.0.1\" service");
    assert!(text(&out.stderr).contains("too many open files"), "{}", text(&out.stderr));
    assert!(took < Duration::from_secs(30), "took {took:?}");
}

#[test]
fn a_program_recovers_from_the_fd_limit_by_closing() {
    let (_held, port) = udp_port();
    let program = "(import (scheme base) (scheme write) (scheme process-context) (srfi 106))
                   (define port (cadr (command-line)))
                   (define (open) (make-client-socket \"127.0.0.1\" port (address-family inet)
                                                      (socket-domain datagram)))
                   (define kept '())
                   (guard (e ((error-object? e) (display (> (length kept) 40))))
                     (let loop () (set! kept (cons (open) kept)) (loop)))
                   (for-each socket-close kept)
                   (display (socket? (open)))";
    let (out, _) = run_capped(program, &[&port], 2048, 64);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "#t#t");
}

#[test]
fn step_and_allocation_limits_end_programs_their_handlers_cannot_catch() {
    let steps = Command::new(SCHEME)
        .args(["--max-steps", "10000", "-e", "(guard (e (#t 'caught)) (let loop () (loop)))"])
        .output()
        .expect("run");
    ended(&steps, 70, "error: the program exceeded its limit of 10000 evaluation steps");
    assert_eq!(text(&steps.stdout), "");
    // A `do` loop is not a procedure call: its iterations count too.
    let do_steps = Command::new(SCHEME)
        .args(["--max-steps", "10000", "-e", "(guard (e (#t 'caught)) (do () (#f)))"])
        .output()
        .expect("run");
    ended(&do_steps, 70, "error: the program exceeded its limit of 10000 evaluation steps");
    let allocation = Command::new(SCHEME)
        .args(["--max-allocation=1000000", "-e", "(let loop ((s \"ab\")) (loop (string-append s s)))"])
        .output()
        .expect("run");
    ended(&allocation, 70, "error: the program exceeded its limit of 1000000 bytes of allocation");
    let within = Command::new(SCHEME).args(["--max-steps", "10000", "-e", "(+ 1 2)"]).output().expect("run");
    assert_eq!((within.status.code(), text(&within.stdout)), (Some(0), "3\n".to_string()));
    let bad = Command::new(SCHEME).args(["--max-steps", "lots", "-e", "1"]).output().expect("run");
    ended(&bad, 64, "--max-steps must be a positive integer, not `lots`");
}
