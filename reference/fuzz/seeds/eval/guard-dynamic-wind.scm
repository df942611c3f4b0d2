;; Checks the interplay of guard, with-exception-handler and dynamic-wind:
;; the order of before/after thunks and handler code when escaping from a
;; dynamic-wind body into a guard clause, with nested winds, with a guard
;; inside the wind, with a clause that raises again, and with handlers that
;; run without unwinding.  Each check prints a trace list.


(define (check label val) (display label) (display ": ") (write val) (newline))

(define trace '())
(define (note! x) (set! trace (cons x trace)))
(define (take-trace!)
  (let ((t (reverse trace))) (set! trace '()) t))

;; raise escapes from the body: after runs before the clause body
(define r1
  (guard (e (#t (note! 'handler) e))
    (dynamic-wind
     (lambda () (note! 'before))
     (lambda () (note! 'body) (raise 'x) (note! 'not-reached))
     (lambda () (note! 'after)))))
(check "escape-result" r1)
(check "escape-order" (take-trace!))

;; nested winds unwind innermost first
(define r2
  (guard (e ((symbol? e) (note! 'handler) 'caught))
    (dynamic-wind
     (lambda () (note! 'before1))
     (lambda ()
       (dynamic-wind
        (lambda () (note! 'before2))
        (lambda () (raise 'y))
        (lambda () (note! 'after2))))
     (lambda () (note! 'after1)))))
(check "nested-result" r2)
(check "nested-order" (take-trace!))

;; guard inside the wind: handled inside, after runs on normal exit
(define r3
  (dynamic-wind
   (lambda () (note! 'before))
   (lambda ()
     (let ((v (guard (e (#t (note! 'handler) e)) (raise 'z))))
       (note! 'body-continues)
       v))
   (lambda () (note! 'after))))
(check "inner-guard-result" r3)
(check "inner-guard-order" (take-trace!))

;; => clause after unwinding
(define r4
  (guard (e ((memq 'key e) => (lambda (l) (note! 'arrow) (cadr l))))
    (dynamic-wind
     (lambda () (note! 'before))
     (lambda () (raise (list 'other 'key 'value)))
     (lambda () (note! 'after)))))
(check "arrow-result" r4)
(check "arrow-order" (take-trace!))

;; a clause body raises again: it runs inside the wind, so after runs
;; when the new exception escapes to the outer guard
(define r5
  (guard (outer (#t (note! 'outer) (list 'outer outer)))
    (dynamic-wind
     (lambda () (note! 'before))
     (lambda ()
       (guard (inner (#t (note! 'inner) (raise 'second)))
         (raise 'first)))
     (lambda () (note! 'after)))))
(check "clause-raise-result" r5)
(check "clause-raise-order" (take-trace!))

;; no clause matches, but the wind is outside the inner guard
(define r6
  (guard (outer (#t (note! 'outer) outer))
    (dynamic-wind
     (lambda () (note! 'before))
     (lambda ()
       (guard (inner ((string? inner) (note! 'inner) 'wrong))
         (raise 'passed-on)))
     (lambda () (note! 'after)))))
(check "reraise-outside-wind-result" r6)
(check "reraise-outside-wind-order" (take-trace!))

;; with-exception-handler with raise-continuable: no unwinding
(define r7
  (with-exception-handler
   (lambda (c) (note! 'handler) (* c 2))
   (lambda ()
     (dynamic-wind
      (lambda () (note! 'before))
      (lambda () (let ((v (raise-continuable 21))) (note! 'resumed) v))
      (lambda () (note! 'after))))))
(check "continuable-result" r7)
(check "continuable-order" (take-trace!))

;; handler escapes with a continuation: after runs after the handler
(define r8
  (call-with-current-continuation
   (lambda (k)
     (with-exception-handler
      (lambda (c) (note! 'handler) (k (list 'escaped c)))
      (lambda ()
        (dynamic-wind
         (lambda () (note! 'before))
         (lambda () (raise 'boom))
         (lambda () (note! 'after))))))))
(check "handler-escape-result" r8)
(check "handler-escape-order" (take-trace!))

;; normal return: no handler code runs
(define r9
  (guard (e (#t (note! 'handler) 'bad))
    (dynamic-wind
     (lambda () (note! 'before))
     (lambda () (note! 'body) 'fine)
     (lambda () (note! 'after)))))
(check "normal-result" r9)
(check "normal-order" (take-trace!))

;; the guard's own dynamic-wind after the escape is left only once
(define r10
  (dynamic-wind
   (lambda () (note! 'outer-before))
   (lambda ()
     (guard (e (#t (note! 'handler) e))
       (dynamic-wind
        (lambda () (note! 'inner-before))
        (lambda () (raise 'w))
        (lambda () (note! 'inner-after)))))
   (lambda () (note! 'outer-after))))
(check "two-level-result" r10)
(check "two-level-order" (take-trace!))
