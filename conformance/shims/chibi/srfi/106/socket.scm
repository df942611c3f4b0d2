;;; SRFI 106 for Chibi-Scheme: the procedures, the flag operators and the
;;; constants, following srfi106-conform's rulings where SRFI 106 is
;;; silent (CONFORMANCE.md, "Rulings").
;;;
;;; A socket is a record holding the file descriptor object (chibi net)
;;; gives. Every error is an R7RS error object whose message starts with
;;; the procedure's name.

;;; Constants: the system's values, from (chibi net) where it has them and
;;; from system.so where it does not.

(define *af-unspec* address-family/unspecified)
(define *af-inet* address-family/inet)
(define *af-inet6* address-family/inet6)
(define *sock-stream* socket-type/stream)
(define *sock-dgram* socket-type/datagram)
(define *ai-canonname* ai/canonname)
(define *ai-numerichost* ai/numeric-host)
(define *ai-v4mapped* srfi-106/ai-v4mapped)
(define *ai-all* srfi-106/ai-all)
(define *ai-addrconfig* srfi-106/ai-addrconfig)
(define *ipproto-ip* ip-proto/ip)
(define *ipproto-tcp* ip-proto/tcp)
(define *ipproto-udp* ip-proto/udp)
(define *msg-peek* srfi-106/msg-peek)
(define *msg-oob* srfi-106/msg-oob)
(define *msg-waitall* srfi-106/msg-waitall)
(define *shut-rd* srfi-106/shut-rd)
(define *shut-wr* srfi-106/shut-wr)
(define *shut-rdwr* srfi-106/shut-rdwr)

;;; Flags: or to merge, and-not to purge (R-MERGE).

(define (socket-merge-flags . flags)
  (apply bitwise-ior 0 flags))

(define (socket-purge-flags base . flags)
  (bitwise-and base (bitwise-not (apply bitwise-ior 0 flags))))

;;; The flag operators are syntax that reads its operands as names, by
;;; name: a local variable called inet does not change (address-family
;;; inet), and a program need not import anything for read or write to
;;; name a shutdown method. An unknown name, a repeated one, or none for
;;; the operators that take one, is an error when the form is expanded
;;; (R-FLAGS).

