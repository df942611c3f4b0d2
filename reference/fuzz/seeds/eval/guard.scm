;; Checks guard: clauses with tests, =>, else, test-only clauses, the
;; normal (non-raising) path, re-raising to an outer guard or handler when
;; no clause matches, raising from a clause body, and raising non-error
;; objects including #f.


(define (check label val) (display label) (display ": ") (write val) (newline))

(check "no-raise" (guard (e (#t 'caught)) 'normal))
(check "no-raise-body-sequence" (guard (e (#t 'caught)) 'first 'second))
(check "symbol" (guard (e ((symbol? e) (list 'sym e))) (raise 'oops)))
(check "number" (guard (e ((string? e) 'str) ((number? e) (* e 2))) (raise 21)))
(check "list-payload" (guard (e ((pair? e) (cdr e))) (raise (list 'tag 1 2))))
(check "raise-false" (guard (e (#t (list 'caught e))) (raise #f)))
(check "arrow-clause"
       (guard (e ((assq 'a e) => cdr) ((assq 'b e)))
         (raise (list (cons 'a 42)))))
(check "test-only-clause"
       (guard (e ((assq 'a e) => cdr) ((assq 'b e)))
         (raise (list (cons 'b 23)))))
(check "else-clause" (guard (e ((string? e) 'string) (else (list 'else e))) (raise 'x)))
(check "first-matching-clause"
       (guard (e ((number? e) 'first) ((= e 1) 'second)) (raise 1)))
(check "clause-body-sequence"
       (guard (e (#t 'one 'two (list e e))) (raise 'v)))
(check "raise-in-nested-call"
       (let ((f (lambda (x) (if (> x 2) (raise (list 'too-big x)) x))))
         (guard (e ((pair? e) e))
           (+ (f 1) (f 2) (f 3)))))
(check "error-object"
       (guard (e ((error-object? e)
                  (list (error-object-message e) (error-object-irritants e))))
         (error "bad thing" 1 'two "three")))

;; no clause matches: re-raised to the outer guard
(check "reraise-outer-guard"
       (guard (outer ((symbol? outer) (list 'outer outer)))
         (guard (inner ((string? inner) (list 'inner inner)))
           (raise 'sym))))
(check "inner-guard-handles"
       (guard (outer (#t (list 'outer outer)))
         (guard (inner ((string? inner) (list 'inner inner)))
           (raise "str"))))
(check "reraise-two-levels"
       (guard (a (#t (list 'outermost a)))
         (guard (b ((string? b) 'b))
           (guard (c ((number? c) 'c))
             (raise 'deep)))))

;; no clause matches: re-raised with raise-continuable, so an outer
;; handler's return value goes back to the original raise-continuable
(check "reraise-to-handler"
       (with-exception-handler
        (lambda (c) 42)
        (lambda ()
          (+ 1 (guard (e ((string? e) 'no))
                 (+ 10 (raise-continuable 'x)))))))

;; a clause body raising goes to the outer guard
(check "raise-from-clause"
       (guard (outer (#t (list 'outer outer)))
         (guard (inner (#t (raise (list 'wrapped inner))))
           (raise 'original))))

;; guard inside a loop: handlers do not accumulate
(check "guard-in-loop"
       (let loop ((i 0) (caught 0))
         (if (= i 10000)
             caught
             (loop (+ i 1)
                   (+ caught (guard (e (#t 1)) (if (even? i) (raise i) 0)))))))

;; the guard variable is local to the clauses
(define e 'global-e)
(check "guard-var-scope"
       (list (guard (e (#t e)) (raise 'local-e)) e))

;; guard as a value in a larger expression
(check "guard-value-in-expr"
       (+ 1 (guard (e ((number? e) e)) (raise 10)) 100))
