//! No file descriptor leaks: a program opens 10,000 sockets — closing
//! half, dropping the rest unclosed, with ports made from some — and the
//! process's descriptor count returns to where it started. (Its own test
//! binary, so no other test opens descriptors meanwhile.)

use std::net::TcpListener;

use srfi106_reference::program::with_stack;
use srfi106_reference::{Options, Session};

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").expect("read /proc/self/fd").count()
}

#[test]
fn ten_thousand_sockets_leave_no_descriptor_behind() {
    // A deep backlog, so a busy acceptor never makes connects wait for a
    // SYN to be retransmitted.
    let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).expect("socket");
    socket.bind(&std::net::SocketAddr::from(([127, 0, 0, 1], 0)).into()).expect("bind");
    socket.listen(4096).expect("listen");
    let listener: TcpListener = socket.into();
    let port = listener.local_addr().expect("addr").port();
    const CONNECTIONS: usize = 4000;
    let program = format!(
        "(import (scheme base) (srfi 106))
         (define (connect) (make-client-socket \"127.0.0.1\" \"{port}\"))
         (do ((i 0 (+ i 1))) ((= i 2000))
           (let ((s (connect)))
             (socket-input-port s)
             (socket-close s)))
         (do ((i 0 (+ i 1))) ((= i 2000))
           (let ((s (connect)))
             (close-port (socket-output-port s))))
         (do ((i 0 (+ i 1))) ((= i 3000))
           (socket-close (make-server-socket \"0\")))
         (do ((i 0 (+ i 1))) ((= i 3000))
           (make-server-socket \"0\" *af-inet* *sock-dgram*))"
    );
    let before = open_fds();
    let status = std::thread::scope(|scope| {
        scope.spawn(|| {
            for _ in 0..CONNECTIONS {
                drop(listener.accept().expect("accept"));
            }
        });
        with_stack(64 << 20, move || {
            let mut session = Session::new(Options { stack_size: 64 << 20, ..Options::default() }, false);
            session.run_program(&program, "fd.scm")
        })
    });
    assert_eq!(status, 0);
    assert_eq!(open_fds(), before, "descriptors leaked");
}
