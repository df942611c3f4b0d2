;; Checks quasiquote: unquote and unquote-splicing in lists and vectors,
;; splicing at the start, middle and end, splicing the empty list, dotted
;; results, nested quasiquote levels, and the abbreviated vs. long forms.


(define (check label val) (display label) (display ": ") (write val) (newline))

(define x 42)
(define lst '(1 2 3))
(define empty '())

(check "no-unquote" `(a b c))
(check "unquote" `(x is ,x))
(check "unquote-expr" `(sum ,(+ 1 2 3)))
(check "splice-middle" `(a ,@lst b))
(check "splice-start" `(,@lst end))
(check "splice-end" `(start ,@lst))
(check "splice-empty" `(a ,@empty b))
(check "splice-only" `(,@lst))
(check "splice-two" `(,@lst ,@lst))
(check "splice-dotted-tail" `(a . ,lst))
(check "dotted" `(a . ,x))
(check "dotted-after-splice" `(,@lst . tail))
(check "nested-lists" `((a ,x) (b ,@lst) ((c ,(* x 2)))))
(check "vector" `#(1 ,x ,@lst 5))
(check "vector-splice-empty" `#(,@empty))
(check "vector-in-list" `(v #(,x)))
(check "list-in-vector" `#(a (b ,x)))
(check "unquote-symbol" `,'sym)
(check "unquote-at-top" `,x)
(check "long-forms" (quasiquote (a (unquote x) (unquote-splicing lst))))
(check "quote-inside" (equal? `(a 'b ,x) '(a (quote b) 42)))
(check "quote-unquote" (equal? `(a ',x) '(a (quote 42))))
(check "map-in-splice" `(squares ,@(map (lambda (n) (* n n)) lst)))
(check "splice-source-unchanged"
       (let ((r `(,@lst 4)))
         (list r lst)))

;; nested quasiquote: inner unquotes are kept at level 2.  The results
;; contain quasiquote/unquote forms, whose written form is implementation
;; specific, so they are compared with equal? against the long forms.
(check "nested-level"
       (equal? `(a `(b ,(c ,x)))
               '(a (quasiquote (b (unquote (c 42)))))))
(check "nested-level-splice"
       (equal? `(1 `(2 ,(3 ,@lst)))
               '(1 (quasiquote (2 (unquote (3 1 2 3)))))))
(check "nested-no-inner-eval"
       (equal? `(outer `(inner ,x))
               '(outer (quasiquote (inner (unquote x))))))
(check "nested-quote-unquote"
       (equal? `(a `(b ,(c) ,',x))
               '(a (quasiquote (b (unquote (c)) (unquote (quote 42)))))))
(check "r7rs-nested-example"
       (equal? (let ((name1 'x) (name2 'y)) `(a `(b ,,name1 ,',name2 d) e))
               '(a (quasiquote (b (unquote x) (unquote (quote y)) d)) e)))
(check "triple-nesting"
       (equal? `(1 `(2 `(3 ,(4 ,(5 ,x)))))
               '(1 (quasiquote (2 (quasiquote (3 (unquote (4 (unquote (5 42)))))))))))
(check "unquote-in-vector-nested"
       (equal? `(1 `#(2 ,(3 ,x)))
               '(1 (quasiquote #(2 (unquote (3 42)))))))
(check "nested-car-is-quasiquote" (car (cadr `(1 `(2 ,(3 ,x))))))
