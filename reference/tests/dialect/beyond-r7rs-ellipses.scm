;; beyond R7RS: the reference accepts SRFI 149's consecutive ellipses in a syntax-rules template, (b ... ...) flattening one level of nesting, while R7RS 4.3.2 allows a single <ellipsis> after each template element.
;; Checks a template `(b ... ...)` that splices the elements of every
;; group matched by a nested-ellipsis pattern into one list.
(import (scheme base) (scheme write))

(define (check label val) (display label) (display ": ") (write val) (newline))

;; from syntax-rules-patterns
(define-syntax heads-tails
  (syntax-rules ()
    ((_ (a b ...) ...) '(heads (a ...) tails (b ... ...)))))
(check "nested-flatten" (heads-tails (1 2 3) (4) (5 6)))
