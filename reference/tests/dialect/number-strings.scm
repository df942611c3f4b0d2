;; Checks number->string and string->number on exact integers, with and
;; without a radix (2, 8, 10, 16) and with #x/#b/#o/#d/#e prefixes, plus
;; strings that are not numbers (which give #f).
(import (scheme base) (scheme write) (scheme char))

(define (check label val) (display label) (display ": ") (write val) (newline))

(check "number->string" (map number->string '(0 7 -42 1234567890)))
(check "number->string-radix-2" (list (number->string 10 2) (number->string -5 2) (number->string 0 2)))
(check "number->string-radix-8" (list (number->string 64 8) (number->string 511 8)))
(check "number->string-radix-10" (number->string 255 10))
(check "number->string-radix-16"
       (map (lambda (n) (string-downcase (number->string n 16))) '(255 4096 -255 48879)))

(check "string->number" (map string->number '("0" "42" "-17" "+5" "007")))
(check "string->number-radix-2" (string->number "1010" 2))
(check "string->number-radix-8" (string->number "777" 8))
(check "string->number-radix-16" (list (string->number "ff" 16) (string->number "FF" 16) (string->number "-1a" 16)))
(check "string->number-prefixes"
       (map string->number '("#xff" "#XFF" "#b101" "#o17" "#d99" "#e12" "#x-10")))
(check "string->number-prefix-overrides"
       (string->number "#x10" 10))
(check "string->number-invalid"
       (map string->number '("" "abc" "1a" "-" "+" "12 " " 12" "#xg" "--1")))
(check "string->number-invalid-radix" (list (string->number "12" 2) (string->number "9" 8)))
(check "roundtrip"
       (let loop ((i -1000) (ok #t))
         (if (> i 1000)
             ok
             (loop (+ i 1)
                   (and ok
                        (= i (string->number (number->string i)))
                        (= i (string->number (number->string i 2) 2))
                        (= i (string->number (number->string i 16) 16)))))))
