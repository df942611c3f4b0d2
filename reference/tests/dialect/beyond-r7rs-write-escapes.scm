;; beyond R7RS: the reference's write shows a newline and a tab inside a string as \n and \t, while R7RS 6.13.3 requires only backslash and double quote to be escaped, so a raw newline or tab is an equally valid written form.
;; Checks write of strings holding newlines and tabs: literals, a string
;; built from characters, newline into a captured current output port, and
;; a string output port filled by write-char, write-string (with ranges),
;; newline and write.
(import (scheme base) (scheme write))

(define (check label val) (display label) (display ": ") (write val) (newline))

;; from write-display
(check "write-string-newline" "line1\nline2")
(check "write-string-tab" "a\tb")
(check "write-string-mixed" (string #\a #\" #\\ #\newline #\tab #\b))

;; from output-capture
(define (capture thunk)
  (let ((port (open-output-string)))
    (parameterize ((current-output-port port))
      (thunk))
    (get-output-string port)))
(check "newline" (capture (lambda () (display "a") (newline) (display "b"))))

;; from string-ports
(define out (open-output-string))
(write-char #\H out)
(write-string "ello" out)
(write-char #\space out)
(write-string "0123456789" out 2 5)
(newline out)
(write-string "abcdef" out 4)
(check "output-string" (get-output-string out))
(write 'sym out)
(check "get-output-string-cumulative" (get-output-string out))
