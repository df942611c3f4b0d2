;; A cons- and arithmetic-heavy loop, for instruction counts under
;; callgrind (BENCHMARKS.md): build lists, sum them, 20 times.
(import (scheme base) (scheme write))
(define (build n) (let loop ((i 0) (acc '())) (if (= i n) acc (loop (+ i 1) (cons i acc)))))
(define (sum l) (let loop ((l l) (s 0)) (if (null? l) s (loop (cdr l) (+ s (car l))))))
(define v (make-vector 1000 1))
(let outer ((k 0) (t 0))
  (if (< k 20)
      (outer (+ k 1) (+ t (sum (build 10000)) (vector-length v) (string-length (string-append "ab" "cd"))))
      (begin (display t) (newline))))
