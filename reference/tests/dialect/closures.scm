;; Checks lexical scoping and closures: counters with private state,
;; closures sharing a variable, set! on captured variables, let / let* /
;; letrec / letrec* scoping rules, rest parameters, fresh bindings per
;; iteration of do and named let, and top-level redefinition.
(import (scheme base) (scheme write))

(define (check label val) (display label) (display ": ") (write val) (newline))

(define (make-counter)
  (let ((n 0))
    (lambda () (set! n (+ n 1)) n)))
(define c1 (make-counter))
(define c2 (make-counter))
(c1) (c1)
(check "independent-counters" (list (c1) (c2)))

(define (make-account balance)
  (define (deposit! amt) (set! balance (+ balance amt)) balance)
  (define (withdraw! amt) (set! balance (- balance amt)) balance)
  (lambda (msg amt)
    (cond ((eq? msg 'deposit) (deposit! amt))
          ((eq? msg 'withdraw) (withdraw! amt))
          (else 'unknown))))
(define acct (make-account 100))
(acct 'deposit 50)
(check "shared-state" (acct 'withdraw 30))

(define get #f)
(define put #f)
(let ((shared 'initial))
  (set! get (lambda () shared))
  (set! put (lambda (v) (set! shared v))))
(put 'updated)
(check "two-closures-one-variable" (get))

(check "let-parallel" (let ((x 1) (y 2)) (let ((x y) (y x)) (list x y))))
(check "let*-sequential" (let ((x 1)) (let* ((x (+ x 1)) (y (* x 10))) (list x y))))
(check "letrec-mutual"
       (letrec ((ev? (lambda (n) (if (= n 0) #t (od? (- n 1)))))
                (od? (lambda (n) (if (= n 0) #f (ev? (- n 1))))))
         (list (ev? 10) (od? 7))))
(check "letrec*-sequential"
       (letrec* ((a 5) (b (* a 2)) (f (lambda () (+ a b))))
         (f)))
(check "let-empty" (let () 'empty-bindings))
(check "inner-shadows-outer" (let ((x 'outer)) (let ((x 'inner)) x)))
(check "lambda-shadows-global" ((lambda (list) list) 'param))

(check "rest-all" ((lambda args args) 1 2 3))
(check "rest-none" ((lambda args args)))
(check "rest-after-fixed" ((lambda (a b . c) (list a b c)) 1 2 3 4))
(check "rest-empty-after-fixed" ((lambda (a . b) (list a b)) 1))
(check "rest-is-fresh-list"
       (let ((l (list 1 2)))
         (let ((r (apply (lambda args args) l)))
           (set-car! r 'changed)
           l)))

(define do-closures
  (do ((i 0 (+ i 1))
       (acc '() (cons (lambda () i) acc)))
      ((= i 3) (reverse acc))))
(check "do-fresh-binding-per-iteration" (map (lambda (f) (f)) do-closures))
(define named-let-closures
  (let loop ((i 0) (acc '()))
    (if (= i 3) (reverse acc) (loop (+ i 1) (cons (lambda () (* i 10)) acc)))))
(check "named-let-fresh-binding" (map (lambda (f) (f)) named-let-closures))

(define (adder n) (lambda (x) (+ x n)))
(check "adders" (map (lambda (f) (f 100)) (list (adder 1) (adder 2) (adder 3))))

(define redefined 'first)
(define (read-redefined) redefined)
(define redefined 'second)
(check "top-level-redefine" (read-redefined))
(set! redefined 'third)
(check "top-level-set!" (read-redefined))

(define (make-stack)
  (let ((items '()))
    (define (push! x) (set! items (cons x items)))
    (define (pop!) (let ((top (car items))) (set! items (cdr items)) top))
    (lambda (op . args)
      (case op
        ((push) (apply push! args) items)
        ((pop) (pop!))
        ((size) (length items))))))
(define s (make-stack))
(s 'push 1)
(s 'push 2)
(s 'push 3)
(check "stack-pop" (s 'pop))
(check "stack-size" (s 'size))