(define-syntax define-flag-operator
  (syntax-rules ()
    ((_ operator single? (name constant) ...)
     (define-syntax operator
       (er-macro-transformer
        (lambda (form rename compare)
          (let* ((table (list (cons 'name 'constant) ...))
                 (names (map (lambda (x) (if (identifier? x) (identifier->symbol x) x)) (cdr form))))
            (define (bad message irritant)
              (error (string-append (symbol->string 'operator) ": " message) irritant))
            (if (and single? (not (= (length names) 1)))
                (bad "takes exactly one name" form))
            (let loop ((rest names) (seen '()))
              (cond ((null? rest) #t)
                    ((not (assq (car rest) table)) (bad "unknown name" (car rest)))
                    ((memq (car rest) seen) (bad "repeated name" (car rest)))
                    (else (loop (cdr rest) (cons (car rest) seen)))))
            (cons (rename 'socket-merge-flags)
                  (map (lambda (n)
                         (let ((value (cdr (assq n table))))
                           (if (symbol? value) (rename value) value)))
                       names)))))))))

(define-flag-operator address-family #t
  (inet *af-inet*) (inet6 *af-inet6*) (unspec *af-unspec*))

;; SRFI 106 spells the name canoname; canonname is accepted too.
(define-flag-operator address-info #f
  (canoname *ai-canonname*) (canonname *ai-canonname*) (numerichost *ai-numerichost*)
  (v4mapped *ai-v4mapped*) (all *ai-all*) (addrconfig *ai-addrconfig*))

(define-flag-operator socket-domain #t
  (stream *sock-stream*) (datagram *sock-dgram*))

(define-flag-operator ip-protocol #t
  (ip *ipproto-ip*) (tcp *ipproto-tcp*) (udp *ipproto-udp*))

(define-flag-operator message-type #f
  (none 0) (peek *msg-peek*) (oob *msg-oob*) (wait-all *msg-waitall*))

;; Both names give *shut-rdwr*: the methods are an enumeration, not bits.
(define-syntax shutdown-method
  (er-macro-transformer
   (lambda (form rename compare)
     (let ((names (map (lambda (x) (if (identifier? x) (identifier->symbol x) x)) (cdr form))))
       (define (bad message irritant) (error (string-append "shutdown-method: " message) irritant))
       (for-each (lambda (n) (if (not (memq n '(read write))) (bad "unknown name" n))) names)
       (cond ((equal? names '(read)) (rename '*shut-rd*))
             ((equal? names '(write)) (rename '*shut-wr*))
             ((or (equal? names '(read write)) (equal? names '(write read))) (rename '*shut-rdwr*))
             ((null? names) (bad "takes read, write or both" form))
             (else (bad "repeated name" form)))))))

;;; Sockets.

(define-record-type <socket>
  (make-socket fd type open)
  socket?
  (fd socket-fd)
  (type socket-type)
  (open socket-open? set-socket-open!))

(define (fail who message . irritants)
  (apply error (string-append (symbol->string who) ": " message) irritants))

(define (system-failure who code . irritants)
  (apply fail who (integer->error-string (- code)) irritants))

(define (open-fd who s)
  (if (not (socket? s)) (fail who "not a socket" s))
  (if (not (socket-open? s)) (fail who "the socket is closed" s))
  (socket-fd s))

(define (optional args i default)
  (cond ((null? args) default)
        ((zero? i) (car args))
        (else (optional (cdr args) (- i 1) default))))

;; (chibi net) makes the sockets it binds, listens on or accepts
;; non-blocking, for its green threads; SRFI 106's calls block.
(define (blocking! fd)
  (let ((status (get-file-descriptor-status fd)))
    (if (and (integer? status) (>= status 0))
        (set-file-descriptor-status! fd (bitwise-and status (bitwise-not open/non-block))))))

(define (check-string who what x)
  (if (not (string? x)) (fail who (string-append what " must be a string") x)))

;; getaddrinfo(3) with these hints: the list of address infos, or an error.
(define (addresses who node service family type protocol flags)
  (let ((first (get-address-info node service (make-address-info family type protocol flags))))
    (if (not first) (fail who "cannot resolve" node service))
    (let loop ((ai first) (acc '()))
      (if ai (loop (address-info-next ai) (cons ai acc)) (reverse acc)))))

;; A socket made for ai, or the failure's message.
(define (open-socket ai)
  (let ((fd (socket (address-info-family ai) (address-info-socket-type ai) (address-info-protocol ai))))
    (if fd fd "cannot make a socket")))

;;> (make-client-socket node service [ai-family [ai-socktype [ai-flags
;;> [ai-protocol]]]]) -> socket: getaddrinfo(3), then socket(2) and
;;> connect(2) to each address until one connects (datagram sockets too:
;;> R-DGRAM). node and service are strings (R-ARGS).
(define (make-client-socket node service . options)
  (check-string 'make-client-socket "node" node)
  (check-string 'make-client-socket "service" service)
  (let ((family (optional options 0 *af-inet*))
        (type (optional options 1 *sock-stream*))
        (flags (optional options 2 (bitwise-ior *ai-v4mapped* *ai-addrconfig*)))
        (protocol (optional options 3 *ipproto-ip*)))
    (let loop ((ais (addresses 'make-client-socket node service family type protocol flags)) (why "no address"))
      (if (null? ais)
          (fail 'make-client-socket why node service)
          (let ((fd (open-socket (car ais))))
            (cond ((string? fd) (loop (cdr ais) fd))
                  ((negative? (connect fd (address-info-address (car ais)) (address-info-address-length (car ais))))
                   (srfi-106/close fd)
                   (loop (cdr ais) "cannot connect"))
                  (else (make-socket fd (address-info-socket-type (car ais)) #t))))))))

;;> (make-server-socket service [ai-family [ai-socktype [ai-protocol]]])
;;> -> socket: getaddrinfo(3) with AI_PASSIVE, socket(2), SO_REUSEADDR,
;;> bind(2) to the wildcard address, and for a stream socket listen(2)
;;> with SOMAXCONN (R-SERVER-BIND). A datagram socket is bound and does
;;> not listen (R-DGRAM).
(define (make-server-socket service . options)
  (check-string 'make-server-socket "service" service)
  (let* ((family (optional options 0 *af-inet*))
         (type (optional options 1 *sock-stream*))
         (protocol (optional options 2 *ipproto-ip*))
         (ai (car (addresses 'make-server-socket #f service family type protocol ai/passive)))
         (fd (open-socket ai)))
    (if (string? fd) (fail 'make-server-socket fd service))
    (set-socket-option! fd level/socket socket-opt/reuseaddr 1)
    (cond ((not (bind fd (address-info-address ai) (address-info-address-length ai)))
           (srfi-106/close fd)
           (fail 'make-server-socket "cannot bind" service))
          ((and (= (address-info-socket-type ai) *sock-stream*) (not (listen fd srfi-106/somaxconn)))
           (srfi-106/close fd)
           (fail 'make-server-socket "cannot listen" service))
          (else
           (blocking! fd)
           (make-socket fd (address-info-socket-type ai) #t)))))

;;> (socket-accept socket) -> socket: accept(2), waiting for a
;;> connection. On a socket that does not listen it raises (R-ERRORS).
(define (socket-accept s)
  (let* ((fd (open-fd 'socket-accept s))
         (client (accept fd (make-sockaddr) 16))
         (status (and client (get-file-descriptor-status client))))
    (if (not (and (integer? status) (>= status 0)))
        (fail 'socket-accept "cannot accept a connection" s))
    (blocking! client)
    (make-socket client (socket-type s) #t)))

;;> (socket-send socket bv [flags]) -> size: send(2) with MSG_NOSIGNAL (a
;;> peer that has gone raises; no SIGPIPE), again on what is left until
;;> every byte is sent (R-SEND).
(define (socket-send s bv . options)
  (let ((fd (open-fd 'socket-send s))
        (flags (bitwise-ior (optional options 0 0) srfi-106/msg-nosignal)))
    (if (not (bytevector? bv)) (fail 'socket-send "not a bytevector" bv))
    (let ((total (bytevector-length bv)))
      (let loop ((sent 0))
        (if (and (= sent total) (or (> total 0) (= (socket-type s) *sock-stream*)))
            total
            (let ((n (send fd (if (zero? sent) bv (bytevector-copy bv sent)) flags)))
              (cond ((negative? n) (fail 'socket-send "cannot send" s))
                    ((= total 0) 0)
                    (else (loop (+ sent n))))))))))

;;> (socket-recv socket size [flags]) -> bv: one recv(2) of at most size
;;> bytes; #u8() only at the end of the stream, a receive error raises
;;> (R-RECV). size is a positive exact integer.
(define (socket-recv s size . options)
  (let ((fd (open-fd 'socket-recv s)))
    (if (not (and (exact-integer? size) (positive? size)))
        (fail 'socket-recv "size must be a positive exact integer" size))
    (let* ((buffer (make-bytevector size))
           (n (receive! fd buffer (optional options 0 0))))
      (cond ((negative? n) (fail 'socket-recv "cannot receive" s))
            ((= n size) buffer)
            (else (bytevector-copy buffer 0 n))))))

;;> (socket-shutdown socket how): shutdown(2). how is *shut-rd*,
;;> *shut-wr* or *shut-rdwr*; anything else raises (R-SHUTDOWN).
(define (socket-shutdown s how)
  (let ((fd (open-fd 'socket-shutdown s)))
    (if (not (memv how (list *shut-rd* *shut-wr* *shut-rdwr*)))
        (fail 'socket-shutdown "how must be *shut-rd*, *shut-wr* or *shut-rdwr*" how))
    (let ((result (srfi-106/shutdown fd how)))
      (if (negative? result) (system-failure 'socket-shutdown result s)))))

;;> (socket-close socket): close(2), once; closing again does nothing, and
;;> every other operation on a closed socket raises (R-CLOSE).
(define (socket-close s)
  (if (not (socket? s)) (fail 'socket-close "not a socket" s))
  (if (socket-open? s)
      (begin
        (set-socket-open! s #f)
        (srfi-106/close (socket-fd s))))
  (if #f #f))

;;> (socket-input-port socket) -> binary-input-port: a fresh port each
;;> call. It takes one byte per recv(2), so it never reads ahead of what
;;> the program asked for (R-PORTS); closing it leaves the socket open.
(define (socket-input-port s)
  (open-fd 'socket-input-port s)
  (let ((one (make-bytevector 1)))
    (make-custom-binary-input-port
     (lambda (bv start end)
       (let ((n (receive! (open-fd 'read-u8 s) one 0)))
         (cond ((negative? n) (fail 'socket-input-port "cannot receive" s))
               ((zero? n) start)
               (else (bytevector-u8-set! bv start (bytevector-u8-ref one 0))
                     (+ start 1))))))))

;;> (socket-output-port socket) -> binary-output-port: a fresh port each
;;> call, whose writes are sent (all of them) when it is flushed; closing
;;> it leaves the socket open.
(define (socket-output-port s)
  (open-fd 'socket-output-port s)
  (make-custom-binary-output-port
   (lambda (bv start end)
     (if (< start end) (socket-send s (bytevector-copy bv start end)))
     end)))

;;> (call-with-socket socket proc) -> the values of proc: the socket is
;;> closed when proc returns, and left open when it escapes or raises
;;> (R-CALL).
(define (call-with-socket s proc)
  (call-with-values (lambda () (proc s))
    (lambda results
      (socket-close s)
      (apply values results))))
