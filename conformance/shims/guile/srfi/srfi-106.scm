;;; SRFI 106: Basic socket interface -- for GNU Guile 3.0
;;;
;;; Guile maps every spelling of the library name onto the module
;;; (srfi srfi-106), which is this file (srfi/srfi-106.scm under a
;;; directory on the load path):
;;;
;;;   (import (srfi 106))          R7RS     -> (srfi srfi-106)
;;;   (import (srfi :106))         R6RS     -> (srfi srfi-106)
;;;   (import (srfi :106 socket))  SRFI 97  -> (srfi srfi-106)
;;;   (use-modules (srfi srfi-106))  Guile
;;;
;;; A socket is a record that owns a Guile socket port.  That port is
;;; only used as a handle for Guile's socket primitives (recv!, send,
;;; accept, shutdown, ...), which work on the file descriptor directly;
;;; nothing is ever read or written through its buffers.
;;;
;;; Every error raised by this library is an R7RS error object (a Guile
;;; exception with &error, &message and &irritants) whose message starts
;;; with the name of the procedure, e.g. "socket-recv: connection reset
;;; by peer".

(define-module (srfi srfi-106)
  #:use-module (rnrs bytevectors)
  #:use-module (ice-9 binary-ports)
  #:use-module (ice-9 exceptions)
  #:use-module (srfi srfi-9)
  #:use-module (srfi srfi-9 gnu)
  #:export (;; procedures
            make-client-socket make-server-socket
            socket? socket-accept socket-send socket-recv
            socket-shutdown socket-close
            socket-input-port socket-output-port
            call-with-socket
            socket-merge-flags socket-purge-flags
            ;; syntax
            address-family address-info socket-domain ip-protocol
            message-type shutdown-method
            ;; constants
            *af-unspec* *af-inet* *af-inet6*
            *sock-stream* *sock-dgram*
            *ai-canonname* *ai-numerichost* *ai-v4mapped* *ai-all*
            *ai-addrconfig*
            *ipproto-ip* *ipproto-tcp* *ipproto-udp*
            *msg-peek* *msg-oob* *msg-waitall*
            *shut-rd* *shut-wr* *shut-rdwr*))

;;;
;;; Constants.  They are needed when the flag syntax is expanded, hence
;;; the eval-when.  Guile's own variable is used where Guile defines
;;; one; otherwise the Linux value.
;;;

