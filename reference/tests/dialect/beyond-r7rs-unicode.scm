;; beyond R7RS: the reference supports every Unicode scalar value as a character and reads program files as UTF-8, while R7RS 6.6 requires only the ASCII repertoire and leaves the encoding of program files to the implementation.
;; Checks characters beyond ASCII: integer->char of 955, a non-ASCII
;; character stored with string-set!, UTF-8 encoding and decoding with
;; string->utf8 and utf8->string (\x<hex>; escapes in strings), and
;; strings written with non-ASCII characters in the source file.
(import (scheme base) (scheme write))

(define (check label val) (display label) (display ": ") (write val) (newline))

;; from chars
(check "integer->char-non-ascii" (char->integer (integer->char 955)))

;; from string-mutation
(define u (make-string 3 #\a))
(string-set! u 1 (integer->char 955))
(check "set-non-ascii-length" (string-length u))
(check "set-non-ascii-char" (char->integer (string-ref u 1)))
(string-set! u 1 #\b)
(check "set-back-ascii" u)

;; from bytevectors
(check "string->utf8-multibyte" (string->utf8 "a\x3bb;"))
(check "string->utf8-range-multibyte" (string->utf8 "x\x3bb;y" 1 2))
(check "utf8->string-multibyte"
       (map char->integer (string->list (utf8->string #u8(206 187 97)))))
(check "utf8-length" (bytevector-length (string->utf8 "\x3bb;\x3bc;")))

;; from strings
(check "non-ascii-length" (string-length "λμν"))
(check "non-ascii-ref" (char->integer (string-ref "aλb" 1)))
(check "non-ascii-substring"
       (map char->integer (string->list (substring "aλbμc" 1 4))))
(check "non-ascii-equal" (equal? (string #\a (integer->char 955)) "aλ"))
