;; Checks call/cc and call-with-current-continuation used for escaping
;; only: early exit from for-each and nested loops, returning normally
;; without calling k, passing several values to k, and escaping out of
;; dynamic-wind (the after thunk runs).


(define (check label val) (display label) (display ": ") (write val) (newline))

(check "no-escape" (call/cc (lambda (k) 'normal)))
(check "escape-immediate" (call/cc (lambda (k) (k 'escaped) 'not-reached)))
(check "escape-in-expression" (+ 1 (call/cc (lambda (k) (+ 10 (k 100))))))
(check "long-name" (call-with-current-continuation (lambda (k) (k 'long))))
(check "procedure?" (call/cc (lambda (k) (procedure? k))))

(define (find-first pred lst)
  (call/cc
   (lambda (return)
     (for-each (lambda (x) (when (pred x) (return x))) lst)
     #f)))
(check "for-each-exit" (find-first even? '(1 3 4 5 6)))
(check "for-each-no-exit" (find-first even? '(1 3 5)))

(define (find-pair-summing-to target lst)
  (call/cc
   (lambda (return)
     (for-each
      (lambda (a)
        (for-each
         (lambda (b) (when (= (+ a b) target) (return (list a b))))
         lst))
      lst)
     'none)))
(check "nested-loop-exit" (find-pair-summing-to 9 '(1 2 3 4 5 6)))
(check "nested-loop-none" (find-pair-summing-to 100 '(1 2 3)))

(define (product lst)
  (call/cc
   (lambda (break)
     (let loop ((l lst))
       (cond ((null? l) 1)
             ((= (car l) 0) (break 0))
             (else (* (car l) (loop (cdr l)))))))))
(check "deep-recursion-exit" (product '(1 2 3 0 4 5)))
(check "deep-recursion-normal" (product '(1 2 3 4 5)))

(check "multiple-values-to-k"
       (call-with-values
        (lambda () (call/cc (lambda (k) (k 1 2 3))))
        list))
(check "zero-values-to-k"
       (call-with-values
        (lambda () (call/cc (lambda (k) (k))))
        (lambda args args)))

(define log '())
(check "escape-through-dynamic-wind"
       (call/cc
        (lambda (k)
          (dynamic-wind
           (lambda () (set! log (cons 'before log)))
           (lambda () (k 'out) (set! log (cons 'not-reached log)))
           (lambda () (set! log (cons 'after log)))))))
(check "escape-through-dynamic-wind-log" (reverse log))

(set! log '())
(check "escape-through-nested-winds"
       (call/cc
        (lambda (k)
          (dynamic-wind
           (lambda () (set! log (cons 'b1 log)))
           (lambda ()
             (dynamic-wind
              (lambda () (set! log (cons 'b2 log)))
              (lambda () (k 'deep))
              (lambda () (set! log (cons 'a2 log)))))
           (lambda () (set! log (cons 'a1 log)))))))
(check "escape-through-nested-winds-log" (reverse log))

;; k captured and called inside the same wind: the wind is not left
(set! log '())
(check "escape-within-same-wind"
       (dynamic-wind
        (lambda () (set! log (cons 'before log)))
        (lambda ()
          (let ((v (call/cc (lambda (k) (k 'inner-escape) 'not-reached))))
            (set! log (cons 'continued log))
            v))
        (lambda () (set! log (cons 'after log)))))
(check "escape-within-same-wind-log" (reverse log))

;; an escape procedure saved and called from a nested procedure
(define (search-tree tree target)
  (call/cc
   (lambda (found)
     (let walk ((t tree) (path '()))
       (cond ((pair? t)
              (walk (car t) (cons 'car path))
              (walk (cdr t) (cons 'cdr path)))
             ((eqv? t target) (found (reverse path)))
             (else #f)))
     'absent)))
(check "tree-search" (search-tree '((a . b) (c d) e) 'd))
(check "tree-search-absent" (search-tree '((a . b) c) 'z))
