;;@ description: the 19 constants are exact integers
;;@ spec: const.integers
;;@ ruling: R-CONST
(define constants
  (list (cons '*af-unspec* *af-unspec*) (cons '*af-inet* *af-inet*) (cons '*af-inet6* *af-inet6*)
        (cons '*sock-stream* *sock-stream*) (cons '*sock-dgram* *sock-dgram*)
        (cons '*ai-canonname* *ai-canonname*) (cons '*ai-numerichost* *ai-numerichost*)
        (cons '*ai-v4mapped* *ai-v4mapped*) (cons '*ai-all* *ai-all*)
        (cons '*ai-addrconfig* *ai-addrconfig*)
        (cons '*ipproto-ip* *ipproto-ip*) (cons '*ipproto-tcp* *ipproto-tcp*)
        (cons '*ipproto-udp* *ipproto-udp*)
        (cons '*msg-peek* *msg-peek*) (cons '*msg-oob* *msg-oob*) (cons '*msg-waitall* *msg-waitall*)
        (cons '*shut-rd* *shut-rd*) (cons '*shut-wr* *shut-wr*) (cons '*shut-rdwr* *shut-rdwr*)))
;; exact? of a non-number is an error in R7RS: ask integer? first.
(define (exact-integer-value? x) (and (integer? x) (exact? x)))
;; Names the constants that are not exact integers, then counts those that are.
(for-each (lambda (c)
            (unless (exact-integer-value? (cdr c))
              (say (car c) 'not-an-exact-integer)))
          constants)
(say 'exact-integers
     (let loop ((cs constants) (n 0))
       (cond ((null? cs) n)
             ((exact-integer-value? (cdar cs)) (loop (cdr cs) (+ n 1)))
             (else (loop (cdr cs) n)))))
