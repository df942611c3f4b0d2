;; Checks proper tail calls through apply, call-with-values (consumer),
;; case-lambda, do (result expression), and nested and/or/when inside
;; cond/case; each loop runs 1,000,000 times.


(define (check label val) (display label) (display ": ") (write val) (newline))

(define n 1000000)

(define (loop-apply i)
  (if (= i 0) 'apply-done (apply loop-apply (list (- i 1)))))
(check "apply" (loop-apply n))

(define (loop-apply-spread i acc)
  (if (= i 0) acc (apply loop-apply-spread (- i 1) (list (+ acc 1)))))
(check "apply-spread" (loop-apply-spread n 0))

(define (loop-cwv i)
  (if (= i 0)
      'call-with-values-done
      (call-with-values (lambda () (- i 1)) loop-cwv)))
(check "call-with-values" (loop-cwv n))

(define loop-cl
  (case-lambda
    ((i) (loop-cl i 0))
    ((i acc) (if (= i 0) acc (loop-cl (- i 1) (+ acc 1))))))
(check "case-lambda" (loop-cl n))

(define (do-body-calls i)
  (do ((k i (- k 1))
       (acc 0 (+ acc 1)))
      ((= k 0) acc)))
(check "do" (do-body-calls 100000))

(define (loop-do-result i)
  (if (= i 0)
      'do-result-done
      (do ((k 0 (+ k 1))) ((= k 1) (loop-do-result (- i 1))))))
(check "do-result-tail" (loop-do-result n))

(define (loop-mixed i)
  (cond ((= i 0) 'mixed-done)
        (else (case (remainder i 3)
                ((0) (and #t (loop-mixed (- i 1))))
                ((1) (or #f (loop-mixed (- i 1))))
                (else (when #t (loop-mixed (- i 1))))))))
(check "mixed" (loop-mixed n))
