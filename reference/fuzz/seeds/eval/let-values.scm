;; Checks multiple values: values with 0, 1 and 3 values through
;; call-with-values, let-values and let*-values (including rest formals),
;; and values returned from procedures and conditionals.


(define (check label val) (display label) (display ": ") (write val) (newline))

(check "cwv-zero" (call-with-values (lambda () (values)) list))
(check "cwv-one" (call-with-values (lambda () (values 'only)) list))
(check "cwv-three" (call-with-values (lambda () (values 1 2 3)) list))
(check "cwv-plain-value" (call-with-values (lambda () 'plain) list))
(check "cwv-consumer-arity" (call-with-values (lambda () (values 1 2)) +))
(check "cwv-zero-to-thunk" (call-with-values values (lambda () 'no-args)))
(check "cwv-builtin-producer" (call-with-values (lambda () (exact-integer-sqrt 20)) list))

(check "let-values-three"
       (let-values (((a b c) (values 1 2 3))) (list c b a)))
(check "let-values-zero"
       (let-values ((() (values))) 'empty-formals))
(check "let-values-one"
       (let-values (((a) (values 'x))) a))
(check "let-values-several-bindings"
       (let-values (((a b) (values 1 2)) ((c) (values 3))) (list a b c)))
(check "let-values-rest"
       (let-values (((a . rest) (values 1 2 3 4))) (list a rest)))
(check "let-values-rest-empty"
       (let-values (((a . rest) (values 1))) (list a rest)))
(check "let-values-all-rest"
       (let-values ((all (values 1 2 3))) all))
(check "let-values-all-rest-zero"
       (let-values ((all (values))) all))

;; let-values initialisers see the outer scope
(check "let-values-scope"
       (let ((a 'outer) (b 'outer-b))
         (let-values (((a b) (values 'new b)) ((c) (values a)))
           (list a b c))))

;; let*-values initialisers see earlier bindings
(check "let*-values-sequential"
       (let ((a 'outer))
         (let*-values (((a b) (values 1 2)) ((c) (values (+ a b))))
           (list a b c))))
(check "let*-values-shadow"
       (let*-values (((x) (values 1)) ((x) (values (+ x 10)))) x))

(define (div-mod a b) (values (quotient a b) (remainder a b)))
(check "procedure-returning-values"
       (let-values (((q r) (div-mod 17 5))) (list q r)))
(check "values-from-if"
       (let-values (((a b) (if #t (values 'yes 1) (values 'no 0)))) (list a b)))
(check "values-from-floor/"
       (let-values (((q r) (floor/ 17 -5))) (list q r)))
(check "nested-let-values"
       (let-values (((a b) (values 1 2)))
         (let-values (((c d) (values (+ a b) (* a b))))
           (list a b c d))))
(check "values-single-is-value" (+ 1 (values 41)))
(check "values-in-body-sequence"
       (call-with-values (lambda () 'ignored (values 'a 'b)) list))
