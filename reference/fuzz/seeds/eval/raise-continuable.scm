;; Checks raise-continuable: the handler's return value becomes the value
;; of the raise-continuable call, repeated raises, handlers chaining to
;; outer handlers, a guard catching a continuable raise, and the handler
;; running in the dynamic environment of the raise.


(define (check label val) (display label) (display ": ") (write val) (newline))

;; the R7RS example
(check "r7rs-example"
       (with-exception-handler
        (lambda (con)
          (cond ((string? con) (display con))
                (else (display "a warning has been issued")))
          (newline)
          42)
        (lambda ()
          (+ (raise-continuable "should be a number") 23))))

(check "value-into-raise-point"
       (with-exception-handler
        (lambda (c) (if (eq? c 'need-number) 41 0))
        (lambda () (+ (raise-continuable 'need-number) 1))))

(check "several-raises"
       (with-exception-handler
        (lambda (c) (* c c))
        (lambda ()
          (list (raise-continuable 2) (raise-continuable 3) (raise-continuable 4)))))

(check "raise-in-loop"
       (with-exception-handler
        (lambda (c) 1)
        (lambda ()
          (let loop ((i 0) (acc 0))
            (if (= i 1000) acc (loop (+ i 1) (+ acc (raise-continuable i))))))))

(check "handler-state"
       (let ((count 0))
         (with-exception-handler
          (lambda (c) (set! count (+ count 1)) count)
          (lambda ()
            (let* ((a (raise-continuable 'x))
                   (b (raise-continuable 'y)))
              (list a b count))))))

(check "chain-to-outer"
       (with-exception-handler
        (lambda (c) (list 'outer c))
        (lambda ()
          (with-exception-handler
           (lambda (c) (list 'inner (raise-continuable (list 'via-inner c))))
           (lambda () (raise-continuable 'start))))))

(check "guard-catches-continuable"
       (guard (e ((symbol? e) (list 'guarded e)))
         (+ 1 (raise-continuable 'sym))))

(check "guard-passes-to-handler"
       (with-exception-handler
        (lambda (c) 100)
        (lambda ()
          (guard (e ((string? e) 'string))
            (+ 1 (raise-continuable 'not-a-string))))))

(define depth (make-parameter 0))
(check "handler-dynamic-env"
       (with-exception-handler
        (lambda (c) (depth))
        (lambda ()
          (parameterize ((depth 1))
            (parameterize ((depth 2))
              (raise-continuable 'what-depth))))))

(check "handler-returns-list"
       (with-exception-handler
        (lambda (c) (list c c))
        (lambda ()
          (let ((r (raise-continuable 'dup)))
            (cons 'got r)))))

(check "handler-not-called-without-raise"
       (let ((called #f))
         (with-exception-handler
          (lambda (c) (set! called #t) 0)
          (lambda () (+ 1 2)))
         called))

(check "with-exception-handler-returns-thunk-value"
       (with-exception-handler
        (lambda (c) 0)
        (lambda () (values 'thunk-value))))
