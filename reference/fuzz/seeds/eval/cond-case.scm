;; Checks cond (with =>, else, test-only clauses, multiple body
;; expressions), case (lists of datums, symbols, numbers, characters,
;; =>, else =>), when, unless, and, or, and if without an alternative
;; used only for effect.


(define (check label val) (display label) (display ": ") (write val) (newline))

(define (classify n)
  (cond ((< n 0) 'negative)
        ((= n 0) 'zero)
        ((< n 10) 'small)
        (else 'large)))
(check "cond" (map classify '(-5 0 3 42)))
(check "cond-arrow" (cond ((assv 'b '((a 1) (b 2))) => cadr) (else 'nope)))
(check "cond-arrow-false" (cond ((assv 'z '((a 1))) => cadr) (else 'nope)))
(check "cond-test-only" (cond ((memq 'c '(a b c d))) (else 'no)))
(check "cond-test-only-value" (cond (#f) (42)))
(check "cond-body-sequence" (cond (#t 'first 'second 'third)))
(check "cond-else-sequence" (cond (#f 1) (else 'a 'b)))
(check "cond-first-true" (cond (1 'one) (2 'two)))
(check "cond-arrow-lambda" (cond ((+ 1 2) => (lambda (x) (* x 10)))))

(define (kind x)
  (case x
    ((1 2 3) 'small-number)
    ((a e i o u) 'vowel)
    ((#\x #\y) 'char)
    ((()) 'empty-list)
    ((#t) 'true)
    (else 'other)))
(check "case" (map kind (list 2 'e #\y '() #t 'z 99)))
(check "case-arrow" (case 5 ((5) => (lambda (x) (* x x))) (else 'no)))
(check "case-else-arrow" (case 'q ((a) 'a) (else => (lambda (x) (list x 'fell-through)))))
(check "case-sequence" (case 'k ((k) 'one 'two) (else 'no)))
(check "case-key-evaluated-once"
       (let ((n 0))
         (case (begin (set! n (+ n 1)) 'b) ((a) 'a) ((b) 'b) ((c) 'c))
         n))
(check "case-negative-and-large" (case -7 ((-7 1000000) 'matched) (else 'no)))
(check "case-string-datum-uses-eqv" (case (string #\a) (("a") 'string-matched) (else 'not-eqv)))

(check "when-true" (when (> 1 0) 'a 'b 'c))
(check "unless-false" (unless (> 0 1) 'x 'y))
(define effects '())
(when #f (set! effects (cons 'when-false effects)))
(unless #t (set! effects (cons 'unless-true effects)))
(when #t (set! effects (cons 'when-true effects)))
(unless #f (set! effects (cons 'unless-false effects)))
(check "when-unless-effects" (reverse effects))

(check "and" (list (and) (and 1) (and 1 2 3) (and 1 #f 3) (and #f (car '()))))
(check "or" (list (or) (or #f) (or #f 2) (or 1 (car '())) (or #f #f)))
(check "and-or-values" (list (and 'a 'b) (or #f '() 'c)))
(define counted 0)
(define (tick v) (set! counted (+ counted 1)) v)
(and (tick #t) (tick #f) (tick #t))
(check "and-short-circuit" counted)
(set! counted 0)
(or (tick #f) (tick 'x) (tick #t))
(check "or-short-circuit" counted)

(define flag 'unset)
(if #t (set! flag 'set))
(check "if-one-armed" flag)
(check "if-nested" (if #f 'a (if #f 'b 'c)))
(check "if-non-boolean-test" (list (if 0 'y 'n) (if '() 'y 'n) (if "" 'y 'n)))
