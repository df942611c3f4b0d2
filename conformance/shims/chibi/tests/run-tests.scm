;;; Tests of (srfi 106) for Chibi-Scheme, beyond the conformance corpus:
;;; what the library adds to (chibi net) and where Chibi could trip it.
;;;
;;;   chibi-scheme -A conformance/shims/chibi conformance/shims/chibi/tests/run-tests.scm PORT PORT PORT
;;;
;;; (after conformance/shims/chibi/build.sh). The PORTs are free loopback
;;; ports the caller chose (harness/tests/systems.rs takes them outside
;;; the kernel's ephemeral range). Everything is in this one thread, over
;;; 127.0.0.1: a client connects to the test's own server, whose backlog
;;; holds the connection until it is accepted. The caller's deadline ends
;;; a run that hangs. It prints PASS or FAIL per test, then
;;; "N passed, N failed", and exits 1 if any failed.

(import (scheme base) (scheme write) (scheme process-context) (scheme eval)
        (srfi 106)
        (only (chibi net) address-family/inet socket-type/stream)
        (only (chibi ast) gc))

(define passed 0)
(define failed 0)

(define (report name ok detail)
  (if ok (set! passed (+ passed 1)) (set! failed (+ failed 1)))
  (display (if ok "PASS " "FAIL "))
  (display name)
  (if (and (not ok) detail) (begin (display " -- ") (write detail)))
  (newline)
  (flush-output-port))

(define-syntax test
  (syntax-rules ()
    ((_ name expr)
     (let ((result (guard (e (#t (list 'raised (if (error-object? e) (error-object-message e) e))))
                     expr)))
       (report name (eq? result #t) result)))))

(define ports (map string->number (cdr (command-line))))
(if (< (length ports) 3)
    (begin (display "usage: run-tests.scm PORT PORT PORT") (newline) (exit 2)))
(define (port i) (number->string (list-ref ports i)))

;; The message of the error object thunk raises, or #f.
(define (message-of thunk)
  (guard (e ((error-object? e) (error-object-message e)) (#t #f))
    (thunk)
    #f))

(define (starts-with? prefix s)
  (and (string? s) (>= (string-length s) (string-length prefix))
       (string=? prefix (substring s 0 (string-length prefix)))))

;; A connected pair over loopback: (server client accepted).
(define (connected-pair p)
  (let* ((server (make-server-socket p))
         (client (make-client-socket "127.0.0.1" p)))
    (list server client (socket-accept server))))

;;; Constants come from the system (system.so and (chibi net)).

(test "constants are the system's distinct values"
      (and (= *sock-stream* socket-type/stream)
           (= *af-inet* address-family/inet)
           (not (= *shut-rd* *shut-wr*)) (not (= *shut-wr* *shut-rdwr*))
           (not (= *msg-peek* *msg-oob*)) (not (= *msg-oob* *msg-waitall*))
           (positive? *ai-addrconfig*)))

;;; The flag operators compare names, not bindings.

(test "shutdown-method needs no (scheme read) or (scheme write)"
      (and (= (shutdown-method read) *shut-rd*)
           (= (shutdown-method write) *shut-wr*)
           (= (shutdown-method write read) *shut-rdwr*)))

(test "a local variable does not change a flag name"
      (let ((inet 'inet6) (peek 'oob))
        (and (= (address-family inet) *af-inet*) (= (message-type peek) *msg-peek*))))

(test "an unknown flag name is an error when the form is expanded"
      (let ((env (environment '(scheme base) '(srfi 106))))
        (and (message-of (lambda () (eval '(lambda () (address-family ipx)) env)))
             (message-of (lambda () (eval '(lambda () (message-type peek peek)) env)))
             (message-of (lambda () (eval '(lambda () (socket-domain)) env)))
             #t)))

(test "message-type none is no flag, and merges"
      (and (= (message-type none) 0) (= (message-type none peek) *msg-peek*)))

;;; Errors are error objects that name the procedure.

(test "errors name the procedure"
      (and (starts-with? "socket-recv:" (message-of (lambda () (socket-recv 'nope 10))))
           (starts-with? "make-client-socket:" (message-of (lambda () (make-client-socket "127.0.0.1" 80))))
           (starts-with? "make-client-socket:"
                         (message-of (lambda () (make-client-socket "127.0.0.1" (port 0)))))
           (starts-with? "socket-shutdown:" (message-of (lambda () (socket-shutdown 'nope *shut-rd*))))))

;;; Closing: once, and never a descriptor another socket has since.

(test "a closed socket's number, reused, survives a second close and a collection"
      (let* ((server (make-server-socket (port 1)))
             (a (make-client-socket "127.0.0.1" (port 1))))
        (socket-close a)
        (let ((b (make-client-socket "127.0.0.1" (port 1))))
          (socket-close a)
          (gc)
          (let* ((ab (socket-accept server)) (bb (socket-accept server)))
            (socket-send b (string->utf8 "still"))
            (let ((got (socket-recv bb 5)))
              (for-each socket-close (list b ab bb server))
              (equal? got (string->utf8 "still")))))))

(test "every use of a closed socket raises"
      (let ((pair (connected-pair (port 2))))
        (for-each socket-close pair)
        (let ((c (cadr pair)))
          (and (message-of (lambda () (socket-send c (bytevector 1))))
               (message-of (lambda () (socket-recv c 1)))
               (message-of (lambda () (socket-input-port c)))
               (message-of (lambda () (socket-shutdown c *shut-wr*)))
               (not (message-of (lambda () (socket-close c))))))))

;;; Ports: fresh, binary, no read-ahead, closing keeps the socket, and a
;;; collected port does not close it either.

(test "ports read no further than asked and leave the socket open"
      (let* ((pair (connected-pair (port 0)))
             (client (cadr pair)) (accepted (car (cddr pair))))
        (socket-send client (string->utf8 "abcdef"))
        (let* ((in (socket-input-port accepted))
               (first (read-u8 in)))
          (close-port in)
          (set! in #f)
          (gc)
          (let ((rest (socket-recv accepted 10)))
            (for-each socket-close pair)
            (and (= first (char->integer #\a)) (equal? rest (string->utf8 "bcdef")))))))

(test "output ports send everything at flush, in order with socket-send"
      (let* ((pair (connected-pair (port 1)))
             (client (cadr pair)) (accepted (car (cddr pair)))
             (out (socket-output-port client)))
        (write-bytevector (make-bytevector 100000 7) out)
        (flush-output-port out)
        (socket-send client (bytevector 9))
        (socket-shutdown client *shut-wr*)
        (let loop ((total 0) (last #f))
          (let ((got (socket-recv accepted 65536)))
            (if (zero? (bytevector-length got))
                (begin (for-each socket-close pair)
                       (and (= total 100001) (= last 9)))
                (loop (+ total (bytevector-length got))
                      (bytevector-u8-ref got (- (bytevector-length got) 1))))))))

(test "two input ports of one socket are distinct and binary"
      (let* ((pair (connected-pair (port 2)))
             (a (socket-input-port (cadr pair))) (b (socket-input-port (cadr pair))))
        (for-each socket-close pair)
        (and (not (eq? a b)) (binary-port? a) (input-port? b))))

;;; Sends: everything, and no SIGPIPE.

(test "a send to a closed peer raises, the program lives"
      (let* ((pair (connected-pair (port 0))))
        (socket-close (car (cddr pair)))
        (let ((chunk (make-bytevector 65536 1)))
          (let loop ((i 0))
            (cond ((= i 100) (for-each socket-close pair) #f)
                  ((message-of (lambda () (socket-send (cadr pair) chunk)))
                   (for-each socket-close pair)
                   #t)
                  (else (loop (+ i 1))))))))

(test "socket-recv takes only positive exact sizes"
      (let ((pair (connected-pair (port 1))))
        (let ((bad (and (message-of (lambda () (socket-recv (cadr pair) 0)))
                        (message-of (lambda () (socket-recv (cadr pair) -1)))
                        (message-of (lambda () (socket-recv (cadr pair) "10"))))))
          (for-each socket-close pair)
          (and bad #t))))

(display passed) (display " passed, ") (display failed) (display " failed") (newline)
(exit (if (zero? failed) 0 1))
