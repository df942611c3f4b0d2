;; Checks internal definitions in lambda, let, let*, letrec, named let
;; and parameterize bodies: letrec* order, mutual recursion, shadowing of
;; globals, definitions spliced from begin, internal define-syntax,
;; define-record-type and define-values, and (define (f . args) ...).


(define (check label val) (display label) (display ": ") (write val) (newline))

(define (sequential)
  (define a 1)
  (define b (+ a 1))
  (define c (* b 10))
  (list a b c))
(check "letrec*-order" (sequential))

(define (mutual n)
  (define (ev? k) (if (= k 0) #t (od? (- k 1))))
  (define (od? k) (if (= k 0) #f (ev? (- k 1))))
  (list (ev? n) (od? n)))
(check "mutual-recursion" (mutual 7))

(define x 'global)
(define (shadow)
  (define x 'local)
  x)
(check "shadow-global" (list (shadow) x))

(define (lambda-refers-later)
  (define (get) later)
  (define later 'defined-later)
  (get))
(check "closure-refers-to-later-define" (lambda-refers-later))

(check "let-body"
       (let ((a 1))
         (define b (+ a 1))
         (list a b)))
(check "let*-body"
       (let* ((a 1) (b (+ a 1)))
         (define c (+ a b))
         c))
(check "letrec-body"
       (letrec ((f (lambda () 'f)))
         (define g (lambda () (list (f) 'g)))
         (g)))
(check "named-let-body"
       (let loop ((i 0) (acc '()))
         (define next (+ i 1))
         (if (= i 3) (reverse acc) (loop next (cons i acc)))))
(check "lambda-body"
       ((lambda (n)
          (define sq (* n n))
          (define cube (* sq n))
          (list sq cube))
        3))

(define p (make-parameter 1))
(check "parameterize-body"
       (parameterize ((p 5))
         (define doubled (* 2 (p)))
         doubled))

(define (begin-splice)
  (begin (define a 'from-begin) (define b 'also-from-begin))
  (list a b))
(check "begin-splices-defines" (begin-splice))

(define (local-macro)
  (define-syntax twice
    (syntax-rules () ((_ e) (begin e e))))
  (define count 0)
  (twice (set! count (+ count 1)))
  count)
(check "internal-define-syntax" (local-macro))

(define (local-record)
  (define-record-type pt (make-pt x y) pt? (x pt-x) (y pt-y))
  (define origin (make-pt 0 0))
  (list (pt? origin) (pt-x origin) (pt-y (make-pt 1 2))))
(check "internal-define-record-type" (local-record))

(define (local-values)
  (define-values (q r) (truncate/ 17 5))
  (define total (+ q r))
  (list q r total))
(check "internal-define-values" (local-values))

(define (variadic . args) (length args))
(check "variadic-define" (list (variadic) (variadic 1) (variadic 1 2 3)))
(define (head-and-rest first . rest) (list first rest))
(check "head-and-rest" (list (head-and-rest 1) (head-and-rest 1 2 3)))

(define (nested-defines)
  (define (outer)
    (define (inner) 'deep)
    (inner))
  (outer))
(check "nested-internal-defines" (nested-defines))

(define (define-then-set)
  (define v 1)
  (set! v (+ v 10))
  v)
(check "define-then-set" (define-then-set))

(define (curried-define a)
  (define (add b) (+ a b))
  add)
(check "closure-from-internal-define" ((curried-define 10) 5))
