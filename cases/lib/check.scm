;; The srfi106-conform check library: definitions every case can use.
;; It is portable R7RS using only (scheme base) and the core of SRFI 106
;; (make-client-socket, make-server-socket, socket-accept, socket-send,
;; socket-recv, socket-close), so that a case fails only for what it
;; tests. A program carries only the definitions its case uses. The
;; harness reads only the lines printed here, which start with
;; "@conform "; anything else an implementation prints is ignored.

;; Prints one line the harness owns, and flushes so the harness sees it
;; at once (a case may block right after).
(define (conform-emit . parts)
  (let ((out (current-output-port)))
    (write-string "@conform " out)
    (for-each (lambda (p) (write-string p out)) parts)
    (newline out)
    (flush-output-port out)))

;; The printed form of a token, or #f: strings and symbols as they are,
;; exact integers in decimal, booleans as #t/#f, characters as themselves.
(define (conform-printable x)
  (cond ((string? x) x)
        ((symbol? x) (symbol->string x))
        ((and (integer? x) (exact? x)) (number->string x))
        ((eq? x #t) "#t")
        ((eq? x #f) "#f")
        ((char? x) (string x))
        (else #f)))

;; A printable token for a value a case chose to print. Anything else
;; (bytevectors, condition objects, procedures) has no portable printed
;; form, so it is refused.
(define (conform-token x)
  (or (conform-printable x)
      (error "say: print tokens you choose, not values like this" x)))

;; (say token ...): one transcript line, "say" then the tokens.
(define (say . items)
  (conform-emit
   "say"
   (let loop ((items items) (acc ""))
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

;; #t if (make) returns a socket, which is closed at once; #f if it raises
;; or returns #f. SRFI 106 does not say how a constructor reports that it
;; could not make a socket (raising is the suite's ruling R-ERRORS), so
;; cases about what does not connect accept both.
(define (made? make)
  (let ((s (guard (e (#t #f)) (make))))
    (and s (guard (e (#t #f)) (socket-close s) #t))))

;; Tells a peer waiting with `await NAME` to go on.
(define (signal name)
  (conform-emit "signal " (conform-token name)))

;; What was raised, in a line: an error object's message and irritants,
;; or the object itself.
(define (conform-describe e)
  (define (shown x) (or (conform-printable x) "#<object>"))
  (if (error-object? e)
      (let loop ((irritants (error-object-irritants e)) (acc (shown (error-object-message e))))
        (if (pair? irritants)
            (loop (cdr irritants) (string-append acc " " (shown (car irritants))))
            acc))
      (shown e)))

;; Makes the case's server on server-port (with make-server-socket's
;; optional arguments) and tells the harness it is ready. If
;; make-server-socket raises, the harness is told what it raised (it runs
;; the case again on another port if the port was taken), and the raise
;; goes on.
(define (serve . options)
  (let ((s (guard (e (#t (conform-emit "bind-failed " (conform-describe e)) (raise e)))
             (apply make-server-socket server-port options))))
    (conform-emit "ready")
    s))

;; The pattern peers send and check: byte i is (7 i) mod 251. The first
;; 251 bytes are set one by one, then copied forward in place, doubling.
(define (pattern n)
  (let ((bv (make-bytevector n 0)))
    (do ((i 0 (+ i 1))) ((or (= i n) (= i 251)))
      (bytevector-u8-set! bv i (modulo (* i 7) 251)))
    (let grow ((k 251))
      (when (< k n)
        (bytevector-copy! bv k bv 0 (min k (- n k)))
        (grow (* k 2))))
    bv))

;; #t if bv holds the pattern's bytes from offset on.
(define (pattern-at? bv offset)
  (let ((start (modulo offset 251)))
    (equal? bv (bytevector-copy (pattern (+ start (bytevector-length bv))) start))))

;; Receives from socket until size bytes have arrived or the stream ends
;; (anything but a non-empty bytevector ends it), in socket-recv calls of
;; at most chunk bytes; returns the bytes.
(define (recv-all socket size chunk)
  (let loop ((parts '()) (got 0))
    (if (>= got size)
        (apply bytevector-append (reverse parts))
        (let ((bv (socket-recv socket (min chunk (- size got)))))
          (if (and (bytevector? bv) (> (bytevector-length bv) 0))
              (loop (cons bv parts) (+ got (bytevector-length bv)))
              (apply bytevector-append (reverse parts)))))))

;; Sends all of bv, calling socket-send again on the rest when it reports
;; that it sent only part (SRFI 106 does not say whether one call sends
;; everything). Any other answer ends it: what the peer received shows.
;; (integer? before exact?: exact? of a non-number is an error in R7RS.)
(define (send-all socket bv)
  (let loop ((from 0))
    (when (< from (bytevector-length bv))
      (let ((n (socket-send socket (if (= from 0) bv (bytevector-copy bv from)))))
        (when (and (integer? n) (exact? n) (< 0 n (- (bytevector-length bv) from)))
          (loop (+ from n)))))))

;; The text of a bytevector (UTF-8).
(define (text bv) (utf8->string bv))

;; Marks the end of the case: a case that does not reach it crashed.
(define (conform-done) (conform-emit "done"))
