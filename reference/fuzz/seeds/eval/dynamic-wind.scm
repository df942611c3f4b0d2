;; Checks dynamic-wind ordering: before/thunk/after on normal return, the
;; value of the thunk is returned (including multiple values), nesting,
;; and sequencing of several winds.


(define (check label val) (display label) (display ": ") (write val) (newline))

(define trace '())
(define (note! x) (set! trace (cons x trace)))
(define (take-trace!)
  (let ((t (reverse trace))) (set! trace '()) t))

(check "result"
       (dynamic-wind
        (lambda () (note! 'before))
        (lambda () (note! 'during) 'value)
        (lambda () (note! 'after))))
(check "order" (take-trace!))

(check "nested-result"
       (dynamic-wind
        (lambda () (note! 'b1))
        (lambda ()
          (dynamic-wind
           (lambda () (note! 'b2))
           (lambda () (note! 'thunk) (list 'inner))
           (lambda () (note! 'a2))))
        (lambda () (note! 'a1))))
(check "nested-order" (take-trace!))

(check "multiple-values"
       (call-with-values
        (lambda ()
          (dynamic-wind
           (lambda () (note! 'before))
           (lambda () (values 1 2 3))
           (lambda () (note! 'after))))
        list))
(check "multiple-values-order" (take-trace!))

(check "sequence"
       (list
        (dynamic-wind (lambda () (note! 'b-first)) (lambda () 1) (lambda () (note! 'a-first)))))
(dynamic-wind (lambda () (note! 'b-second)) (lambda () 2) (lambda () (note! 'a-second)))
(check "sequence-order" (take-trace!))

(check "after-value-ignored"
       (dynamic-wind (lambda () 'b) (lambda () 'thunk) (lambda () 'after)))

(define counter 0)
(define (wind-loop n)
  (if (= n 0)
      counter
      (begin
        (dynamic-wind
         (lambda () (set! counter (+ counter 1)))
         (lambda () #t)
         (lambda () (set! counter (+ counter 10))))
        (wind-loop (- n 1)))))
(check "loop-count" (wind-loop 100))
