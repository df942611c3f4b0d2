;; Checks string procedures: construction, string-length/-ref,
;; substring, string-append, string-copy (with ranges), string->list
;; and list->string (with ranges), comparisons (incl. several arguments
;; and -ci variants), string-upcase/-downcase/-foldcase, string-map over
;; one and two strings, string-for-each and
;; string->symbol/symbol->string.  Non-ASCII characters are checked in
;; beyond-r7rs-unicode.
(import (scheme base) (scheme write) (scheme char))

(define (check label val) (display label) (display ": ") (write val) (newline))

(check "literal" "hello")
(check "make-string" (make-string 3 #\z))
(check "make-string-length" (string-length (make-string 4)))
(check "string" (string #\a #\b #\c))
(check "string-empty" (string))
(check "string?" (list (string? "") (string? 'a) (string? #\a) (string? '(#\a))))
(check "string-length" (string-length "hello"))
(check "string-length-empty" (string-length ""))
(check "string-ref" (string-ref "hello" 1))
(check "substring" (substring "hello world" 6 11))
(check "substring-empty" (substring "abc" 1 1))
(check "string-append" (string-append "foo" "" "bar" "baz"))
(check "string-append-none" (string-append))
(check "string-copy" (string-copy "abc"))
(check "string-copy-start" (string-copy "abcdef" 2))
(check "string-copy-range" (string-copy "abcdef" 1 3))
(check "string->list" (string->list "abc"))
(check "string->list-start" (string->list "abcd" 2))
(check "string->list-range" (string->list "abcd" 1 3))
(check "list->string" (list->string '(#\x #\y)))
(check "list->string-empty" (list->string '()))

(check "string=?" (list (string=? "abc" "abc") (string=? "abc" "abd") (string=? "a" "a" "a")))
(check "string<?" (list (string<? "abc" "abd") (string<? "ab" "abc") (string<? "b" "a") (string<? "a" "b" "c")))
(check "string>?" (list (string>? "b" "a") (string>? "a" "a")))
(check "string<=?" (list (string<=? "a" "a") (string<=? "a" "b" "b") (string<=? "b" "a")))
(check "string>=?" (list (string>=? "b" "b") (string>=? "c" "b" "a") (string>=? "a" "b")))
(check "string-ci=?" (list (string-ci=? "HeLLo" "hello") (string-ci=? "a" "b")))
(check "string-ci<?" (list (string-ci<? "apple" "BANANA") (string-ci<? "B" "a")))
(check "string-ci>?" (string-ci>? "Zebra" "apple"))
(check "string-ci<=?" (string-ci<=? "abc" "ABC"))
(check "string-ci>=?" (string-ci>=? "abc" "ABD"))
(check "case-sensitive-order" (string<? "Z" "a"))

(check "string-upcase" (string-upcase "Hello, World 1"))
(check "string-downcase" (string-downcase "Hello, World 1"))
(check "string-foldcase" (string-foldcase "MiXeD"))

(check "string-map" (string-map char-upcase "abc"))
(check "string-map-2"
       (string-map (lambda (a b) (if (char<? a b) a b)) "adcz" "bbbb"))
(let ((acc '()))
  (string-for-each (lambda (c) (set! acc (cons (char->integer c) acc))) "AB")
  (check "string-for-each" acc))

(check "symbol->string" (symbol->string 'hello))
(check "string->symbol" (string->symbol "world"))
(check "string->symbol-eq" (eq? (string->symbol "abc") 'abc))
(check "symbol-roundtrip" (symbol->string (string->symbol "x-y_z!?")))

(check "equal-strings" (equal? (string #\a #\b) "ab"))
(check "eqv-fresh-strings" (eqv? (string-copy "ab") (string-copy "ab")))
(check "long-string" (string-length (make-string 10000 #\a)))
