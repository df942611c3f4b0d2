;; Checks pair and list procedures from (scheme base) and (scheme cxr):
;; cons/car/cdr, set-car!/set-cdr!, cxr accessors, list?/pair?/null?,
;; make-list, list, length, append (incl. improper tail and no args),
;; reverse, list-tail, list-ref, list-set!, list-copy.


(define (check label val) (display label) (display ": ") (write val) (newline))

(check "cons" (cons 1 2))
(check "cons-list" (cons 1 '(2 3)))
(check "car" (car '(a b c)))
(check "cdr" (cdr '(a b c)))
(check "cdr-dotted" (cdr '(a . b)))
(check "caar" (caar '((1 2) 3)))
(check "cadr" (cadr '(1 2 3)))
(check "cdar" (cdar '((1 2) 3)))
(check "cddr" (cddr '(1 2 3)))
(check "caddr" (caddr '(1 2 3 4)))
(check "cdddr" (cdddr '(1 2 3 4)))
(check "cadddr" (cadddr '(1 2 3 4)))
(check "caadr" (caadr '(1 (2 3))))
(check "cddddr" (cddddr '(1 2 3 4 5)))

(define pr (cons 'x 'y))
(set-car! pr 'new-car)
(set-cdr! pr '(z))
(check "set-car!-set-cdr!" pr)

(check "pair?" (list (pair? '(1)) (pair? '(1 . 2)) (pair? '()) (pair? '#(1)) (pair? "ab")))
(check "null?" (list (null? '()) (null? '(1)) (null? #f) (null? "")))
(check "list?" (list (list? '()) (list? '(1 2)) (list? '(1 . 2)) (list? 'a)))

(check "make-list" (make-list 3 'x))
(check "make-list-length" (length (make-list 5)))
(check "list" (list 1 'two "three" #\4))
(check "list-empty" (list))
(check "length" (length '(1 (2 3) #(4 5) "six")))
(check "length-empty" (length '()))

(check "append" (append '(1 2) '(3) '() '(4 5)))
(check "append-none" (append))
(check "append-one" (append '(1 2)))
(check "append-improper-tail" (append '(1) '(2) 3))
(check "append-only-atom" (append 'a))
(check "append-dotted-last" (append '(1 2) '(3 . 4)))
(define base '(3 4))
(check "append-shares-last" (eq? (cddr (append '(1 2) base)) base))
(define first-arg (list 1 2))
(append first-arg '(3))
(check "append-leaves-args" first-arg)

(check "reverse" (reverse '(1 (2 3) 4)))
(check "reverse-empty" (reverse '()))
(check "list-tail" (list-tail '(a b c d) 2))
(check "list-tail-zero" (list-tail '(a b) 0))
(check "list-tail-all" (list-tail '(a b) 2))
(check "list-ref" (list-ref '(a b c d) 2))

(define ls (list 'one 'two 'three))
(list-set! ls 1 'TWO)
(check "list-set!" ls)

(define orig (list 1 (list 2 3) 4))
(define copy (list-copy orig))
(set-car! copy 'changed)
(check "list-copy-independent" (list orig copy))
(check "list-copy-shares-elements" (eq? (cadr orig) (cadr copy)))
(check "list-copy-improper" (list-copy '(1 2 . 3)))
(check "list-copy-non-list" (list-copy 'atom))
(check "list-copy-empty" (list-copy '()))

(check "nested" '(1 (2 (3 (4 ())))))
(check "improper-nested" '((1 . 2) (3 . (4 . 5))))
(check "long-list" (length (let loop ((i 0) (acc '())) (if (= i 100000) acc (loop (+ i 1) (cons i acc))))))
