;; beyond R7RS: the reference guarantees exact integers over the whole 64-bit signed range, while R7RS 6.2.3 requires exact integers only over the range of indexes and lets an implementation report a violation or silently coerce a larger literal or result to an inexact number.
;; Checks exact integer arithmetic beyond 32 bits: values at the 64-bit
;; limits, literals, products, factorial and Fibonacci numbers, a sum over
;; a million terms (as a plain loop, a memoised closure and a tail-recursive
;; internal define), floor/ of a large dividend, number->string and
;; string->number at the limits, and eqv? of large integers.
(import (scheme base) (scheme write))

(define (check label val) (display label) (display ": ") (write val) (newline))

;; from numbers-exact
(check "expt-large" (expt 2 62))
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

;; from closures
(define (memo-fib)
  (let ((memo (make-vector 91 #f)))
    (define (fib n)
      (or (vector-ref memo n)
          (let ((v (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2))))))
            (vector-set! memo n v)
            v)))
    fib))
(check "memoised-closure" ((memo-fib) 90))

;; from tail-calls
(define (sum-to n)
  (define (go i acc)
    (if (> i n) acc (go (+ i 1) (+ acc i))))
  (go 1 0))
(check "internal-define-loop" (sum-to 1000000))

;; from numbers-division
(check "large-division" (call-with-values (lambda () (floor/ 9223372036854775807 1000000007)) list))

;; from number-strings
(check "number->string-max" (number->string 9223372036854775807))
(check "number->string-min" (number->string -9223372036854775808))
(check "string->number-big" (string->number "9223372036854775807"))

;; from equivalence
(check "eqv-large-integers" (eqv? 1000000000000 (* 1000000 1000000)))
