;; Checks cond-expand with the r7rs feature, an unknown feature and
;; else, at top level (selecting definitions) and as an expression.


(define (check label val) (display label) (display ": ") (write val) (newline))

(cond-expand
 (r7rs (define which 'r7rs-branch))
 (else (define which 'else-branch)))
(check "top-level-r7rs" which)

(cond-expand
 (srfi-106-dialect-test-unknown-feature (define other 'unknown-branch))
 (else (define other 'else-branch)))
(check "top-level-else" other)

(cond-expand
 (r7rs
  (define (helper x) (list 'helper x))
  (define helper-value (helper 1))))
(check "top-level-several-defines" helper-value)

(check "expression-r7rs" (cond-expand (r7rs 'yes) (else 'no)))
(check "expression-unknown" (cond-expand (srfi-106-dialect-test-unknown-feature 'yes) (else 'no)))
(check "first-matching-clause"
       (cond-expand (srfi-106-dialect-test-unknown-feature 'a) (r7rs 'b) (else 'c)))
(check "expression-sequence" (cond-expand (r7rs 'one 'two 'three)))

(define (in-body)
  (cond-expand
   (r7rs (define local 'local-r7rs))
   (else (define local 'local-else)))
  local)
(check "in-body" (in-body))
