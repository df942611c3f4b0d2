;; Checks exact integer arithmetic on small integers: + - * with any
;; number of arguments, comparisons (incl. several arguments),
;; predicates, abs/min/max, gcd/lcm, expt, square and
;; exact-integer-sqrt.  Integers beyond 32 bits are checked in
;; beyond-r7rs-integers, exact-integer? of a non-number in
;; beyond-r7rs-exact-integer-arg.
(import (scheme base) (scheme write))

(define (check label val) (display label) (display ": ") (write val) (newline))

(check "plus" (list (+) (+ 5) (+ 1 2) (+ 1 2 3 4 5)))
(check "times" (list (*) (* 7) (* 2 3) (* 1 2 3 4 5)))
(check "minus" (list (- 5) (- 10 3) (- 10 1 2 3) (- 0 7)))
(check "negative-literals" (list -0 -1 +5 (- -8)))
(check "mixed-signs" (list (+ -3 5) (* -3 5) (* -3 -5) (- -3 -5)))

(check "=" (list (= 1 1) (= 1 2) (= 3 3 3) (= 3 3 4)))
(check "<" (list (< 1 2) (< 2 1) (< 1 2 3) (< 1 3 2) (< -5 0)))
(check ">" (list (> 2 1) (> 1 2) (> 3 2 1) (> 3 1 2)))
(check "<=" (list (<= 1 1) (<= 1 2 2 3) (<= 2 1)))
(check ">=" (list (>= 1 1) (>= 3 2 2 1) (>= 1 2)))

(check "number?" (list (number? 1) (number? 'a) (number? "1")))
(check "integer?" (list (integer? 5) (integer? -5) (integer? 'x)))
(check "exact?" (list (exact? 5) (exact? -5)))
(check "exact-integer?" (list (exact-integer? 5)))
(check "tower-predicates" (list (rational? 3) (real? 3) (complex? 3)))
(check "zero?" (list (zero? 0) (zero? 1) (zero? -1)))
(check "positive?" (list (positive? 1) (positive? 0) (positive? -1)))
(check "negative?" (list (negative? -1) (negative? 0) (negative? 1)))
(check "odd?" (list (odd? 1) (odd? 2) (odd? -3) (odd? 0)))
(check "even?" (list (even? 0) (even? 2) (even? -4) (even? 7)))

(check "abs" (list (abs -7) (abs 7) (abs 0)))
(check "min" (list (min 3) (min 3 1 2) (min -1 -5 0)))
(check "max" (list (max 3) (max 3 1 2) (max -1 -5 0)))
(check "gcd" (list (gcd) (gcd 12) (gcd 32 -36) (gcd 0 5) (gcd 12 18 24)))
(check "lcm" (list (lcm) (lcm 4) (lcm 32 -36) (lcm 4 6 10) (lcm 0 5)))
(check "expt" (list (expt 2 10) (expt 0 0) (expt 0 5) (expt 5 0) (expt -2 3) (expt 3 4)))
(check "square" (list (square 5) (square -7) (square 0)))
(check "exact-integer-sqrt"
       (map (lambda (n) (call-with-values (lambda () (exact-integer-sqrt n)) list))
            '(0 1 4 17 1000000 99)))
