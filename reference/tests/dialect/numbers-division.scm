;; Checks integer division on all sign combinations: quotient,
;; remainder, modulo, floor/ and truncate/ (two values),
;; floor-quotient, floor-remainder, truncate-quotient,
;; truncate-remainder, plus exact division with / when the result is an
;; integer.
(import (scheme base) (scheme write))

(define (check label val) (display label) (display ": ") (write val) (newline))

(define pairs '((17 5) (-17 5) (17 -5) (-17 -5) (15 5) (-15 5) (0 3) (3 7) (-3 7)))

(define (table op) (map (lambda (p) (op (car p) (cadr p))) pairs))
(define (table2 op)
  (map (lambda (p) (call-with-values (lambda () (op (car p) (cadr p))) list)) pairs))

(check "pairs" pairs)
(check "quotient" (table quotient))
(check "remainder" (table remainder))
(check "modulo" (table modulo))
(check "floor/" (table2 floor/))
(check "truncate/" (table2 truncate/))
(check "floor-quotient" (table floor-quotient))
(check "floor-remainder" (table floor-remainder))
(check "truncate-quotient" (table truncate-quotient))
(check "truncate-remainder" (table truncate-remainder))

(check "identity-floor"
       (map (lambda (p)
              (let ((n (car p)) (d (cadr p)))
                (= n (+ (* d (floor-quotient n d)) (floor-remainder n d)))))
            pairs))
(check "modulo-sign-follows-divisor" (list (modulo 13 4) (modulo -13 4) (modulo 13 -4) (modulo -13 -4)))
(check "remainder-sign-follows-dividend" (list (remainder 13 4) (remainder -13 4) (remainder 13 -4) (remainder -13 -4)))
(check "exact-division" (list (/ 10 2) (/ -12 4) (/ 100 10 5) (/ 0 7)))
(check "divide-by-one" (list (quotient 12345 1) (remainder 12345 1) (modulo -12345 1)))
