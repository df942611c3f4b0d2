;;; Tests for the SRFI 106 library for Guile 3.0
;;;
;;;   guile --r7rs --no-auto-compile -L conformance/shims/guile \
;;;         conformance/shims/guile/tests/run-tests.scm
;;;
;;; Loopback only (127.0.0.1 and ::1); every port number comes from the
;;; OS (a socket bound to port 0).  Every test runs in its own thread
;;; and is given a deadline; peers run in threads joined with deadlines;
;;; a watchdog ends the whole run if it takes too long.  No sleeping is
;;; used for synchronisation.

(import (scheme base)
        (scheme write)
        (scheme eval)
        (scheme process-context)
        (srfi 106)
        (only (guile)
              socket bind listen accept connect getsockname getpeername
              sockaddr:port sockaddr:addr sockaddr:fam
              select recv! send recvfrom! sendto setsockopt getsockopt inet-pton
              close-port fileno
              AF_INET AF_INET6 SOCK_STREAM SOCK_DGRAM INADDR_LOOPBACK
              INADDR_ANY SOL_SOCKET SO_LINGER SO_REUSEADDR
              gettimeofday sleep primitive-exit force-output
              module-ref resolve-module)
        (only (ice-9 threads) call-with-new-thread join-thread yield))

;;;
;;; Harness
;;;

