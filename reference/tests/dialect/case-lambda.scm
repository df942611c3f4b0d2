;; Checks case-lambda: dispatch on argument count, rest clauses, clause
;; order, recursion between clauses, and use as a first-class procedure.
(import (scheme base) (scheme write) (scheme case-lambda))

(define (check label val) (display label) (display ": ") (write val) (newline))

(define area
  (case-lambda
    ((r) (list 'circle r))
    ((w h) (list 'rect w h))
    ((a b c) (list 'triangle a b c))))
(check "one-arg" (area 1))
(check "two-args" (area 2 3))
(check "three-args" (area 4 5 6))

(define plus
  (case-lambda
    (() 0)
    ((x) x)
    ((x y) (+ x y))
    ((x y . rest) (apply plus (+ x y) rest))))
(check "zero" (plus))
(check "one" (plus 5))
(check "two" (plus 5 6))
(check "many" (plus 1 2 3 4 5 6 7 8 9 10))

(define describe
  (case-lambda
    ((x) 'exactly-one)
    (args (list 'any (length args)))))
(check "fixed-before-rest" (describe 'a))
(check "rest-catch-zero" (describe))
(check "rest-catch-three" (describe 'a 'b 'c))

(define first-match
  (case-lambda
    ((a . rest) (list 'first-clause a rest))
    ((a b) (list 'never a b))))
(check "clause-order" (first-match 1 2))

(define make-range
  (case-lambda
    ((end) (make-range 0 end))
    ((start end) (make-range start end 1))
    ((start end step)
     (let loop ((i start) (acc '()))
       (if (>= i end) (reverse acc) (loop (+ i step) (cons i acc)))))))
(check "range-1" (make-range 4))
(check "range-2" (make-range 2 5))
(check "range-3" (make-range 0 10 3))

(check "procedure?" (procedure? area))
(check "map-over-case-lambda" (map plus '(1 2 3) '(10 20 30)))
(check "apply-case-lambda" (apply area '(7 8)))

(define (make-acc)
  (let ((total 0))
    (case-lambda
      (() total)
      ((n) (set! total (+ total n)) total))))
(define acc (make-acc))
(acc 5)
(acc 10)
(check "closure-state" (acc))
