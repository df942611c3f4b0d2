;; Checks proper tail calls through special forms: cond (incl. =>),
;; case (incl. else =>), and, or, when, unless; each loop runs
;; 1,000,000 times.


(define (check label val) (display label) (display ": ") (write val) (newline))

(define n 1000000)

(define (loop-cond i)
  (cond ((= i 0) 'cond-done)
        ((> i 0) (loop-cond (- i 1)))))
(check "cond" (loop-cond n))

(define (loop-cond-arrow i)
  (cond ((= i 0) 'cond-arrow-done)
        ((- i 1) => loop-cond-arrow)))
(check "cond-arrow" (loop-cond-arrow n))

(define (loop-cond-else i)
  (cond ((= i 0) 'cond-else-done)
        (else (loop-cond-else (- i 1)))))
(check "cond-else" (loop-cond-else n))

(define (loop-case i)
  (case (if (= i 0) 'stop 'go)
    ((stop) 'case-done)
    ((go) (loop-case (- i 1)))))
(check "case" (loop-case n))

(define (loop-case-else i)
  (case (if (= i 0) 'stop 'go)
    ((stop) 'case-else-done)
    (else (loop-case-else (- i 1)))))
(check "case-else" (loop-case-else n))

(define (loop-case-arrow i)
  (case i
    ((0) 'case-arrow-done)
    (else => (lambda (j) (loop-case-arrow (- j 1))))))
(check "case-else-arrow" (loop-case-arrow n))

(define (loop-and i)
  (if (= i 0) 'and-done (and #t (> i 0) (loop-and (- i 1)))))
(check "and" (loop-and n))

(define (loop-or i)
  (if (= i 0) 'or-done (or #f (< i 0) (loop-or (- i 1)))))
(check "or" (loop-or n))

(define (loop-when i)
  (if (= i 0) 'when-done (when (> i 0) 'ignored (loop-when (- i 1)))))
(check "when" (loop-when n))

(define (loop-unless i)
  (if (= i 0) 'unless-done (unless (< i 0) 'ignored (loop-unless (- i 1)))))
(check "unless" (loop-unless n))
