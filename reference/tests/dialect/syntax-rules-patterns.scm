;; Checks syntax-rules pattern and template features: nested ellipses,
;; elements after an ellipsis, dotted patterns, vector patterns and
;; templates, a custom ellipsis, the (... ...) escape, the `_` wildcard,
;; zero-length matches and an untriggered syntax-error clause.
;; (Consecutive ellipses `... ...` are in beyond-r7rs-ellipses.)
(import (scheme base) (scheme write))

(define (check label val) (display label) (display ": ") (write val) (newline))

;; nested ellipses
(define-syntax sums
  (syntax-rules ()
    ((_ (name val ...) ...) (list (list 'name (+ val ...)) ...))))
(check "nested-sums" (sums (a 1 2 3) (b) (c 10)))
(check "nested-zero-groups" (sums))

(define-syntax my-let
  (syntax-rules ()
    ((_ ((n v) ...) body ...) ((lambda (n ...) body ...) v ...))))
(check "let-via-lambda" (my-let ((p 1) (q 2)) (+ p q)))
(check "let-via-lambda-empty" (my-let () 'empty))

;; elements after an ellipsis
(define-syntax last-two
  (syntax-rules ()
    ((_ a ... b c) '((a ...) b c))))
(check "tail-after-ellipsis" (last-two 1 2 3 4))
(check "tail-after-ellipsis-min" (last-two 1 2))

(define-syntax middle
  (syntax-rules ()
    ((_ first m ... last) '(first (m ...) last))))
(check "first-middle-last" (middle 1 2 3 4 5))
(check "first-last-only" (middle 1 5))

;; dotted patterns
(define-syntax dot
  (syntax-rules ()
    ((_ a . rest) '(a rest))))
(check "dotted-rest" (dot 1 2 3))
(check "dotted-rest-empty" (dot 1))

(define-syntax dot2
  (syntax-rules ()
    ((_ (a b . c)) '(a b c))))
(check "dotted-inner-improper" (dot2 (1 2 . 3)))
(check "dotted-inner-proper" (dot2 (1 2 3 4)))

(define-syntax ell-dot
  (syntax-rules ()
    ((_ (a ... . r)) '((a ...) r))))
(check "ellipsis-then-dot-improper" (ell-dot (1 2 . 3)))
(check "ellipsis-then-dot-proper" (ell-dot (1 2 3)))

;; vector patterns and templates
(define-syntax vec
  (syntax-rules ()
    ((_ #(a b ...)) '(a (b ...)))))
(check "vector-pattern" (vec #(1 2 3)))
(check "vector-pattern-short" (vec #(1)))

(define-syntax vlast
  (syntax-rules ()
    ((_ #(a ... z)) '(z a ...))))
(check "vector-pattern-tail" (vlast #(1 2 3)))

(define-syntax vec-tmpl
  (syntax-rules ()
    ((_ a ...) '#(start a ... end))))
(check "vector-template" (vec-tmpl 1 2))
(check "vector-template-empty" (vec-tmpl))

;; custom ellipsis: `...` becomes an ordinary identifier
(define-syntax dots
  (syntax-rules ::: ()
    ((_ a :::) '(a ::: ...))))
(check "custom-ellipsis" (dots 1 2))

(define-syntax nest-custom
  (syntax-rules ::: ()
    ((_ (a b :::) :::) '((b ::: a) :::))))
(check "custom-ellipsis-nested" (nest-custom (x 1 2) (y)))

;; (... ...) escapes the ellipsis in a template
(define-syntax with-dots
  (syntax-rules ()
    ((_ a) '(a (... ...)))))
(check "escaped-ellipsis-symbol" (with-dots 1))

(define-syntax def-lister
  (syntax-rules ()
    ((_ name)
     (define-syntax name
       (syntax-rules ()
         ((_ x (... ...)) (list 'x (... ...))))))))
(def-lister lister)
(check "escaped-ellipsis-inner-macro" (lister a b c))

;; the `_` wildcard
(define-syntax second-of
  (syntax-rules ()
    ((_ (_ x . _)) 'x)))
(check "underscore-wildcard" (second-of (1 2 3)))

(define-syntax ignore-first
  (syntax-rules ()
    ((_ _ b) 'b)))
(check "underscore-ignored" (ignore-first (this is not evaluated) kept))

;; literal pattern elements together with ellipses
(define-syntax my-for
  (syntax-rules (in)
    ((_ x in (v ...) body) (list (let ((x v)) body) ...))))
(check "literal-with-ellipsis" (my-for y in (1 2 3) (* y y)))

;; a clause that would call syntax-error, never selected
(define-syntax must-be-two
  (syntax-rules ()
    ((_ a b) (list a b))
    ((_ . other) (syntax-error "must-be-two needs two arguments" other))))
(check "syntax-error-untriggered" (must-be-two 1 2))

;; the first matching clause wins
(define-syntax which
  (syntax-rules ()
    ((_ (a ...)) 'list)
    ((_ a) 'atom)))
(check "clause-order-list" (which (1 2)))
(check "clause-order-atom" (which 1))
(check "clause-order-empty" (which ()))
