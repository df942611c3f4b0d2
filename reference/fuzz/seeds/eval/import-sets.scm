;; Checks import sets in a single import declaration: only, except,
;; prefix and rename (also nested), and that names removed or renamed by
;; an import set are free to be defined by the program.


(define (check label val) (show label) (show ": ") (wr val) (newline))

;; car, cdr and write are not imported under those names: define our own
(define (car x) 'program-car)
(define (cdr x) 'program-cdr)
(define (write x) 'program-write)

(check "prefixed-car" (base:car '(1 2 3)))
(check "prefixed-cdr" (base:cdr '(1 2 3)))
(check "program-car" (car '(1 2 3)))
(check "program-cdr" (cdr '(1 2 3)))
(check "program-write" (write "x"))
(check "renamed-write" (let ((p (open-output-string))) (wr "q" p) (get-output-string p)))
(check "renamed-display" (let ((p (open-output-string))) (show "q" p) (get-output-string p)))
(check "only-char" (list (char-upcase #\a) (char-alphabetic? #\1)))
(check "prefixed-cxr" (list (cxr-caddr '(1 2 3)) (cxr-cdddr '(1 2 3 4))))
(check "base-cxr-still-there" (cadr '(1 2 3)))
(check "renamed-prefixed-case-lambda"
       (let ((f (cl ((a) (list 'one a)) ((a b) (list 'two a b)))))
         (list (f 1) (f 1 2))))
(check "except-keeps-rest" (list (list? '(1)) (length '(1 2)) (+ 1 2)))
(check "procedures-are-same" (eq? base:car (let ((x base:car)) x)))
(check "map-with-prefixed" (map base:car '((a 1) (b 2))))
