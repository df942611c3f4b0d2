;; beyond R7RS: the reference's exact-integer? returns #f for any non-number, while R7RS 6.2.6 names its argument z, so by the naming conventions of R7RS 1.3.3 applying it to a non-number is an error.
;; Checks exact-integer? on an exact integer, a string and a character
;; (the line numbers-exact had before its non-number arguments moved here).
(import (scheme base) (scheme write))

(define (check label val) (display label) (display ": ") (write val) (newline))

;; from numbers-exact
(check "exact-integer?" (list (exact-integer? 5) (exact-integer? "5") (exact-integer? #\5)))
