;; Checks characters: char->integer / integer->char, comparisons (incl.
;; several arguments and -ci variants), the (scheme char) predicates and
;; case procedures on ASCII, digit-value, and the written form of the
;; characters whose names Guile and R7RS agree on.
(import (scheme base) (scheme write) (scheme char))

(define (check label val) (display label) (display ": ") (write val) (newline))

(check "write-chars" (list #\a #\A #\z #\0 #\space #\newline #\tab))
(check "named-chars-codes"
       (map char->integer
            (list #\alarm #\backspace #\delete #\escape #\newline #\null #\return #\space #\tab)))
(check "write-named-chars" (list #\alarm #\backspace #\delete #\return))
(check "hex-char" (char->integer #\x41))
(check "hex-char-is-A" (eqv? #\x41 #\A))
(check "write-hex-char" #\x61)
(check "char->integer" (map char->integer (list #\a #\A #\0 #\space)))
(check "integer->char" (map integer->char (list 97 65 48 32)))
(check "char?" (list (char? #\a) (char? "a") (char? 'a) (char? 97)))

(check "char=?" (list (char=? #\a #\a) (char=? #\a #\b) (char=? #\a #\a #\a)))
(check "char<?" (list (char<? #\a #\b) (char<? #\b #\a) (char<? #\a #\b #\c) (char<? #\a #\c #\b)))
(check "char>?" (list (char>? #\b #\a) (char>? #\a #\a)))
(check "char<=?" (list (char<=? #\a #\a #\b) (char<=? #\b #\a)))
(check "char>=?" (list (char>=? #\c #\b #\b) (char>=? #\a #\b)))
(check "char-ci=?" (list (char-ci=? #\a #\A) (char-ci=? #\a #\b)))
(check "char-ci<?" (list (char-ci<? #\a #\B) (char-ci<? #\B #\a)))
(check "char-ci>?" (char-ci>? #\Z #\a))
(check "char-ci<=?" (char-ci<=? #\a #\A #\b))
(check "char-ci>=?" (char-ci>=? #\b #\B #\a))
(check "uppercase-before-lowercase" (char<? #\Z #\a))

(check "char-alphabetic?" (map char-alphabetic? (list #\a #\Z #\1 #\space #\-)))
(check "char-numeric?" (map char-numeric? (list #\0 #\9 #\a #\space)))
(check "char-whitespace?" (map char-whitespace? (list #\space #\tab #\newline #\a #\0)))
(check "char-upper-case?" (map char-upper-case? (list #\A #\a #\1)))
(check "char-lower-case?" (map char-lower-case? (list #\a #\A #\1)))
(check "char-upcase" (map char-upcase (list #\a #\z #\A #\1 #\space)))
(check "char-downcase" (map char-downcase (list #\A #\Z #\a #\1)))
(check "char-foldcase" (map char-foldcase (list #\A #\a #\1)))

(check "digit-value" (map digit-value (list #\0 #\5 #\9)))
(check "digit-value-non-digit" (map digit-value (list #\a #\space #\x)))

(display "display-chars: ")
(display #\a) (display #\space) (display #\b) (display #\tab) (display #\c)
(newline)
(check "string-from-chars" (string #\h #\i))
(check "eqv-chars" (eqv? (integer->char 65) #\A))
(check "char-roundtrip"
       (let loop ((i 32) (ok #t))
         (if (= i 127)
             ok
             (loop (+ i 1) (and ok (= i (char->integer (integer->char i))))))))
