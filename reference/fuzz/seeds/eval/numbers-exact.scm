;; Checks exact integer arithmetic within the 64-bit signed range:
;; + - * with any number of arguments, comparisons (incl. several
;; arguments), predicates, abs/min/max, gcd/lcm, expt, square,
;; exact-integer-sqrt, and values near the 64-bit limits.


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
(check "exact-integer?" (list (exact-integer? 5) (exact-integer? "5") (exact-integer? #\5)))
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
(check "expt-large" (expt 2 62))
(check "square" (list (square 5) (square -7) (square 0)))
(check "exact-integer-sqrt"
       (map (lambda (n) (call-with-values (lambda () (exact-integer-sqrt n)) list))
            '(0 1 4 17 1000000 99)))

(define max64 (+ (- (expt 2 62) 1) (expt 2 62)))
(define min64 (- (- (expt 2 62)) (expt 2 62)))
(check "max-int64" max64)
(check "min-int64" min64)
(check "max-plus-min" (+ max64 min64))
(check "big-product" (* 3037000499 3037000499))
(check "big-literal" 9223372036854775807)
(check "big-negative-literal" -9223372036854775808)
(check "big-compare" (list (< min64 0 max64) (> max64 (- max64 1))))
(check "factorial-20"
       (let loop ((i 1) (acc 1)) (if (> i 20) acc (loop (+ i 1) (* acc i)))))
(check "fib-90"
       (let loop ((i 0) (a 0) (b 1)) (if (= i 90) a (loop (+ i 1) b (+ a b)))))
(check "sum-1-to-1M"
       (let loop ((i 1) (acc 0)) (if (> i 1000000) acc (loop (+ i 1) (+ acc i)))))
