;; Checks control procedures: procedure?, apply (with leading arguments),
;; map and for-each over one and several lists of equal length (order of
;; for-each side effects), vector-map, vector-for-each, string-map,
;; string-for-each, values and call-with-values, dynamic-wind, and
;; higher-order procedures built from them.


(define (check label val) (display label) (display ": ") (write val) (newline))

(check "procedure?"
       (list (procedure? car) (procedure? (lambda (x) x)) (procedure? 'car)
             (procedure? '(lambda (x) x)) (procedure? check)))

(check "apply" (apply + '(1 2 3)))
(check "apply-leading-args" (apply + 1 2 '(3 4 5)))
(check "apply-empty-list" (apply list '()))
(check "apply-lambda" (apply (lambda (a b . c) (list a b c)) 1 '(2 3 4)))
(check "apply-max" (apply max 3 '(9 2 7)))
(check "apply-nested" (apply apply (list + (list 1 2 3))))

(check "map-1" (map (lambda (x) (* x x)) '(1 2 3 4)))
(check "map-2" (map + '(1 2 3) '(10 20 30)))
(check "map-3" (map list '(a b) '(1 2) '("x" "y")))
(check "map-empty" (map car '()))
(check "map-builtin" (map cadr '((a 1) (b 2))))
(check "map-closure"
       (let ((k 100)) (map (lambda (x) (+ x k)) '(1 2))))

(let ((acc '()))
  (for-each (lambda (x) (set! acc (cons x acc))) '(1 2 3))
  (check "for-each-order" acc))
(let ((acc '()))
  (for-each (lambda (x y) (set! acc (cons (- x y) acc))) '(10 20 30) '(1 2 3))
  (check "for-each-2" (reverse acc)))
(let ((count 0))
  (for-each (lambda (a b c) (set! count (+ count a b c))) '(1 2) '(3 4) '(5 6))
  (check "for-each-3" count))
(check "for-each-empty" (let ((n 0)) (for-each (lambda (x) (set! n 1)) '()) n))

(check "vector-map" (vector-map (lambda (x y) (cons x y)) '#(a b) '#(1 2)))
(let ((acc '()))
  (vector-for-each (lambda (x) (set! acc (cons x acc))) '#(1 2 3))
  (check "vector-for-each-order" acc))
(check "string-map" (string-map char-downcase "HeLLo"))
(check "string-map-2" (string-map (lambda (a b) (if (char=? a #\-) b a)) "a-c-" "xbxd"))
(let ((acc '()))
  (string-for-each (lambda (c) (set! acc (cons c acc))) "abc")
  (check "string-for-each-order" acc))

(check "values-cwv" (call-with-values (lambda () (values 1 2 3)) list))
(check "values-cwv-zero" (call-with-values (lambda () (values)) list))
(check "values-cwv-one" (call-with-values (lambda () (values 'one)) (lambda (x) x)))
(check "values-cwv-consumer" (call-with-values (lambda () (values 3 4)) *))
(check "values-through-let"
       (call-with-values
        (lambda () (let ((a 1)) (values a (+ a 1))))
        list))

(define log '())
(check "dynamic-wind"
       (dynamic-wind
        (lambda () (set! log (cons 'in log)))
        (lambda () (set! log (cons 'body log)) 'result)
        (lambda () (set! log (cons 'out log)))))
(check "dynamic-wind-log" (reverse log))

;; higher-order compositions
(define (compose . fs)
  (if (null? fs)
      (lambda (x) x)
      (lambda (x) ((car fs) ((apply compose (cdr fs)) x)))))
(check "compose" ((compose (lambda (x) (* x 2)) (lambda (x) (+ x 1))) 5))
(check "compose-none" ((compose) 'same))

(define (fold-left f init lst)
  (if (null? lst) init (fold-left f (f init (car lst)) (cdr lst))))
(define (fold-right f init lst)
  (if (null? lst) init (f (car lst) (fold-right f init (cdr lst)))))
(check "fold-left" (fold-left (lambda (acc x) (cons x acc)) '() '(1 2 3)))
(check "fold-right" (fold-right cons '() '(1 2 3)))
(check "filter"
       (fold-right (lambda (x acc) (if (even? x) (cons x acc) acc)) '() '(1 2 3 4 5 6)))

(define (curry f . args)
  (lambda more (apply f (append args more))))
(check "curry" ((curry list 1 2) 3 4))
(check "map-with-apply" (map (lambda (args) (apply + args)) '((1 2) (3 4 5) ())))
