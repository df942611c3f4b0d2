;; Checks vector procedures: make-vector, vector, vector-ref/-set!,
;; vector-length, vector->list and list->vector (with ranges),
;; vector-copy (with ranges), vector-copy! (incl. overlapping),
;; vector-append, vector-fill! (with ranges), vector->string,
;; string->vector, vector-map and vector-for-each over several vectors.


(define (check label val) (display label) (display ": ") (write val) (newline))

(check "literal" '#(1 "two" #\3 (4) #(5)))
(check "vector" (vector 'a 'b 'c))
(check "vector-empty" (vector))
(check "make-vector" (make-vector 3 'z))
(check "make-vector-length" (vector-length (make-vector 7)))
(check "vector?" (list (vector? '#(1)) (vector? '#()) (vector? '(1)) (vector? "s")))
(check "vector-ref" (vector-ref '#(a b c) 1))
(define v (vector 1 2 3))
(vector-set! v 0 'first)
(check "vector-set!" v)
(check "vector-length" (vector-length '#(1 2 3 4)))

(check "vector->list" (vector->list '#(a b c d)))
(check "vector->list-start" (vector->list '#(a b c d) 1))
(check "vector->list-range" (vector->list '#(a b c d) 1 3))
(check "vector->list-empty-range" (vector->list '#(a b c d) 2 2))
(check "list->vector" (list->vector '(1 (2) "3")))
(check "list->vector-empty" (list->vector '()))

(define src (vector 1 2 3 4 5))
(define cp (vector-copy src))
(vector-set! cp 0 'changed)
(check "vector-copy-independent" (list src cp))
(check "vector-copy-start" (vector-copy src 2))
(check "vector-copy-range" (vector-copy src 1 4))

(define dst (make-vector 6 '-))
(vector-copy! dst 1 '#(a b c))
(check "vector-copy!" dst)
(vector-copy! dst 0 '#(p q r s) 2)
(check "vector-copy!-start" dst)
(vector-copy! dst 4 '#(x y z) 0 2)
(check "vector-copy!-range" dst)
(define ov (vector 1 2 3 4 5 6))
(vector-copy! ov 2 ov 0 4)
(check "vector-copy!-overlap-right" ov)
(define ov2 (vector 1 2 3 4 5 6))
(vector-copy! ov2 0 ov2 2)
(check "vector-copy!-overlap-left" ov2)

(check "vector-append" (vector-append '#(1 2) '#() '#(3) '#(4 5)))
(check "vector-append-none" (vector-append))

(define fv (make-vector 5 0))
(vector-fill! fv 'x)
(check "vector-fill!" fv)
(vector-fill! fv 'y 3)
(check "vector-fill!-start" fv)
(vector-fill! fv 'z 1 2)
(check "vector-fill!-range" fv)

(check "vector->string" (vector->string '#(#\a #\b #\c)))
(check "vector->string-range" (vector->string '#(#\a #\b #\c #\d) 1 3))
(check "string->vector" (string->vector "xyz"))
(check "string->vector-range" (string->vector "wxyz" 2))

(check "vector-map" (vector-map (lambda (x) (* x x)) '#(1 2 3)))
(check "vector-map-2" (vector-map + '#(1 2 3) '#(10 20 30)))
(check "vector-map-3" (vector-map list '#(a b) '#(1 2) '#("x" "y")))
(check "vector-map-empty" (vector-map car '#()))
(let ((acc '()))
  (vector-for-each (lambda (x y) (set! acc (cons (list x y) acc))) '#(1 2 3) '#(a b c))
  (check "vector-for-each" (reverse acc)))
(let ((count 0))
  (vector-for-each (lambda (x) (set! count (+ count x))) '#(5 6 7))
  (check "vector-for-each-1" count))

(check "nested-vectors" (vector (vector 1 2) (list 3 (vector)) "s"))
(check "equal-vectors" (equal? (vector 1 (list 2) "3") (vector 1 (list 2) "3")))
(check "unequal-vectors" (equal? '#(1 2) '#(1 2 3)))
