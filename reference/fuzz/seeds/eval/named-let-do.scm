;; Checks iteration forms: named let (accumulators, nested loops, loop
;; variable shadowing, the loop name as a first-class procedure) and do
;; (with and without step expressions, empty result list, body side
;; effects, several variables updated in parallel).


(define (check label val) (display label) (display ": ") (write val) (newline))

(check "named-let-sum"
       (let loop ((i 0) (acc 0)) (if (> i 10) acc (loop (+ i 1) (+ acc i)))))
(check "named-let-build-list"
       (let loop ((i 5) (acc '())) (if (= i 0) acc (loop (- i 1) (cons i acc)))))
(check "named-let-no-bindings"
       (let ((n 0)) (let loop () (when (< n 3) (set! n (+ n 1)) (loop))) n))
(check "named-let-nested"
       (let outer ((i 0) (acc '()))
         (if (= i 3)
             (reverse acc)
             (outer (+ i 1)
                    (let inner ((j 0) (acc acc))
                      (if (= j 2) acc (inner (+ j 1) (cons (list i j) acc))))))))
(check "named-let-non-tail"
       (let fact ((n 10)) (if (= n 0) 1 (* n (fact (- n 1))))))
(check "named-let-as-value"
       (let loop ((n 3)) (if (= n 0) (procedure? loop) (loop (- n 1)))))
(check "named-let-inits-outer-scope"
       (let ((loop 'outer-value))
         (let loop ((x loop)) x)))
(check "named-let-fib"
       (let fib ((n 20)) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2))))))

(check "do-vector"
       (do ((vec (make-vector 5))
            (i 0 (+ i 1)))
           ((= i 5) vec)
         (vector-set! vec i i)))
(check "do-sum"
       (let ((x '(1 3 5 7 9)))
         (do ((x x (cdr x))
              (sum 0 (+ sum (car x))))
             ((null? x) sum))))
(check "do-parallel-step"
       (do ((a 1 b) (b 2 a) (n 0 (+ n 1)))
           ((= n 3) (list a b))))
(check "do-no-step-var"
       (do ((i 0 (+ i 1)) (fixed 'same))
           ((= i 3) fixed)))
(check "do-result-sequence"
       (do ((i 0 (+ i 1))) ((= i 2) 'first 'last)))
(check "do-body-effects"
       (let ((acc '()))
         (do ((i 0 (+ i 1))) ((= i 4)) (set! acc (cons i acc)))
         acc))
(check "do-zero-iterations"
       (do ((i 10 (+ i 1)) (touched #f #t)) ((> i 5) touched)))
(check "do-nested"
       (do ((i 0 (+ i 1)) (acc '() (cons (do ((j 0 (+ j 1)) (s 0 (+ s j))) ((> j i) s)) acc)))
           ((= i 5) (reverse acc))))
(check "do-100000"
       (do ((i 0 (+ i 1)) (acc 0 (+ acc 2))) ((= i 100000) acc)))
