;; Checks define-values at top level and in bodies, with fixed formals,
;; a rest formal, and a single all-binding formal.


(define (check label val) (display label) (display ": ") (write val) (newline))

(define-values (a b c) (values 1 2 3))
(check "top-level" (list a b c))

(define-values (q r) (floor/ 17 5))
(check "top-level-floor/" (list q r))

(define-values (head . tail) (values 'h 't1 't2))
(check "rest-formal" (list head tail))

(define-values all (values 'x 'y))
(check "all-formal" all)

(define-values (single) (values 'one))
(check "single" single)

(define-values () (values))
(check "empty-formals" 'ok)

(define (f)
  (define-values (x y) (values 10 20))
  (define z (+ x y))
  (list x y z))
(check "internal" (f))

(define (g n)
  (define-values (lo hi) (values (- n 1) (+ n 1)))
  (define-values (sum . rest) (values (+ lo hi) lo hi))
  (list lo hi sum rest))
(check "internal-several" (g 5))

(define-values (m n) (values 1 2))
(set! m 100)
(check "assignable" (list m n))

(let ()
  (define-values (p1 p2) (values 'local-1 'local-2))
  (check "let-body" (list p1 p2)))

(define (make-pair-of-counters)
  (define-values (inc get)
    (let ((count 0))
      (values (lambda () (set! count (+ count 1)))
              (lambda () count))))
  (inc) (inc) (inc)
  (get))
(check "closures" (make-pair-of-counters))
