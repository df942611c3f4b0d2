;; Checks define-record-type: constructors taking a subset of the fields in
;; a different order, predicates (records do not satisfy other predicates
;; or built-in type predicates), accessors, modifiers, fields without a
;; modifier, records holding records, and records as distinct objects.
(import (scheme base) (scheme write))

(define (check label val) (display label) (display ": ") (write val) (newline))

(define-record-type point
  (make-point x y)
  point?
  (x point-x set-point-x!)
  (y point-y set-point-y!))

(define-record-type <node>
  (make-node value label)
  node?
  (label node-label)
  (value node-value set-node-value!)
  (next node-next set-node-next!))

(define-record-type <empty>
  (make-empty)
  empty?)

(define p (make-point 3 4))
(check "point?" (point? p))
(check "point-x" (point-x p))
(check "point-y" (point-y p))
(set-point-x! p 30)
(check "after-set-x" (list (point-x p) (point-y p)))
(set-point-y! p (list 'nested))
(check "after-set-y" (point-y p))

;; constructor with a subset of fields, in a different order
(define n (make-node 'the-value 'the-label))
(check "node-value" (node-value n))
(check "node-label" (node-label n))
(set-node-next! n (make-node 2 'second))
(check "node-next-label" (node-label (node-next n)))
(check "node-next-value" (node-value (node-next n)))
(set-node-value! n 99)
(check "node-value-after-set" (node-value n))

(define e (make-empty))
(check "empty?" (empty? e))

;; predicates are distinct
(check "point-not-node" (node? p))
(check "node-not-point" (point? n))
(check "empty-not-point" (point? e))
(check "number-not-point" (point? 5))
(check "list-not-point" (point? (list 3 4)))
(check "vector-not-point" (point? (vector 3 4)))
(check "symbol-not-empty" (empty? 'empty))

;; records are not any built-in type
(define (builtin-types obj)
  (list (pair? obj) (vector? obj) (string? obj) (symbol? obj)
        (procedure? obj) (number? obj) (null? obj) (boolean? obj)
        (char? obj) (bytevector? obj)))
(check "point-not-builtin" (builtin-types p))
(check "empty-not-builtin" (builtin-types e))

;; identity
(define p2 (make-point 30 (list 'nested)))
(check "eq-self" (eq? p p))
(check "distinct-records" (eq? p p2))
(check "eqv-distinct" (eqv? (make-empty) (make-empty)))
(check "modify-one-not-other"
       (let ((a (make-point 1 2)) (b (make-point 1 2)))
         (set-point-x! a 100)
         (list (point-x a) (point-x b))))

;; records in data structures and with higher-order procedures
(define pts (map make-point '(1 2 3) '(10 20 30)))
(check "map-accessor" (map point-y pts))
(check "all-points" (map point? pts))
(for-each (lambda (q) (set-point-x! q (* 2 (point-x q)))) pts)
(check "for-each-modifier" (map point-x pts))

;; a record type defined inside a procedure body
(define (make-counter-record)
  (define-record-type counter (make-counter n) counter? (n counter-n set-counter-n!))
  (let ((c (make-counter 0)))
    (set-counter-n! c (+ (counter-n c) 5))
    (list (counter? c) (counter-n c) (counter? p))))
(check "local-record-type" (make-counter-record))
