;; Checks recursive macros, macros that define macros and procedures,
;; macros expanding into definitions (top level and internal), and the
;; scoping difference between let-syntax and letrec-syntax.


(define (check label val) (display label) (display ": ") (write val) (newline))

;; recursive macros
(define-syntax my-let*
  (syntax-rules ()
    ((_ () body ...) (let () body ...))
    ((_ ((x v) rest ...) body ...) (let ((x v)) (my-let* (rest ...) body ...)))))
(check "my-let*" (my-let* ((a 1) (b (+ a 1)) (c (* b 10))) (list a b c)))
(check "my-let*-empty" (my-let* () 'nothing))

(define-syntax my-and
  (syntax-rules ()
    ((_) #t)
    ((_ e) e)
    ((_ e r ...) (if e (my-and r ...) #f))))
(check "my-and-all" (my-and 1 2 3))
(check "my-and-false" (my-and 1 #f 3))
(check "my-and-empty" (my-and))

(define-syntax count-args
  (syntax-rules ()
    ((_) 0)
    ((_ x rest ...) (+ 1 (count-args rest ...)))))
(check "count-args" (count-args a b c d))
(check "count-args-zero" (count-args))

(define-syntax rev-list
  (syntax-rules ()
    ((_ () acc) 'acc)
    ((_ (x rest ...) (acc ...)) (rev-list (rest ...) (x acc ...)))))
(check "reverse-at-expansion" (rev-list (1 2 3 4) ()))

(define-syntax my-cond
  (syntax-rules (else)
    ((_ (else e ...)) (begin e ...))
    ((_ (c e ...) clause ...) (if c (begin e ...) (my-cond clause ...)))))
(check "my-cond-second" (my-cond (#f 1) ((= 1 1) 2) (else 3)))
(check "my-cond-else" (my-cond (#f 1) (else 3)))

;; macros defining macros
(define-syntax define-constant-macro
  (syntax-rules ()
    ((_ name value) (define-syntax name (syntax-rules () ((_) value))))))
(define-constant-macro five 5)
(check "macro-defining-macro" (five))

(define-syntax define-alias-macro
  (syntax-rules ()
    ((_ new old) (define-syntax new (syntax-rules () ((_ . args) (old . args)))))))
(define-alias-macro plus +)
(check "alias-macro" (plus 1 2 3))

;; macros expanding into definitions
(define-syntax define-getter
  (syntax-rules ()
    ((_ name val) (define (name) val))))
(define-getter get-seven 7)
(check "macro-top-define" (get-seven))

(define-syntax define-two
  (syntax-rules ()
    ((_ a b v) (begin (define a v) (define b (list v v))))))
(define-two p1 p2 'pp)
(check "macro-begin-defines" (list p1 p2))

(define (internal-user)
  (define-getter g 8)
  (define-two q1 q2 9)
  (list (g) q1 q2))
(check "macro-internal-defines" (internal-user))

;; let-syntax: the transformer sees the outer binding of its own name
(define-syntax foo (syntax-rules () ((_) 'outer-foo)))
(check "let-syntax-outer-ref"
       (let-syntax ((foo (syntax-rules () ((_) (list 'inner (foo))))))
         (foo)))

(check "let-syntax-free-id"
       (let ((x 'outer))
         (let-syntax ((m (syntax-rules () ((_) x))))
           (let ((x 'inner))
             (m)))))

;; letrec-syntax: transformers may refer to each other and themselves
(check "letrec-syntax-my-or"
       (letrec-syntax
           ((my-or (syntax-rules ()
                     ((_) #f)
                     ((_ e) e)
                     ((_ e1 e2 ...)
                      (let ((temp e1))
                        (if temp temp (my-or e2 ...)))))))
         (let ((x #f) (y 7) (temp 8) (let odd?) (if even?))
           (my-or x (let temp) (if y) y))))

(check "letrec-syntax-mutual"
       (letrec-syntax
           ((ev? (syntax-rules () ((_) #t) ((_ x . r) (od? . r))))
            (od? (syntax-rules () ((_) #f) ((_ x . r) (ev? . r)))))
         (list (ev? a b c d) (ev? a b c) (od? a))))

;; a macro used before a procedure it expands into is defined
(define-syntax call-later
  (syntax-rules () ((_ x) (later-proc x))))
(define (use-later) (call-later 4))
(define (later-proc x) (* x 10))
(check "forward-reference" (use-later))
