;; Checks parameters: make-parameter with and without a converter (applied
;; at creation and by parameterize, not on restore), nested parameterize,
;; several parameters at once, restoration after normal exit, after an
;; escape with call/cc and after an exception caught by guard, and
;; parameters passed as values.


(define (check label val) (display label) (display ": ") (write val) (newline))

(define p (make-parameter 10))
(check "initial" (p))
(check "parameterize" (parameterize ((p 20)) (p)))
(check "restored" (p))
(check "nested"
       (parameterize ((p 1))
         (list (p) (parameterize ((p 2)) (list (p) (parameterize ((p 3)) (p)))) (p))))
(check "restored-after-nested" (p))

(define converted-values '())
(define q
  (make-parameter 5
                  (lambda (x)
                    (set! converted-values (cons x converted-values))
                    (* x 2))))
(check "converter-at-creation" (q))
(check "converter-in-parameterize" (parameterize ((q 7)) (q)))
(check "converter-restore" (q))
(check "converter-inputs" (reverse converted-values))

(define to-string
  (make-parameter "start"
                  (lambda (x) (if (string? x) x (symbol->string x)))))
(check "converter-type" (list (to-string) (parameterize ((to-string 'sym)) (to-string))))

;; several parameters in one parameterize
(define a (make-parameter 'a0))
(define b (make-parameter 'b0))
(check "two-at-once" (parameterize ((a 'a1) (b 'b1)) (list (a) (b))))
(check "two-restored" (list (a) (b)))

;; dynamic, not lexical, scoping
(define (show-a) (a))
(check "dynamic-scope" (parameterize ((a 'dyn)) (show-a)))
(define saved (parameterize ((a 'in-closure)) (lambda () (a))))
(check "closure-sees-current" (saved))

;; restore after an escape with call/cc
(check "escape-value"
       (call/cc (lambda (k) (parameterize ((p 99)) (k (p))))))
(check "restored-after-escape" (p))

;; restore after an exception
(check "guard-value"
       (guard (e (#t (list 'caught e (p))))
         (parameterize ((p 77)) (raise (p)))))
(check "restored-after-raise" (p))

;; parameterize body with several expressions and definitions
(check "body-sequence"
       (parameterize ((p 3))
         (define doubled (* 2 (p)))
         (list doubled (+ doubled (p)))))

;; parameters are procedures and can be passed around
(check "procedure?" (procedure? p))
(define (get-param-value param) (param))
(check "passed-as-value" (map get-param-value (list p a b)))

;; parameterize expressions are evaluated before any binding changes
(check "values-evaluated-outside"
       (parameterize ((p 1))
         (parameterize ((p 2) (a (p)))
           (list (p) (a)))))
