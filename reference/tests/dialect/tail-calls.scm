;; Checks proper tail calls in plain procedure calls: a named-let loop of
;; 10,000,000 iterations, mutual recursion over 1,000,000 in tail position,
;; and loops through let/let*/letrec and begin bodies and a set! lambda.
;; (A self-recursive internal define summing to 500000500000 is in
;; beyond-r7rs-integers.)
(import (scheme base) (scheme write))

(define (check label val) (display label) (display ": ") (write val) (newline))

(check "named-let-10M"
       (let loop ((i 0) (acc 0))
         (if (= i 10000000) acc (loop (+ i 1) (+ acc 2)))))

(define (my-even? n) (if (= n 0) #t (my-odd? (- n 1))))
(define (my-odd? n) (if (= n 0) #f (my-even? (- n 1))))
(check "mutual-even-1M" (my-even? 1000000))
(check "mutual-odd-1M" (my-odd? 1000000))
(check "mutual-odd-1M+1" (my-odd? 1000001))

;; tail call through a lambda stored in a variable and through let/let*/letrec bodies
(define (via-let n)
  (if (= n 0)
      'let-done
      (let ((m (- n 1)))
        (let* ((k m))
          (letrec ((z k))
            (via-let z))))))
(check "let-bodies-1M" (via-let 1000000))

(define (via-begin n)
  (if (= n 0) 'begin-done (begin 'ignored (via-begin (- n 1)))))
(check "begin-1M" (via-begin 1000000))

(define countdown #f)
(set! countdown (lambda (n) (if (= n 0) 'set-done (countdown (- n 1)))))
(check "set!-lambda-1M" (countdown 1000000))
