;; Checks string mutation: string-set!, string-fill! (with ranges),
;; string-copy! (with ranges and overlapping source/destination), and
;; that string-copy and substring return fresh mutable strings.


(define (check label val) (display label) (display ": ") (write val) (newline))

(define s (make-string 5 #\-))
(string-set! s 0 #\a)
(string-set! s 4 #\e)
(check "string-set!" s)

(string-fill! s #\x)
(check "string-fill!" s)
(string-fill! s #\y 3)
(check "string-fill!-start" s)
(string-fill! s #\z 1 2)
(check "string-fill!-range" s)

(define d (make-string 6 #\.))
(string-copy! d 1 "abc")
(check "string-copy!" d)
(string-copy! d 0 "pqrs" 2)
(check "string-copy!-start" d)
(string-copy! d 4 "uvw" 0 2)
(check "string-copy!-range" d)

(define o (string-copy "123456"))
(string-copy! o 2 o 0 4)
(check "string-copy!-overlap-right" o)
(define o2 (string-copy "123456"))
(string-copy! o2 0 o2 2)
(check "string-copy!-overlap-left" o2)

(define lit "constant")
(define c (string-copy lit))
(string-set! c 0 #\C)
(check "string-copy-fresh" (list lit c))
(define sub (substring lit 0 3))
(string-set! sub 0 #\K)
(check "substring-fresh" (list lit sub))
(define app (string-append lit "!"))
(string-set! app 0 #\X)
(check "string-append-fresh" (list lit app))
(define from-list (list->string (list #\a #\b)))
(string-set! from-list 1 #\B)
(check "list->string-mutable" from-list)
(define from-number (number->string 123))
(string-set! from-number 0 #\9)
(check "number->string-mutable" from-number)

(define u (make-string 3 #\a))
(string-set! u 1 (integer->char 955))
(check "set-non-ascii-length" (string-length u))
(check "set-non-ascii-char" (char->integer (string-ref u 1)))
(string-set! u 1 #\b)
(check "set-back-ascii" u)
