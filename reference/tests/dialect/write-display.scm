;; Checks the external representations produced by write and display:
;; string escapes, characters, symbols, numbers, booleans, the empty
;; list, nested and dotted lists, vectors, bytevectors, and display
;; printing strings and characters without quotes or #\ at any depth;
;; write-simple and write-shared on data without shared structure.
(import (scheme base) (scheme write))

(define (w label val) (display label) (display ": ") (write val) (newline))
(define (d label val) (display label) (display ": ") (display val) (newline))

(w "write-string-plain" "hello world")
(w "write-string-quote" "say \"hi\"")
(w "write-string-backslash" "back\\slash")
(w "write-string-empty" "")
(d "display-string-escapes" "say \"hi\" back\\slash")
(d "display-string-tab" "a\tb")

(w "write-chars" (list #\a #\Z #\space #\newline #\tab #\( #\" #\\ #\;))
(d "display-chars" (list #\a #\space #\b))
(w "write-symbols" (list 'abc 'hello-world 'x->y '+ '- '... 'a.b '<=? '!$%&*/:<=>?^_~ 'CamelCase))
(d "display-symbols" (list 'abc 'CamelCase))
(w "write-numbers" (list 0 1 -1 123456789 -987654321))
(w "write-booleans" (list #t #f))
(d "display-booleans" (list #t #f))
(w "write-empty-list" '())
(d "display-empty-list" '())

(w "write-nested-list" '(1 (2 (3 (4))) ()))
(w "write-dotted" '(1 . 2))
(w "write-dotted-long" '(1 2 3 . 4))
(w "write-dotted-nested" '((a . b) (c d . e)))
(w "write-list-with-empty" '(() (()) ((()))))
(w "write-vector" '#(1 "s" #\c sym (l i) #(v)))
(w "write-vector-empty" '#())
(w "write-bytevector" #u8(1 2 255))
(w "write-bytevector-empty" #u8())
(w "write-mixed" (list "str" #\c 'sym 42 #t '() (vector "v" #\w) #u8(0 16)))

(d "display-mixed" (list "str" #\c 'sym 42 #t '() (vector "v" #\w) #u8(0 16)))
(d "display-nested-strings" '("a" #\b c ("d" (#\e "f g"))))
(d "display-vector-strings" (vector "x y" #\z "" 'w))
(d "display-dotted-strings" (cons "a" "b"))

(display "write-simple: ")
(write-simple '(1 "two" #\3 #(4)))
(newline)
(display "write-shared-no-sharing: ")
(write-shared '(1 "two" #\3 #(4)))
(newline)
(display "write-distinct-equal-parts: ")
(write (list (list 1 2) (list 1 2)))
(newline)

(display "display-to-port: ")
(display "ok" (current-output-port))
(write-char #\! (current-output-port))
(newline (current-output-port))
(display "write-string: ")
(write-string "ws")
(write-char #\.)
(newline)
