;; The srfi106-conform check library: definitions every case can use.
;; It is portable R7RS (the case dialect) and is pasted into each program
;; after the imports. The harness reads only the lines printed here, which
;; start with "@conform "; anything else an implementation prints is ignored.

;; Prints one line the harness owns, and flushes so the harness sees it
;; at once (a case may block right after).
(define (conform-emit . parts)
  (let ((out (current-output-port)))
    (write-string "@conform " out)
    (for-each (lambda (p) (write-string p out)) parts)
    (newline out)
    (flush-output-port out)))

;; A printable token for a value a case chose to print: strings and
;; symbols as they are, exact integers in decimal, booleans as #t/#f,
;; characters as themselves. Anything else (bytevectors, condition
;; objects, procedures) has no portable printed form, so it is refused.
(define (conform-token x)
  (cond ((string? x) x)
        ((symbol? x) (symbol->string x))
        ((and (integer? x) (exact? x)) (number->string x))
        ((eq? x #t) "#t")
        ((eq? x #f) "#f")
        ((char? x) (string x))
        (else (error "say: print tokens you choose, not values like this" x))))

;; (say token ...): one transcript line, "say" then the tokens.
(define (say . items)
  (conform-emit
   (let loop ((items items) (acc "say"))
     (if (null? items)
         acc
         (loop (cdr items) (string-append acc " " (conform-token (car items))))))))

;; (check name ok?): one transcript line, "check NAME ok" or "check NAME FAILED".
(define (check name ok)
  (conform-emit "check " (conform-token name) (if ok " ok" " FAILED")))

;; #t if calling thunk raises anything (caught with guard), #f if it returns.
(define (raises? thunk)
  (guard (e (#t #t))
    (thunk)
    #f))

;; Tells a peer waiting with `await NAME` to go on.
(define (signal name)
  (conform-emit "signal " (conform-token name)))

;; Makes the case's server on server-port (with make-server-socket's
;; optional arguments) and tells the harness it is ready. If the port is
;; taken, the harness runs the case again on another one.
(define (serve . options)
  (let ((s (guard (e (#t (conform-emit "bind-failed") (exit 3)))
             (apply make-server-socket server-port options))))
    (conform-emit "ready")
    s))

;; The pattern peers send and check: byte i is (7 i) mod 251. Built by
;; doubling, so large patterns are quick to make.
(define (pattern n)
  (let ((block (make-bytevector 251)))
    (do ((i 0 (+ i 1))) ((= i 251))
      (bytevector-u8-set! block i (modulo (* i 7) 251)))
    (let grow ((b block))
      (if (>= (bytevector-length b) n)
          (bytevector-copy b 0 n)
          (grow (bytevector-append b b))))))

;; #t if bv holds the pattern's bytes from offset on.
(define (pattern-at? bv offset)
  (let ((start (modulo offset 251)))
    (equal? bv (bytevector-copy (pattern (+ start (bytevector-length bv))) start))))

;; Receives from socket until size bytes have arrived or the stream ends,
;; in socket-recv calls of at most chunk bytes; returns the bytes.
(define (recv-all socket size chunk)
  (let loop ((parts '()) (got 0))
    (if (>= got size)
        (apply bytevector-append (reverse parts))
        (let ((bv (socket-recv socket (min chunk (- size got)))))
          (if (= (bytevector-length bv) 0)
              (apply bytevector-append (reverse parts))
              (loop (cons bv parts) (+ got (bytevector-length bv))))))))

;; The text of a bytevector (UTF-8).
(define (text bv) (utf8->string bv))

;; Marks the end of the case: a case that does not reach it crashed.
(define (conform-done) (conform-emit "done"))
