;; Checks eq?, eqv? and equal? on the cases R7RS specifies (symbols,
;; booleans, the empty list, integers and chars under eqv?, fresh pairs,
;; strings, vectors and bytevectors under equal?), plus symbol=?,
;; boolean=?, boolean? and symbol?.
(import (scheme base) (scheme write))

(define (check label val) (display label) (display ": ") (write val) (newline))

(check "eq-symbols" (eq? 'a 'a))
(check "eq-different-symbols" (eq? 'a 'b))
(check "eq-empty-list" (eq? '() '()))
(check "eq-booleans" (list (eq? #t #t) (eq? #f #f) (eq? #t #f)))
(define pr (cons 1 2))
(check "eq-same-pair" (eq? pr pr))
(check "eq-fresh-pairs" (eq? (cons 1 2) (cons 1 2)))
(check "eq-procedure-self" (let ((f (lambda (x) x))) (eq? f f)))
(check "eq-car" (eq? car car))

(check "eqv-integers" (list (eqv? 100 100) (eqv? 100 101) (eqv? -5 -5) (eqv? 0 0)))
(check "eqv-chars" (list (eqv? #\a #\a) (eqv? #\a #\A)))
(check "eqv-empty-list" (eqv? '() '()))
(check "eqv-fresh-strings" (eqv? (string #\a) (string #\a)))
(check "eqv-fresh-vectors" (eqv? (vector 1) (vector 1)))
(check "eqv-different-types" (list (eqv? 1 #\1) (eqv? 'a "a") (eqv? #f '())))
(check "eqv-fresh-lambdas" (eqv? (lambda () 1) (lambda () 2)))

(check "equal-lists" (equal? '(1 (2 #(3 "four")) . 5) (cons 1 (cons (list 2 (vector 3 (string #\f #\o #\u #\r))) 5))))
(check "equal-lists-simple" (equal? (list 1 2 (list 3)) '(1 2 (3))))
(check "equal-strings" (equal? "abc" (string #\a #\b #\c)))
(check "equal-strings-case" (equal? "abc" "ABC"))
(check "equal-vectors" (equal? (vector 'a "b" #\c) '#(a "b" #\c)))
(check "equal-bytevectors" (equal? (bytevector 1 2 3) #u8(1 2 3)))
(check "equal-bytevectors-differ" (equal? #u8(1 2 3) #u8(1 2)))
(check "equal-numbers" (equal? 2 2))
(check "equal-chars" (equal? #\x #\x))
(check "equal-different" (list (equal? '(1 2) '(1 2 3)) (equal? "a" 'a) (equal? '#(1) '(1))))
(check "equal-empty" (list (equal? '() '()) (equal? "" "") (equal? '#() '#())))
(check "equal-dotted" (equal? '(a . b) (cons 'a 'b)))

(check "symbol=?" (list (symbol=? 'a 'a) (symbol=? 'a 'b) (symbol=? 'x 'x 'x) (symbol=? 'x 'x 'y)))
(check "boolean=?" (list (boolean=? #t #t) (boolean=? #f #f) (boolean=? #t #f) (boolean=? #f #f #f)))
(check "boolean?" (list (boolean? #f) (boolean? #t) (boolean? '()) (boolean? 0)))
(check "symbol?" (list (symbol? 'a) (symbol? "a") (symbol? (string->symbol "b")) (symbol? '())))
(check "not" (list (not #f) (not #t) (not '()) (not 0) (not "")))
(check "truthiness"
       (list (if '() 'true 'false) (if 0 'true 'false) (if "" 'true 'false) (if #f 'true 'false)))
(check "boolean-long-forms" (list #true #false))