(define passed 0)
(define failed 0)
(define expected-failures '())

(define (deadline secs)
  (let ((now (gettimeofday)))
    (cons (+ (car now) secs) (cdr now))))

(define (show . xs)
  (for-each display xs)
  (newline)
  (force-output (current-output-port)))

;; Run THUNK in a thread; return (ok . value), (exn . condition) or
;; (timeout).
(define (run-with-deadline secs thunk)
  (let ((t (call-with-new-thread
            (lambda ()
              (guard (e (#t (cons 'exn e)))
                (cons 'ok (thunk)))))))
    (join-thread t (deadline secs) '(timeout))))

(define (describe-condition e)
  (if (error-object? e)
      (let ((m (error-object-message e)))
        (if m
            (string-append m " " (let ((p (open-output-string)))
                                   (write (error-object-irritants e) p)
                                   (get-output-string p)))
            (let ((p (open-output-string))) (write e p) (get-output-string p))))
      (let ((p (open-output-string))) (write e p) (get-output-string p))))

(define (record! name result expect-failure)
  (let ((ok (and (eq? (car result) 'ok) (eq? (cdr result) #t))))
    (cond
     ((and ok (not expect-failure))
      (set! passed (+ passed 1))
      (show "PASS " name))
     ((and (not ok) expect-failure)
      (set! expected-failures (cons name expected-failures))
      (show "XFAIL " name " -- " expect-failure))
     (ok
      (set! failed (+ failed 1))
      (show "FAIL " name " (unexpectedly passed; expected failure: "
            expect-failure ")"))
     (else
      (set! failed (+ failed 1))
      (case (car result)
        ((timeout) (show "FAIL " name " -- deadline exceeded"))
        ((exn) (show "FAIL " name " -- raised: "
                     (describe-condition (cdr result))))
        (else (show "FAIL " name " -- returned "
                    (let ((p (open-output-string)))
                      (write (cdr result) p)
                      (get-output-string p)))))))))

(define-syntax test
  (syntax-rules ()
    ((_ name body ...)
     (record! name (run-with-deadline 30 (lambda () body ...)) #f))))

(define-syntax test/deadline
  (syntax-rules ()
    ((_ secs name body ...)
     (record! name (run-with-deadline secs (lambda () body ...)) #f))))

;; A test that documents a known limitation of Guile 3.0.8.
(define-syntax test/xfail
  (syntax-rules ()
    ((_ reason name body ...)
     (record! name (run-with-deadline 30 (lambda () body ...)) reason))))

;; Watchdog: the whole run must finish in time.
(call-with-new-thread
 (lambda ()
   (sleep 600)
   (show "watchdog: the test run exceeded its deadline")
   (primitive-exit 3)))

;;;
;;; Helpers
;;;

(define (string-prefix? prefix s)
  (and (<= (string-length prefix) (string-length s))
       (string=? prefix (substring s 0 (string-length prefix)))))

;; #t if THUNK raises an R7RS error object whose message names WHO.
(define (raises? who thunk)
  (guard (e ((error-object? e)
             (let ((m (error-object-message e)))
               (or (and (string? m) (string-prefix? (string-append who ":") m))
                   (begin (show "   unexpected message: " m) #f))))
            (#t (show "   not an error object: " (describe-condition e)) #f))
    (thunk)
    (show "   no error raised")
    #f))

(define (raises-any? thunk)
  (guard (e (#t #t)) (thunk) #f))

(define (u8 . xs) (apply bytevector xs))
(define (str->bv s) (string->utf8 s))

(define loopback6 (inet-pton AF_INET6 "::1"))

;; A port number chosen by the OS: bind to port 0, read it, close.
(define (free-port family type)
  (let ((s (socket family type 0)))
    (if (= family AF_INET)
        (bind s AF_INET INADDR_LOOPBACK 0)
        (bind s AF_INET6 loopback6 0))
    (let ((p (sockaddr:port (getsockname s))))
      (close-port s)
      p)))

(define (free-service family type)
  (number->string (free-port family type)))

;; A SRFI 106 TCP server, a client connected to it and the accepted
;; socket.  FAMILY is for the server and client; HOST is what the client
;; connects to.
(define (tcp-trio family host)
  (let* ((service (free-service (if (= family *af-inet6*) AF_INET6 AF_INET)
                                SOCK_STREAM))
         (server (make-server-socket service family))
         (client (make-client-socket host service family))
         (accepted (socket-accept server)))
    (list server client accepted)))

(define-syntax with-trio
  (syntax-rules ()
    ((_ (server client accepted) family host body ...)
     (let* ((trio (tcp-trio family host))
            (server (car trio))
            (client (cadr trio))
            (accepted (caddr trio)))
       (let ((result (begin body ...)))
         (for-each socket-close trio)
         result)))))

;; Read exactly N bytes with socket-recv (fewer at end of stream).
(define (recv-exactly s n)
  (let ((out (open-output-bytevector)))
    (let loop ((got 0))
      (if (>= got n)
          (get-output-bytevector out)
          (let ((bv (socket-recv s (min 65536 (- n got)))))
            (if (zero? (bytevector-length bv))
                (get-output-bytevector out)
                (begin (write-bytevector bv out)
                       (loop (+ got (bytevector-length bv))))))))))

;; Run THUNK in a peer thread; return a procedure that joins it (with a
;; deadline) and returns its value, or raises what it raised.
(define (spawn thunk)
  (let ((t (call-with-new-thread
            (lambda ()
              (guard (e (#t (cons 'exn e)))
                (cons 'ok (thunk)))))))
    (lambda ()
      (let ((r (join-thread t (deadline 30) '(timeout))))
        (case (car r)
          ((ok) (cdr r))
          ((exn) (raise (cdr r)))
          (else (error "peer thread: deadline exceeded")))))))

;; Wait (with a deadline) until a native socket is readable.
(define (wait-readable sock secs)
  (let ((r (select (list sock) '() '() secs)))
    (if (null? (car r))
        (error "native peer: deadline exceeded")
        #t)))

;; White-box access to the Guile socket port inside a SRFI 106 socket
;; (only to observe what the SRFI interface cannot show).
(define private-port
  (eval '(lambda (s) (%socket-port s)) (resolve-module '(srfi srfi-106))))

(define env (environment '(scheme base) '(srfi 106)))

(define (expansion-error? form who name)
  (guard (e (#t (let ((m (condition-message e)))
                  (and (string? m)
                       (string-prefix? (string-append who ":") m)
                       (or (not name)
                           (string-search name m))))))
    ;; FORM is wrapped in a lambda that is never called: the error must
    ;; come from expansion.
    (eval `(lambda () ,form) env)
    #f))

(define (condition-message e)
  (and (error-object? e) (error-object-message e)))

(define (string-search needle hay)
  (let ((n (string-length needle)) (h (string-length hay)))
    (let loop ((i 0))
      (cond ((> (+ i n) h) #f)
            ((string=? needle (substring hay i (+ i n))) #t)
            (else (loop (+ i 1)))))))

;;;
;;; Library names
;;;

(test "R7RS (srfi 106), R6RS (srfi :106) and (srfi :106 socket) are one library"
  (let ((a (eval 'socket-recv (environment '(srfi 106))))
        (b (eval 'socket-recv (environment '(rnrs) '(srfi :106))))
        (c (eval 'socket-recv (environment '(rnrs) '(srfi :106 socket))))
        (d (eval 'socket-recv (environment '(srfi srfi-106)))))
    (and (eq? a socket-recv) (eq? b a) (eq? c a) (eq? d a)
         (= 10 (eval '(address-family inet6)
                     (environment '(rnrs) '(srfi :106)))))))

;;;
;;; Constants
;;;

(test "constants are the platform (Linux) values"
  (equal? (list *af-unspec* *af-inet* *af-inet6* *sock-stream* *sock-dgram*
                *ai-canonname* *ai-numerichost* *ai-v4mapped* *ai-all*
                *ai-addrconfig* *ipproto-ip* *ipproto-tcp* *ipproto-udp*
                *msg-peek* *msg-oob* *msg-waitall*
                *shut-rd* *shut-wr* *shut-rdwr*)
          '(0 2 10 1 2 2 4 8 16 32 0 6 17 2 1 256 0 1 2)))

(test "constants are exact integers"
  (let loop ((l (list *af-unspec* *af-inet* *af-inet6* *sock-stream*
                      *sock-dgram* *ai-canonname* *ai-numerichost*
                      *ai-v4mapped* *ai-all* *ai-addrconfig* *ipproto-ip*
                      *ipproto-tcp* *ipproto-udp* *msg-peek* *msg-oob*
                      *msg-waitall* *shut-rd* *shut-wr* *shut-rdwr*)))
    (or (null? l) (and (exact-integer? (car l)) (loop (cdr l))))))

;;;
;;; Flag syntax
;;;

(test "address-family names"
  (and (= (address-family inet) *af-inet*)
       (= (address-family inet6) *af-inet6*)
       (= (address-family unspec) *af-unspec*)))

(test "address-info names (canoname, canonname, numerichost, v4mapped, all, addrconfig)"
  (and (= (address-info canoname) *ai-canonname*)
       (= (address-info canonname) *ai-canonname*)
       (= (address-info numerichost) *ai-numerichost*)
       (= (address-info v4mapped) *ai-v4mapped*)
       (= (address-info all) *ai-all*)
       (= (address-info addrconfig) *ai-addrconfig*)))

(test "address-info merges several names"
  (and (= (address-info v4mapped addrconfig)
          (socket-merge-flags *ai-v4mapped* *ai-addrconfig*))
       (= (address-info addrconfig v4mapped)
          (socket-merge-flags *ai-v4mapped* *ai-addrconfig*))
       (= (address-info canoname numerichost v4mapped all addrconfig)
          (socket-merge-flags *ai-canonname* *ai-numerichost* *ai-v4mapped*
                              *ai-all* *ai-addrconfig*))))

(test "socket-domain names"
  (and (= (socket-domain stream) *sock-stream*)
       (= (socket-domain datagram) *sock-dgram*)))

(test "ip-protocol names"
  (and (= (ip-protocol ip) *ipproto-ip*)
       (= (ip-protocol tcp) *ipproto-tcp*)
       (= (ip-protocol udp) *ipproto-udp*)))

(test "message-type names (none is 0)"
  (and (eqv? (message-type none) 0)
       (= (message-type peek) *msg-peek*)
       (= (message-type oob) *msg-oob*)
       (= (message-type wait-all) *msg-waitall*)))

(test "message-type merges several names, none combines"
  (and (= (message-type peek oob) (socket-merge-flags *msg-peek* *msg-oob*))
       (= (message-type peek wait-all)
          (socket-merge-flags *msg-peek* *msg-waitall*))
       (= (message-type none peek) *msg-peek*)
       (= (message-type oob none) *msg-oob*)))

(test "shutdown-method: read, write, both in either order is *shut-rdwr*"
  (and (= (shutdown-method read) *shut-rd*)
       (= (shutdown-method write) *shut-wr*)
       (= (shutdown-method read write) *shut-rdwr*)
       (= (shutdown-method write read) *shut-rdwr*)))

(test "unknown name is an expansion-time error naming operator and name"
  (and (expansion-error? '(address-family inet7) "address-family" "inet7")
       (expansion-error? '(address-info canonicalname) "address-info"
                         "canonicalname")
       (expansion-error? '(socket-domain raw) "socket-domain" "raw")
       (expansion-error? '(ip-protocol icmp) "ip-protocol" "icmp")
       (expansion-error? '(message-type peek dontwait) "message-type"
                         "dontwait")
       (expansion-error? '(shutdown-method both) "shutdown-method" "both")))

(test "repeated name is an expansion-time error"
  (and (expansion-error? '(address-info all all) "address-info" "all")
       (expansion-error? '(message-type peek oob peek) "message-type" "peek")
       (expansion-error? '(message-type none none) "message-type" "none")
       (expansion-error? '(shutdown-method read read) "shutdown-method"
                         "read")
       (expansion-error? '(shutdown-method write read write)
                         "shutdown-method" "write")))

(test "no name is an expansion-time error"
  (and (expansion-error? '(address-family) "address-family" #f)
       (expansion-error? '(address-info) "address-info" #f)
       (expansion-error? '(socket-domain) "socket-domain" #f)
       (expansion-error? '(ip-protocol) "ip-protocol" #f)
       (expansion-error? '(message-type) "message-type" #f)
       (expansion-error? '(shutdown-method) "shutdown-method" #f)))

(test "single-valued flag syntax rejects several names"
  (and (expansion-error? '(address-family inet inet6) "address-family" #f)
       (expansion-error? '(socket-domain stream datagram) "socket-domain" #f)
       (expansion-error? '(ip-protocol tcp udp) "ip-protocol" #f)))

;;;
;;; socket-merge-flags / socket-purge-flags
;;;

(test "socket-merge-flags is inclusive or"
  (and (eqv? (socket-merge-flags) 0)
       (= (socket-merge-flags 1) 1)
       (= (socket-merge-flags 1 2 4) 7)
       (= (socket-merge-flags 3 6) 7)
       (= (socket-merge-flags *msg-peek* *msg-peek*) *msg-peek*)))

(test "socket-purge-flags is and-not (purging an unset flag is a no-op)"
  (and (= (socket-purge-flags 7 2) 5)
       (= (socket-purge-flags 5 2) 5)          ; xor would give 7
       (= (socket-purge-flags 6 3) 4)          ; xor would give 5
       (= (socket-purge-flags 7) 7)
       (= (socket-purge-flags (address-info v4mapped addrconfig)
                              *ai-v4mapped* *ai-canonname*)
          *ai-addrconfig*)))

(test "merge/purge reject non-integers with an error object"
  (and (raises? "socket-merge-flags" (lambda () (socket-merge-flags 1 'x)))
       (raises? "socket-purge-flags" (lambda () (socket-purge-flags "7" 1)))))

;;;
;;; TCP client and server
;;;

(test "TCP over IPv4: server, client, accept, send return value, recv"
  (with-trio (server client accepted) *af-inet* "127.0.0.1"
    (and (socket? server) (socket? client) (socket? accepted)
         (not (eq? accepted server))
         (= (socket-send client (str->bv "hello")) 5)
         (equal? (recv-exactly accepted 5) (str->bv "hello"))
         (= (socket-send accepted (str->bv "world!")) 6)
         (equal? (recv-exactly client 6) (str->bv "world!")))))

(test "TCP over IPv6 (::1, *af-inet6*)"
  (with-trio (server client accepted) *af-inet6* "::1"
    (and (= (socket-send client (str->bv "v6")) 2)
         (equal? (recv-exactly accepted 2) (str->bv "v6"))
         (= (socket-send accepted (str->bv "ok")) 2)
         (equal? (recv-exactly client 2) (str->bv "ok")))))

(test "*af-unspec* server accepts IPv4 and IPv6 clients; unspec client"
  (let* ((service (free-service AF_INET6 SOCK_STREAM))
         (server (make-server-socket service *af-unspec*))
         (c4 (make-client-socket "127.0.0.1" service *af-unspec*))
         (a4 (socket-accept server))
         (c6 (make-client-socket "::1" service *af-unspec*))
         (a6 (socket-accept server))
         (ok (and (= 1 (socket-send c4 (u8 4)))
                  (equal? (socket-recv a4 1) (u8 4))
                  (= 1 (socket-send c6 (u8 6)))
                  (equal? (socket-recv a6 1) (u8 6)))))
    (for-each socket-close (list server c4 a4 c6 a6))
    ok))

(test "v4mapped: *af-inet6* client reaches an IPv4 address"
  (let* ((service (free-service AF_INET6 SOCK_STREAM))
         (server (make-server-socket service *af-unspec*))
         (c (make-client-socket "127.0.0.1" service *af-inet6*
                                *sock-stream*
                                (address-info v4mapped addrconfig)))
         (a (socket-accept server))
         (ok (and (= 2 (socket-send c (u8 1 2)))
                  (equal? (recv-exactly a 2) (u8 1 2)))))
    (for-each socket-close (list server c a))
    ok))

(test "make-client-socket talks to a native Guile server (IPv4)"
  (let* ((ls (socket AF_INET SOCK_STREAM 0)))
    (bind ls AF_INET INADDR_LOOPBACK 0)
    (listen ls 5)
    (let* ((service (number->string (sockaddr:port (getsockname ls))))
           (c (make-client-socket "127.0.0.1" service))
           (_ (wait-readable ls 10))
           (peer (car (accept ls)))
           (buf (make-bytevector 3)))
      (socket-send c (str->bv "abc"))
      (wait-readable peer 10)
      (let ((n (recv! peer buf)))
        (send peer (str->bv "xyz"))
        (let ((ok (and (= n 3) (equal? buf (str->bv "abc"))
                       (equal? (recv-exactly c 3) (str->bv "xyz")))))
          (socket-close c) (close-port peer) (close-port ls)
          ok)))))

(test "make-client-socket talks to a native Guile server (IPv6)"
  (let* ((ls (socket AF_INET6 SOCK_STREAM 0)))
    (bind ls AF_INET6 loopback6 0)
    (listen ls 5)
    (let* ((service (number->string (sockaddr:port (getsockname ls))))
           (c (make-client-socket "::1" service *af-inet6*))
           (_ (wait-readable ls 10))
           (peer (car (accept ls))))
      (socket-send c (str->bv "six"))
      (wait-readable peer 10)
      (let* ((buf (make-bytevector 3)) (n (recv! peer buf)))
        (close-port peer) (close-port ls)
        (let ((ok (and (= n 3) (equal? buf (str->bv "six"))
                       (equal? (socket-recv c 10) (u8)))))
          (socket-close c)
          ok)))))

(test "make-server-socket binds the wildcard address with SO_REUSEADDR"
  (let* ((s4 (make-server-socket (free-service AF_INET SOCK_STREAM)))
         (s6 (make-server-socket (free-service AF_INET6 SOCK_STREAM)
                                 *af-inet6*))
         (a4 (getsockname (private-port s4)))
         (a6 (getsockname (private-port s6)))
         (ok (and (= (sockaddr:fam a4) AF_INET)
                  (= (sockaddr:addr a4) INADDR_ANY)
                  (= (sockaddr:fam a6) AF_INET6)
                  (= (sockaddr:addr a6) 0)
                  (= 1 (getsockopt (private-port s4) SOL_SOCKET SO_REUSEADDR)))))
    (socket-close s4) (socket-close s6)
    ok))

(test "service names resolve (\"http\"): result is a connection, not a lookup error"
  (guard (e ((error-object? e)
             (let ((m (error-object-message e)))
               (and (string-prefix? "make-client-socket:" m)
                    (string-search "refused" m)))))
    (socket-close (make-client-socket "127.0.0.1" "http"))
    #t))

(test "connection refused raises an error object"
  (let ((service (free-service AF_INET SOCK_STREAM)))
    (raises? "make-client-socket"
             (lambda () (make-client-socket "127.0.0.1" service)))))

(test "resolution failure raises an error object"
  (and (raises? "make-client-socket"
                (lambda () (make-client-socket "127.0.0.1" "no-such-service-zz")))
       (raises? "make-client-socket"
                (lambda () (make-client-socket "localhost" "80" *af-inet*
                                               *sock-stream*
                                               (address-info numerichost))))
       (raises? "make-client-socket"
                (lambda () (make-client-socket "::1" "80" *af-inet*)))))

(test "make-client-socket requires strings"
  (and (raises? "make-client-socket" (lambda () (make-client-socket "127.0.0.1" 80)))
       (raises? "make-client-socket" (lambda () (make-client-socket 'localhost "80")))
       (raises? "make-client-socket" (lambda () (make-client-socket #f "80")))))

(test "make-server-socket: port in use raises an error object"
  (let* ((service (free-service AF_INET SOCK_STREAM))
         (s (make-server-socket service))
         (ok (raises? "make-server-socket"
                      (lambda () (make-server-socket service)))))
    (socket-close s)
    (and ok (raises? "make-server-socket" (lambda () (make-server-socket 8080))))))

;;;
;;; UDP
;;;

(define (udp-client-test family host native-addr)
  (let ((peer (socket family SOCK_DGRAM 0)))
    (bind peer family native-addr 0)
    (let* ((service (number->string (sockaddr:port (getsockname peer))))
           (c (make-client-socket host service family *sock-dgram*))
           (sent (socket-send c (str->bv "ping")))
           (buf (make-bytevector 100)))
      (wait-readable peer 10)
      (let* ((r (recvfrom! peer buf))
             (n (car r))
             (from (cdr r)))
        (sendto peer (str->bv "pong") from)
        (let ((ok (and (= sent 4) (= n 4)
                       (equal? (bytevector-copy buf 0 4) (str->bv "ping"))
                       (equal? (socket-recv c 100) (str->bv "pong")))))
          (socket-close c) (close-port peer)
          ok)))))

(test "UDP client over IPv4 (connected datagram socket)"
  (udp-client-test AF_INET "127.0.0.1" INADDR_LOOPBACK))

(test "UDP client over IPv6"
  (udp-client-test AF_INET6 "::1" loopback6))

(define (udp-server-test family native-addr)
  (let* ((service (free-service family SOCK_DGRAM))
         (server (make-server-socket service family *sock-dgram*))
         (peer (socket family SOCK_DGRAM 0)))
    (sendto peer (str->bv "hello") family native-addr (string->number service))
    (sendto peer (str->bv "again!") family native-addr (string->number service))
    (let ((ok (and (equal? (socket-recv server 100) (str->bv "hello"))
                   (equal? (socket-recv server 100) (str->bv "again!"))
                   (raises? "socket-accept" (lambda () (socket-accept server))))))
      (socket-close server) (close-port peer)
      ok)))

(test "UDP server over IPv4 (bound, no listen), accept on it raises"
  (udp-server-test AF_INET INADDR_LOOPBACK))

(test "UDP server over IPv6"
  (udp-server-test AF_INET6 loopback6))

(test "UDP: SRFI client to SRFI server"
  (let* ((service (free-service AF_INET SOCK_DGRAM))
         (server (make-server-socket service *af-inet* *sock-dgram*))
         (c (make-client-socket "127.0.0.1" service *af-inet* *sock-dgram*))
         (ok (and (= 3 (socket-send c (u8 1 2 3)))
                  (equal? (socket-recv server 2) (u8 1 2)))))   ; truncated datagram
    (socket-close c) (socket-close server)
    ok))

;;;
;;; accept
;;;

(test "socket-accept on a non-listening socket raises"
  (with-trio (server client accepted) *af-inet* "127.0.0.1"
    (and (raises? "socket-accept" (lambda () (socket-accept client)))
         (raises? "socket-accept" (lambda () (socket-accept accepted))))))

;;;
;;; Bulk transfer
;;;

(test/deadline 120 "16 MiB transfer arrives intact; socket-send returns the length"
  (with-trio (server client accepted) *af-inet* "127.0.0.1"
    (let* ((size (* 16 1024 1024))
           ;; A pattern with period 251 (prime), so misplaced chunks show.
           (data (let ((bv (make-bytevector size)))
                   (do ((i 0 (+ i 1))) ((= i 251))
                     (bytevector-u8-set! bv i (modulo (* i 7) 251)))
                   (let loop ((filled 251))
                     (if (< filled size)
                         (let ((n (min filled (- size filled))))
                           (bytevector-copy! bv filled bv 0 n)
                           (loop (+ filled n)))
                         bv))))
           (join (spawn (lambda () (socket-send client data))))
           (got (recv-exactly accepted size))
           (sent (join)))
      (and (= sent size)
           (= (bytevector-length got) size)
           (equal? got data)))))

;;;
;;; recv flags
;;;

(test "peek leaves the data unread"
  (with-trio (server client accepted) *af-inet* "127.0.0.1"
    (socket-send client (str->bv "hello"))
    (let* ((peeked (socket-recv accepted 5 (message-type peek wait-all)))
           (peeked2 (socket-recv accepted 5 *msg-peek*))
           (read (recv-exactly accepted 5)))
      (and (equal? peeked (str->bv "hello"))
           (equal? peeked2 (str->bv "hello"))
           (equal? read (str->bv "hello"))))))

(test "OOB: send with *msg-oob*, receive with *msg-oob*"
  (with-trio (server client accepted) *af-inet* "127.0.0.1"
    (socket-send client (str->bv "ab"))
    (socket-send client (str->bv "!") *msg-oob*)
    ;; Wait (deadline 10 s) until urgent data is pending on the receiver.
    (let ((r (select '() '() (list (fileno (private-port accepted))) 10)))
      (and (pair? (caddr r))
           (let ((oob (socket-recv accepted 1 (message-type oob))))
             (socket-send client (str->bv "cd"))
             ;; The urgent byte is not part of the normal stream.
             (let ((normal (recv-exactly accepted 4)))
               (and (equal? oob (str->bv "!"))
                    (equal? normal (str->bv "abcd")))))))))

(test "wait-all waits for the full amount across several sends"
  (with-trio (server client accepted) *af-inet* "127.0.0.1"
    (let* ((join (spawn (lambda ()
                          (do ((i 0 (+ i 1))) ((= i 10) #t)
                            (socket-send client (u8 i))
                            (yield)))))
           (got (socket-recv accepted 10 *msg-waitall*)))
      (join)
      (equal? got (u8 0 1 2 3 4 5 6 7 8 9)))))

(test "socket-recv: exact bytes, shorter than size"
  (with-trio (server client accepted) *af-inet* "127.0.0.1"
    (socket-send client (u8 1 2 3))
    (socket-shutdown client *shut-wr*)
    (let* ((got (socket-recv accepted 3 *msg-waitall*))
           (short (begin (socket-send accepted (u8 9)) (socket-recv client 1000))))
      (and (equal? got (u8 1 2 3)) (equal? short (u8 9))))))

(test "socket-recv size must be a positive exact integer"
  (with-trio (server client accepted) *af-inet* "127.0.0.1"
    (and (raises? "socket-recv" (lambda () (socket-recv accepted 0)))
         (raises? "socket-recv" (lambda () (socket-recv accepted -1)))
         (raises? "socket-recv" (lambda () (socket-recv accepted 2.0)))
         (raises? "socket-recv" (lambda () (socket-recv accepted "10"))))))

;;;
;;; shutdown, end of stream
;;;

(test "half-close: peer sees #u8(), the half-closed side still receives"
  (with-trio (server client accepted) *af-inet* "127.0.0.1"
    (socket-send client (str->bv "req"))
    (socket-shutdown client (shutdown-method write))
    (let* ((req (recv-exactly accepted 3))
           (eos (socket-recv accepted 10)))
      (socket-send accepted (str->bv "bye"))
      (socket-close accepted)
      (let* ((reply (recv-exactly client 3))
             (eos2 (socket-recv client 10)))
        (and (equal? req (str->bv "req"))
             (equal? eos (u8))
             (bytevector? eos)
             (equal? reply (str->bv "bye"))
             (equal? eos2 (u8)))))))

(test "shutdown read and both orders of read/write; shutdown does not close"
  (with-trio (server client accepted) *af-inet* "127.0.0.1"
    (socket-shutdown accepted (shutdown-method read))
    (socket-shutdown client (shutdown-method write read))
    (and (equal? (socket-recv accepted 10) (u8))   ; open, at end of stream
         (equal? (socket-recv client 10) (u8))
         (let ((t (tcp-trio *af-inet* "127.0.0.1")))
           (socket-shutdown (cadr t) (shutdown-method read write))
           (let ((r (socket-recv (caddr t) 10)))
             (for-each socket-close t)
             (equal? r (u8)))))))

(test "socket-shutdown rejects anything but the three *shut-* values"
  (with-trio (server client accepted) *af-inet* "127.0.0.1"
    (and (raises? "socket-shutdown" (lambda () (socket-shutdown client 3)))
         (raises? "socket-shutdown" (lambda () (socket-shutdown client -1)))
         (raises? "socket-shutdown" (lambda () (socket-shutdown client 'write)))
         (raises? "socket-shutdown" (lambda () (socket-shutdown client #f))))))

(test "receive error (connection reset) raises, never looks like end of stream"
  (let* ((ls (socket AF_INET SOCK_STREAM 0)))
    (bind ls AF_INET INADDR_LOOPBACK 0)
    (listen ls 5)
    (let* ((service (number->string (sockaddr:port (getsockname ls))))
           (c (make-client-socket "127.0.0.1" service))
           (_ (wait-readable ls 10))
           (peer (car (accept ls))))
      (socket-send c (str->bv "unread"))
      (wait-readable peer 10)
      ;; Closing with unread data and linger 0 sends a reset.
      (setsockopt peer SOL_SOCKET SO_LINGER (cons 1 0))
      (close-port peer)
      (close-port ls)
      (let ((ok (raises? "socket-recv" (lambda () (socket-recv c 10)))))
        (socket-close c)
        ok))))

(test "sending to a reset connection raises (EPIPE/ECONNRESET), no SIGPIPE"
  (let* ((ls (socket AF_INET SOCK_STREAM 0)))
    (bind ls AF_INET INADDR_LOOPBACK 0)
    (listen ls 5)
    (let* ((service (number->string (sockaddr:port (getsockname ls))))
           (c (make-client-socket "127.0.0.1" service))
           (_ (wait-readable ls 10))
           (peer (car (accept ls))))
      (setsockopt peer SOL_SOCKET SO_LINGER (cons 1 0))
      (close-port peer)
      (close-port ls)
      (let* ((chunk (make-bytevector 65536 1))
             (ok1 (raises? "socket-send"
                           (lambda ()
                             (do ((i 0 (+ i 1))) ((= i 1000))
                               (socket-send c chunk)))))
             (out (socket-output-port c))
             (ok2 (raises? "socket-output-port"
                   (lambda ()
                     (do ((i 0 (+ i 1))) ((= i 1000))
                       (write-bytevector chunk out)
                       (flush-output-port out))))))
        (socket-close c)
        (and ok1 ok2)))))

;;;
;;; close
;;;

(test "socket-close twice is fine; socket? stays #t"
  (with-trio (server client accepted) *af-inet* "127.0.0.1"
    (socket-close client)
    (socket-close client)
    (socket-close server)
    (socket-close server)
    (and (socket? client) (socket? server))))

(test "any operation on a closed socket raises an error object"
  (let* ((trio (tcp-trio *af-inet* "127.0.0.1"))
         (server (car trio)) (client (cadr trio)) (accepted (caddr trio)))
    (for-each socket-close trio)
    (and (raises? "socket-send" (lambda () (socket-send client (u8 1))))
         (raises? "socket-recv" (lambda () (socket-recv client 1)))
         (raises? "socket-accept" (lambda () (socket-accept server)))
         (raises? "socket-shutdown" (lambda () (socket-shutdown client *shut-wr*)))
         (raises? "socket-input-port" (lambda () (socket-input-port client)))
         (raises? "socket-output-port" (lambda () (socket-output-port client))))))

(test "ports obtained before close raise after socket-close"
  (let* ((trio (tcp-trio *af-inet* "127.0.0.1"))
         (client (cadr trio)) (accepted (caddr trio))
         (in (socket-input-port accepted))
         (out (socket-output-port accepted)))
    (for-each socket-close trio)
    (and (raises? "socket-input-port" (lambda () (read-u8 in)))
         (raises? "socket-input-port" (lambda () (read-bytevector 4 in)))
         (raises? "socket-input-port" (lambda () (u8-ready? in)))
         (raises? "socket-output-port"
                  (lambda () (write-u8 1 out) (flush-output-port out)))
         (raises? "socket-output-port"
                  (lambda () (write-bytevector (u8 1 2) out)
                          (flush-output-port out))))))

(test "socket? is #f for non-sockets"
  (let ((p (open-input-bytevector (u8 1)))
        (native (socket AF_INET SOCK_STREAM 0)))
    (define-record-type point (make-point x) point? (x point-x))
    (let ((ok (not (or (socket? p) (socket? native) (socket? (u8 1 2))
                       (socket? (make-point 1)) (socket? 3) (socket? "s")
                       (socket? #f) (socket? '()) (socket? socket?)))))
      (close-port native)
      ok)))

(test "wrong argument types raise error objects naming the procedure"
  (with-trio (server client accepted) *af-inet* "127.0.0.1"
    (and (raises? "socket-send" (lambda () (socket-send 'nope (u8 1))))
         (raises? "socket-send" (lambda () (socket-send client "text")))
         (raises? "socket-send" (lambda () (socket-send client (u8 1) 'oob)))
         (raises? "socket-recv" (lambda () (socket-recv (u8) 1)))
         (raises? "socket-recv" (lambda () (socket-recv client 1 "peek")))
         (raises? "socket-accept" (lambda () (socket-accept "server")))
         (raises? "socket-shutdown" (lambda () (socket-shutdown 1 *shut-rd*)))
         (raises? "socket-close" (lambda () (socket-close (current-output-port))))
         (raises? "socket-input-port" (lambda () (socket-input-port #f)))
         (raises? "socket-output-port" (lambda () (socket-output-port #f)))
         (raises? "call-with-socket" (lambda () (call-with-socket 1 values)))
         (raises? "make-server-socket" (lambda () (make-server-socket "0" 'inet))))))

(test "wrong numbers of arguments raise error objects naming the procedure"
  (with-trio (server client accepted) *af-inet* "127.0.0.1"
    (and (raises? "socket-recv" (lambda () (socket-recv client)))
         (raises? "socket-recv" (lambda () (socket-recv client 1 0 0)))
         (raises? "socket-send" (lambda () (socket-send client)))
         (raises? "make-client-socket" (lambda () (make-client-socket "127.0.0.1")))
         (raises? "make-server-socket" (lambda () (make-server-socket)))
         (raises? "socket-shutdown" (lambda () (socket-shutdown client)))
         (raises? "socket-close" (lambda () (socket-close)))
         (raises? "call-with-socket" (lambda () (call-with-socket client)))
         (raises? "socket-purge-flags" (lambda () (socket-purge-flags))))))

(test "socket-send of an empty bytevector returns 0; flags default to 0"
  (with-trio (server client accepted) *af-inet* "127.0.0.1"
    (and (eqv? 0 (socket-send client (u8)))
         (eqv? 3 (socket-send client (u8 1 2 3) (message-type none)))
         (equal? (recv-exactly accepted 3) (u8 1 2 3)))))

;;;
;;; Ports
;;;

(test "fresh binary ports on every call"
  (with-trio (server client accepted) *af-inet* "127.0.0.1"
    (let ((i1 (socket-input-port client)) (i2 (socket-input-port client))
          (o1 (socket-output-port client)) (o2 (socket-output-port client)))
      (and (not (eq? i1 i2)) (not (eq? o1 o2))
           (input-port? i1) (output-port? o1)
           (binary-port? i1) (binary-port? o1)
           ;; R6RS binary-port? (Guile: encoding is ISO-8859-1)
           (let ((r6-binary? (eval 'binary-port? (environment '(rnrs)))))
             (and (r6-binary? i1) (r6-binary? o1)))
           (input-port-open? i1) (output-port-open? o1)))))

(test/xfail "Guile 3.0.8 defines textual-port? as port? (every port is textual)"
  "ports are not textual"
  (with-trio (server client accepted) *af-inet* "127.0.0.1"
    (not (or (textual-port? (socket-input-port client))
             (textual-port? (socket-output-port client))))))

(test "port read-bytevector across several small sends"
  (with-trio (server client accepted) *af-inet* "127.0.0.1"
    (let* ((in (socket-input-port accepted))
           (join (spawn (lambda ()
                          (for-each (lambda (s) (socket-send client (str->bv s)) (yield))
                                    '("ab" "cd" "e" "f"))
                          #t)))
           (got (read-bytevector 6 in)))
      (join)
      (equal? got (str->bv "abcdef")))))

(test "read-bytevector blocks until k bytes or end of stream; then eof"
  (with-trio (server client accepted) *af-inet* "127.0.0.1"
    (let ((in (socket-input-port accepted)))
      (socket-send client (str->bv "xyz"))
      (socket-shutdown client *shut-wr*)
      (let* ((got (read-bytevector 10 in))
             (after (read-bytevector 1 in))
             (u8-after (read-u8 in)))
        (and (equal? got (str->bv "xyz"))
             (eof-object? after)
             (eof-object? u8-after))))))

(test "input port has no read-ahead: the rest stays readable by socket-recv"
  (with-trio (server client accepted) *af-inet* "127.0.0.1"
    (socket-send client (str->bv "abcdefgh"))
    (let* ((in (socket-input-port accepted))
           (a (read-u8 in))
           (bc (read-bytevector 2 in))
           (rest (socket-recv accepted 5 *msg-waitall*))
           (in2 (socket-input-port accepted)))
      (socket-send client (str->bv "12"))
      (let* ((one (read-u8 in2))
             (two (socket-recv accepted 1)))
        (and (= a 97) (equal? bc (str->bv "bc"))
             (equal? rest (str->bv "defgh"))
             (= one 49) (equal? two (str->bv "2")))))))

(test "u8-ready? never blocks and tells the truth"
  (with-trio (server client accepted) *af-inet* "127.0.0.1"
    (let* ((in (socket-input-port accepted))
           (before (u8-ready? in)))
      (socket-send client (u8 42))
      ;; Wait until the byte has arrived, without consuming it.
      (socket-recv accepted 1 *msg-peek*)
      (let* ((after (u8-ready? in))
             (byte (read-u8 in))
             (drained (u8-ready? in)))
        (socket-shutdown client *shut-wr*)
        (socket-recv accepted 1 *msg-peek*)   ; returns #u8() at end of stream
        (let ((at-eof (u8-ready? in)))
          (and (eq? before #f) (eq? after #t) (= byte 42)
               (eq? drained #f) (eq? at-eof #t)
               (eof-object? (read-u8 in))))))))

(test "output port reaches the wire at flush, in order with socket-send"
  (with-trio (server client accepted) *af-inet* "127.0.0.1"
    (let ((out (socket-output-port client)))
      (write-bytevector (str->bv "ab") out)
      (write-u8 99 out)
      (flush-output-port out)
      (socket-send client (str->bv "d"))
      (write-bytevector (str->bv "ef") out)
      (flush-output-port out)
      (equal? (recv-exactly accepted 6) (str->bv "abcdef")))))

(test "closing a port leaves the socket usable"
  (with-trio (server client accepted) *af-inet* "127.0.0.1"
    (let ((in (socket-input-port accepted))
          (out (socket-output-port client)))
      (write-bytevector (str->bv "one") out)
      (flush-output-port out)
      (close-port out)
      (let ((first (read-bytevector 3 in)))
        (close-port in)
        (close-input-port (socket-input-port accepted))
        (close-output-port (socket-output-port client))
        (and (equal? first (str->bv "one"))
             (= 3 (socket-send client (str->bv "two")))
             (equal? (recv-exactly accepted 3) (str->bv "two"))
             (= 5 (socket-send accepted (str->bv "three")))
             (equal? (recv-exactly client 5) (str->bv "three"))
             (= 1 (socket-send client (str->bv "4")))
             (eqv? (read-u8 (socket-input-port accepted)) 52))))))

;;;
;;; call-with-socket
;;;

(test "call-with-socket returns all values and closes the socket"
  (let* ((trio (tcp-trio *af-inet* "127.0.0.1"))
         (client (cadr trio)))
    (call-with-values
        (lambda () (call-with-socket client (lambda (s) (values 1 2 3))))
      (lambda vals
        (let ((ok (and (equal? vals '(1 2 3))
                       (raises? "socket-send" (lambda () (socket-send client (u8 1))))
                       (equal? (socket-recv (caddr trio) 10) (u8))
                       (equal? (call-with-socket (car trio) (lambda (s) 'one)) 'one)
                       (call-with-values
                           (lambda () (call-with-socket (caddr trio) (lambda (s) (values))))
                         (lambda vals (null? vals))))))
          (for-each socket-close trio)
          ok)))))

(test "call-with-socket leaves the socket open on escape and on raise"
  (with-trio (server client accepted) *af-inet* "127.0.0.1"
    (let ((escaped (call/cc
                    (lambda (k)
                      (call-with-socket client (lambda (s) (k 'escaped)))))))
      (guard (e (#t #t))
        (call-with-socket client (lambda (s) (raise 'boom))))
      (and (eq? escaped 'escaped)
           (= 2 (socket-send client (u8 1 2)))
           (equal? (recv-exactly accepted 2) (u8 1 2))))))

;;;
;;; Error objects
;;;

(test "errors are error objects with a message naming the procedure"
  (with-trio (server client accepted) *af-inet* "127.0.0.1"
    (guard (e (#t (and (error-object? e)
                       (string? (error-object-message e))
                       (list? (error-object-irritants e))
                       (string-prefix? "socket-recv: "
                                       (error-object-message e)))))
      (socket-recv client 0)
      #f)))

;;;
;;; Summary
;;;

(unless (null? expected-failures)
  (show (length expected-failures) " expected failure(s) (Guile limitations): "
        (reverse expected-failures)))
(show passed " passed, " failed " failed")
(exit (if (zero? failed) 0 1))