(eval-when (expand load eval)
  (define (%platform-constant name default)
    (let ((v (module-variable (resolve-module '(guile)) name)))
      (if (and v (variable-bound? v) (exact-integer? (variable-ref v)))
          (variable-ref v)
          default)))

  (define *af-unspec*      (%platform-constant 'AF_UNSPEC 0))
  (define *af-inet*        (%platform-constant 'AF_INET 2))
  (define *af-inet6*       (%platform-constant 'AF_INET6 10))
  (define *sock-stream*    (%platform-constant 'SOCK_STREAM 1))
  (define *sock-dgram*     (%platform-constant 'SOCK_DGRAM 2))
  (define *ai-canonname*   (%platform-constant 'AI_CANONNAME 2))
  (define *ai-numerichost* (%platform-constant 'AI_NUMERICHOST 4))
  ;; SRFI 106: 0 where the platform lacks them.
  (define *ai-v4mapped*    (%platform-constant 'AI_V4MAPPED 0))
  (define *ai-all*         (%platform-constant 'AI_ALL 0))
  (define *ai-addrconfig*  (%platform-constant 'AI_ADDRCONFIG 32))
  (define *ipproto-ip*     (%platform-constant 'IPPROTO_IP 0))
  (define *ipproto-tcp*    (%platform-constant 'IPPROTO_TCP 6))
  (define *ipproto-udp*    (%platform-constant 'IPPROTO_UDP 17))
  (define *msg-peek*       (%platform-constant 'MSG_PEEK 2))
  (define *msg-oob*        (%platform-constant 'MSG_OOB 1))
  (define *msg-waitall*    (%platform-constant 'MSG_WAITALL 256))
  (define *shut-rd*        (%platform-constant 'SHUT_RD 0))
  (define *shut-wr*        (%platform-constant 'SHUT_WR 1))
  (define *shut-rdwr*      (%platform-constant 'SHUT_RDWR 2)))

(define %linux?
  (string=? (utsname:sysname (uname)) "Linux"))

;; Guile 3.0.8 defines neither MSG_NOSIGNAL nor SOMAXCONN nor
;; IPV6_V6ONLY; these are the Linux values.
(define %msg-nosignal
  (%platform-constant 'MSG_NOSIGNAL (if %linux? 16384 0)))
(define %somaxconn (%platform-constant 'SOMAXCONN 4096))
(define %ipproto-ipv6 (%platform-constant 'IPPROTO_IPV6 (and %linux? 41)))
(define %ipv6-v6only (%platform-constant 'IPV6_V6ONLY (and %linux? 26)))
(define %ai-passive (%platform-constant 'AI_PASSIVE 1))
(define %eintr (%platform-constant 'EINTR 4))
(define %einprogress (%platform-constant 'EINPROGRESS 115))

;; Without MSG_NOSIGNAL the only way to turn a write on a broken
;; connection into EPIPE (instead of death by SIGPIPE) is to ignore the
;; signal process-wide.
(when (zero? %msg-nosignal)
  (sigaction SIGPIPE SIG_IGN))

;;;
;;; Errors.
;;;

(define (%raise who message . irritants)
  (raise-exception
   (make-exception (make-error)
                   (make-exception-with-message
                    (string-append (symbol->string who) ": " message))
                   (make-exception-with-irritants irritants))))

(define (%lower-first s)
  (if (and (> (string-length s) 1)
           (char-upper-case? (string-ref s 0))
           (char-lower-case? (string-ref s 1)))
      (string-append (string (char-downcase (string-ref s 0)))
                     (substring s 1))
      s))

(define (%system-error-errno key args)
  (and (eq? key 'system-error)
       (= (length args) 4)
       (pair? (list-ref args 3))
       (exact-integer? (car (list-ref args 3)))
       (car (list-ref args 3))))

;; Turn a Guile (key . args) throw into an R7RS error object naming WHO.
(define* (%convert-throw who key args #:optional (irritants '()))
  (cond
   ((eq? key '%exception)               ; already an exception object
    (raise-exception (car args)))
   ((%system-error-errno key args)
    => (lambda (errno)
         (apply %raise who (%lower-first (strerror errno)) irritants)))
   ((and (eq? key 'getaddrinfo-error) (pair? args)
         (exact-integer? (car args)))
    (apply %raise who (%lower-first (gai-strerror (car args))) irritants))
   ((and (= (length args) 4) (string? (cadr args)) (list? (caddr args)))
    (apply %raise who (%lower-first
                       (catch #t
                         (lambda () (apply format #f (cadr args) (caddr args)))
                         (lambda _ (cadr args))))
           irritants))
   (else
    (apply %raise who (format #f "~a" key) (append irritants args)))))

;; Call THUNK (a call of a Guile primitive); retry on EINTR; convert
;; every Guile error into an error object naming WHO.
(define* (%guile-call who thunk #:optional (irritants '()))
  (let retry ()
    (let ((result
           (catch #t
             (lambda () (call-with-values thunk (lambda vals (cons 'ok vals))))
             (lambda (key . args)
               (if (eqv? (%system-error-errno key args) %eintr)
                   'retry
                   (cons key args))))))
      (cond
       ((eq? result 'retry) (retry))
       ((eq? (car result) 'ok) (apply values (cdr result)))
       (else (%convert-throw who (car result) (cdr result) irritants))))))

;; Like %guile-call, but returns the converted error object instead of
;; raising it (used to remember the last failure while trying addresses).
(define* (%try who thunk #:optional (irritants '()))
  (catch #t
    (lambda () (cons #t (%guile-call who thunk irritants)))
    (lambda (key . args)
      (if (eq? key '%exception)
          (cons #f (car args))
          (cons #f (catch #t
                     (lambda () (%convert-throw who key args irritants))
                     (lambda (k . a) (car a))))))))

(define (%check who ok? obj what)
  (unless (ok? obj)
    (%raise who (string-append "wrong argument type, expected " what) obj)))

(define (%check-int who obj)
  (%check who exact-integer? obj "an exact integer"))

;;;
;;; The socket record.
;;;

(define-record-type <socket>
  (%make-socket port family type closed?)
  %socket?
  (port %socket-port)
  (family %socket-family)
  (type %socket-type)
  (closed? %socket-closed? %set-socket-closed!))

(set-record-type-printer!
 <socket>
 (lambda (s out)
   (if (%socket-closed? s)
       (display "#<socket closed>" out)
       (format out "#<socket fd ~a>" (fileno (%socket-port s))))))

;; The Guile port of S, after checking that S is an open socket.
(define (%open-port who s)
  (unless (%socket? s)
    (%raise who "wrong argument type, expected a socket" s))
  (when (%socket-closed? s)
    (%raise who "socket is closed" s))
  (%socket-port s))

(define (%new-socket port family type)
  (%make-socket port family type #f))

;;;
;;; Flags.
;;;

(define (%socket-merge-flags . flags)
  (for-each (lambda (f) (%check-int 'socket-merge-flags f)) flags)
  (apply logior flags))

(define (%socket-purge-flags base . flags)
  (%check-int 'socket-purge-flags base)
  (for-each (lambda (f) (%check-int 'socket-purge-flags f)) flags)
  (logand base (lognot (apply logior flags))))

;;;
;;; Name resolution and socket creation.
;;;

;; Guile 3.0.8's getaddrinfo does not pass the protocol hint on to the C
;; library, so the results are filtered here: with a protocol given, only
;; addresses for that protocol remain (none, for a protocol that does not
;; fit the socket type, as the C library would answer).
(define (%resolve who node service flags family socktype protocol irritants)
  (let* ((all (%guile-call who
                (lambda ()
                  (getaddrinfo node service flags family socktype
                               protocol))
                irritants))
         (addrs (if (zero? protocol)
                    all
                    (filter (lambda (ai) (= (addrinfo:protocol ai) protocol))
                            all))))
    (cond ((pair? addrs) addrs)
          ((pair? all)
           (apply %raise who "the protocol does not fit the socket type"
                  irritants))
          (else (apply %raise who "no address found" irritants)))))

;; connect(2); if a signal interrupts it the connection attempt goes on
;; in the background, so wait for it to finish and read its outcome.
(define (%connect who port addr irritants)
  (catch 'system-error
    (lambda () (connect port addr))
    (lambda (key . args)
      (let ((errno (%system-error-errno key args)))
        (if (memv errno (list %eintr %einprogress))
            (let ((fd (fileno port)))
              (%guile-call who (lambda () (select '() (list fd) '() #f))
                           irritants)
              (let ((err (%guile-call who
                           (lambda () (getsockopt port SOL_SOCKET SO_ERROR))
                           irritants)))
                (unless (zero? err)
                  (apply %raise who (%lower-first (strerror err)) irritants))))
            (%convert-throw who key args irritants))))))

(define* (%make-client-socket node service
                             #:optional
                             (family *af-inet*)
                             (socktype *sock-stream*)
                             (flags (logior *ai-v4mapped* *ai-addrconfig*))
                             (protocol *ipproto-ip*))
  (define who 'make-client-socket)
  (%check who string? node "a string (node)")
  (%check who string? service "a string (service)")
  (for-each (lambda (x) (%check-int who x))
            (list family socktype flags protocol))
  (define irritants (list node service))
  (let loop ((addrs (%resolve who node service flags family socktype
                              protocol irritants))
             (last-error #f))
    (if (null? addrs)
        (raise-exception last-error)
        (let* ((ai (car addrs))
               (made (%try who (lambda ()
                                 (socket (addrinfo:fam ai)
                                         (addrinfo:socktype ai)
                                         (addrinfo:protocol ai)))
                           irritants)))
          (if (not (car made))
              (loop (cdr addrs) (cdr made))
              (let* ((port (cdr made))
                     (connected (%try who
                                  (lambda ()
                                    (%connect who port (addrinfo:addr ai)
                                              irritants))
                                  irritants)))
                (if (car connected)
                    (%new-socket port (addrinfo:fam ai) (addrinfo:socktype ai))
                    (begin
                      (close-port port)
                      (loop (cdr addrs) (cdr connected))))))))))

(define* (%make-server-socket service
                             #:optional
                             (family *af-inet*)
                             (socktype *sock-stream*)
                             (protocol *ipproto-ip*))
  (define who 'make-server-socket)
  (%check who string? service "a string (service)")
  (for-each (lambda (x) (%check-int who x)) (list family socktype protocol))
  (define irritants (list service))
  (let* ((addrs (%resolve who #f service %ai-passive family socktype
                          protocol irritants))
         ;; For *af-unspec* prefer the IPv6 wildcard, made dual-stack
         ;; below, so that the server accepts both IPv4 and IPv6 clients.
         (addrs (if (= family *af-unspec*)
                    (append (filter (lambda (ai)
                                      (= (addrinfo:fam ai) *af-inet6*))
                                    addrs)
                            (filter (lambda (ai)
                                      (not (= (addrinfo:fam ai) *af-inet6*)))
                                    addrs))
                    addrs)))
    (let loop ((addrs addrs) (last-error #f))
      (if (null? addrs)
          (raise-exception last-error)
          (let* ((ai (car addrs))
                 (made (%try who (lambda ()
                                   (socket (addrinfo:fam ai)
                                           (addrinfo:socktype ai)
                                           (addrinfo:protocol ai)))
                             irritants)))
            (if (not (car made))
                (loop (cdr addrs) (cdr made))
                (let* ((port (cdr made))
                       (done
                        (%try who
                          (lambda ()
                            (setsockopt port SOL_SOCKET SO_REUSEADDR 1)
                            (when (and (= family *af-unspec*)
                                       (= (addrinfo:fam ai) *af-inet6*)
                                       %ipproto-ipv6 %ipv6-v6only)
                              (false-if-exception
                               (setsockopt port %ipproto-ipv6 %ipv6-v6only 0)))
                            (bind port (addrinfo:addr ai))
                            (when (= (addrinfo:socktype ai) *sock-stream*)
                              (listen port %somaxconn)))
                          irritants)))
                  (if (car done)
                      (%new-socket port (addrinfo:fam ai)
                                   (addrinfo:socktype ai))
                      (begin
                        (close-port port)
                        (loop (cdr addrs) (cdr done)))))))))))

(define (%socket-accept s)
  (define who 'socket-accept)
  (let* ((port (%open-port who s))
         (r (%guile-call who (lambda () (accept port)))))
    (unless r
      (%raise who "no pending connection" s))
    (%new-socket (car r) (%socket-family s) (%socket-type s))))

;;;
;;; Data transfer.
;;;

;; Send COUNT bytes of BV starting at START; loop over partial sends.
(define (%send-all who port bv start count flags)
  (let ((flags (logior flags %msg-nosignal)))
    (let loop ((off start) (left count))
      (if (<= left 0)
          count
          (let* ((chunk (if (and (= off 0) (= left (bytevector-length bv)))
                            bv
                            (let ((c (make-bytevector left)))
                              (bytevector-copy! bv off c 0 left)
                              c)))
                 (n (%guile-call who (lambda () (send port chunk flags)))))
            (loop (+ off n) (- left n)))))))

(define* (%socket-send s bv #:optional (flags 0))
  (define who 'socket-send)
  (let ((port (%open-port who s)))
    (%check who bytevector? bv "a bytevector")
    (%check-int who flags)
    (if (zero? (bytevector-length bv))
        ;; One call even for no bytes: on a datagram socket this sends
        ;; an empty datagram; on a stream socket it is a no-op.
        (begin
          (%guile-call who (lambda ()
                             (send port bv (logior flags %msg-nosignal))))
          0)
        (%send-all who port bv 0 (bytevector-length bv) flags))))

(define* (%socket-recv s size #:optional (flags 0))
  (define who 'socket-recv)
  (let ((port (%open-port who s)))
    (%check who (lambda (n) (and (exact-integer? n) (positive? n))) size
            "a positive exact integer (size)")
    (%check-int who flags)
    (let* ((buf (%guile-call who (lambda () (make-bytevector size))))
           (n (min size (%guile-call who (lambda () (recv! port buf flags))))))
      (if (= n size)
          buf
          (let ((r (make-bytevector n)))
            (bytevector-copy! buf 0 r 0 n)
            r)))))

(define (%socket-shutdown s how)
  (define who 'socket-shutdown)
  (let ((port (%open-port who s)))
    (unless (memv how (list *shut-rd* *shut-wr* *shut-rdwr*))
      (%raise who "invalid shutdown method, expected *shut-rd*, *shut-wr* or *shut-rdwr*" how))
    (%guile-call who (lambda () (shutdown port how)))
    (if #f #f)))

(define (%socket-close s)
  (define who 'socket-close)
  (unless (%socket? s)
    (%raise who "wrong argument type, expected a socket" s))
  (unless (%socket-closed? s)
    (%set-socket-closed! s #t)
    (%guile-call who (lambda () (close-port (%socket-port s)))))
  (if #f #f))

;;;
;;; Ports.
;;;

;; Input: a soft port in ISO-8859-1, so each character is exactly one
;; byte.  Guile asks a soft port for one character at a time, so the
;; port never takes from the socket more than the program reads, and
;; its char-ready? procedure lets u8-ready? poll the socket without
;; blocking (a custom binary input port would have neither: Guile 3.0.8
;; gives it no char-ready? hook, so u8-ready? would always say #t).
;; The price is one recv per byte.  Closing the port, or its garbage
;; collection, does nothing to the socket.
(define (%socket-input-port s)
  (define who 'socket-input-port)
  (letrec* ((sock (%open-port who s))
            (buf (make-bytevector 1))
            ;; Allocated once: this is the per-byte path.
            (receive (lambda () (recv! sock buf)))
            (handler (lambda (key . args)
                       (if (eqv? (%system-error-errno key args) %eintr)
                           #f
                           (%convert-throw who key args))))
            (get-char
             (lambda ()
               (if (%socket-closed? s)
                   (%raise who "socket is closed" s))
               (let ((n (catch #t receive handler)))
                 (cond ((eqv? n 0) (eof-object))
                       (n (integer->char (bytevector-u8-ref buf 0)))
                       (else (get-char))))))             ; EINTR
            (ready
             (lambda ()
               (if (%socket-closed? s)
                   (%raise who "socket is closed" s))
               (let ((r (%guile-call who
                          (lambda () (select (list (fileno sock)) '() '() 0)))))
                 (if (null? (car r)) 0 1))))
            (port (make-soft-port (vector #f #f #f get-char #f ready) "r")))
    (set-port-encoding! port "ISO-8859-1")
    port))

;; Output: an unbuffered custom binary port whose writes go straight to
;; the socket (so they stay in order with socket-send).  Closing the
;; port does nothing to the socket.
(define (%socket-output-port s)
  (define who 'socket-output-port)
  (%open-port who s)
  (let ((port (make-custom-binary-output-port
               "socket-output-port"
               (lambda (bv start count)
                 (let ((sock (%open-port who s)))
                   (%send-all who sock bv start count 0)))
               #f #f #f)))
    (setvbuf port 'none)
    port))

;;;
;;; call-with-socket.
;;;

(define (%call-with-socket s proc)
  (define who 'call-with-socket)
  (unless (%socket? s)
    (%raise who "wrong argument type, expected a socket" s))
  (%check who procedure? proc "a procedure")
  (call-with-values (lambda () (proc s))
    (lambda results
      (%socket-close s)
      (apply values results))))

;;;
;;; The exported procedures: every wrong number of arguments is an error
;;; object naming the procedure too.
;;;

(define (%with-arity who min max proc)
  (let ((wrapper
         (lambda args
           (let ((n (length args)))
             (if (and (>= n min) (or (not max) (<= n max)))
                 (apply proc args)
                 (%raise who
                         (format #f "wrong number of arguments (~a, expected ~a)"
                                 n
                                 (cond ((eqv? min max) min)
                                       ((not max) (format #f "at least ~a" min))
                                       (else (format #f "~a to ~a" min max))))
                         args))))))
    (set-procedure-property! wrapper 'name who)
    wrapper))

(define socket?            (%with-arity 'socket? 1 1 %socket?))
(define make-client-socket (%with-arity 'make-client-socket 2 6 %make-client-socket))
(define make-server-socket (%with-arity 'make-server-socket 1 4 %make-server-socket))
(define socket-accept      (%with-arity 'socket-accept 1 1 %socket-accept))
(define socket-send        (%with-arity 'socket-send 2 3 %socket-send))
(define socket-recv        (%with-arity 'socket-recv 2 3 %socket-recv))
(define socket-shutdown    (%with-arity 'socket-shutdown 2 2 %socket-shutdown))
(define socket-close       (%with-arity 'socket-close 1 1 %socket-close))
(define socket-input-port  (%with-arity 'socket-input-port 1 1 %socket-input-port))
(define socket-output-port (%with-arity 'socket-output-port 1 1 %socket-output-port))
(define call-with-socket   (%with-arity 'call-with-socket 2 2 %call-with-socket))
(define socket-merge-flags (%with-arity 'socket-merge-flags 0 #f %socket-merge-flags))
(define socket-purge-flags (%with-arity 'socket-purge-flags 1 #f %socket-purge-flags))

;;;
;;; Flag syntax.  Names are resolved when the form is expanded; an
;;; unknown, repeated or missing name is a syntax error.
;;;

(eval-when (expand load eval)
  ;; TABLE: alist name -> value.  MULTIPLE?: several names allowed.
  ;; COMBINE: list of values -> value.
  (define (%flag-transformer who table multiple? combine)
    (lambda (form)
      (define expected
        (string-join (map (lambda (e) (symbol->string (car e))) table)
                     ", "))
      (define (fail message subform)
        ;; WHO is left out of the condition (it is in the message) so
        ;; that Guile's report does not print the operator twice.
        (syntax-violation #f
                          (string-append (symbol->string who) ": " message)
                          form subform))
      (syntax-case form ()
        ((_ name ...)
         (let ((ids #'(name ...)))
           (when (null? ids)
             (fail (string-append
                    (if multiple?
                        "no name given, expected one or more of "
                        "no name given, expected one of ")
                    expected)
                   #f))
           (when (and (not multiple?) (pair? (cdr ids)))
             (fail "exactly one name expected" #f))
           (let loop ((ids ids) (seen '()) (vals '()))
             (if (null? ids)
                 (combine (reverse vals) (reverse seen))
                 (let* ((id (car ids))
                        (sym (and (identifier? id) (syntax->datum id))))
                   (cond
                    ((not sym)
                     (fail (format #f "not a name: ~s" (syntax->datum id))
                           id))
                    ((memq sym seen)
                     (fail (format #f "repeated name ~a" sym) id))
                    ((assq sym table)
                     => (lambda (entry)
                          (loop (cdr ids) (cons sym seen)
                                (cons (cdr entry) vals))))
                    (else
                     (fail (format #f "unknown name ~a (expected ~a)"
                                   sym expected)
                           id))))))))
        (_ (fail "malformed form" #f)))))

  (define (%merge vals names) (apply logior vals))
  (define (%single vals names) (car vals)))

(define-syntax address-family
  (%flag-transformer 'address-family
                     `((inet . ,*af-inet*)
                       (inet6 . ,*af-inet6*)
                       (unspec . ,*af-unspec*))
                     #f %single))

(define-syntax address-info
  (%flag-transformer 'address-info
                     `((canoname . ,*ai-canonname*)
                       (canonname . ,*ai-canonname*)
                       (numerichost . ,*ai-numerichost*)
                       (v4mapped . ,*ai-v4mapped*)
                       (all . ,*ai-all*)
                       (addrconfig . ,*ai-addrconfig*))
                     #t %merge))

(define-syntax socket-domain
  (%flag-transformer 'socket-domain
                     `((stream . ,*sock-stream*)
                       (datagram . ,*sock-dgram*))
                     #f %single))

(define-syntax ip-protocol
  (%flag-transformer 'ip-protocol
                     `((ip . ,*ipproto-ip*)
                       (tcp . ,*ipproto-tcp*)
                       (udp . ,*ipproto-udp*))
                     #f %single))

(define-syntax message-type
  (%flag-transformer 'message-type
                     `((none . 0)
                       (peek . ,*msg-peek*)
                       (oob . ,*msg-oob*)
                       (wait-all . ,*msg-waitall*))
                     #t %merge))

(define-syntax shutdown-method
  (%flag-transformer 'shutdown-method
                     `((read . ,*shut-rd*)
                       (write . ,*shut-wr*))
                     #t
                     (lambda (vals names)
                       (if (null? (cdr names))
                           (car vals)
                           *shut-rdwr*))))
