;; Checks capturing output by parameterizing current-output-port with a
;; string port: display/write/write-char/write-string without a port
;; argument go to the captured port, nesting, restoration after normal
;; exit and after an escape, and output from called procedures.  (newline
;; into the captured port, shown with a \n escape, is in
;; beyond-r7rs-write-escapes.)
(import (scheme base) (scheme write))

(define (check label val) (display label) (display ": ") (write val) (newline))

(define (capture thunk)
  (let ((port (open-output-string)))
    (parameterize ((current-output-port port))
      (thunk))
    (get-output-string port)))

(check "display" (capture (lambda () (display "hello") (display 42))))
(check "write" (capture (lambda () (write "hi") (write #\a) (write '(a "b")))))
(check "write-char-string" (capture (lambda () (write-char #\x) (write-string "yz"))))
(check "explicit-current-port"
       (capture (lambda () (display "via-port" (current-output-port)))))
(define (greet name) (display "Hello, ") (display name) (display "!"))
(check "called-procedure" (capture (lambda () (greet "World"))))
(check "nothing-written" (capture (lambda () 'silent)))

(check "nested"
       (capture
        (lambda ()
          (display "outer1 ")
          (let ((inner (capture (lambda () (display "inner")))))
            (display "outer2 ")
            (write inner)))))

(display "restored-after-capture: ")
(capture (lambda () (display "hidden")))
(display "visible")
(newline)

(define escaped-port (open-output-string))
(define escape-result
  (call/cc
   (lambda (k)
     (parameterize ((current-output-port escaped-port))
       (display "before-escape")
       (k 'escaped)
       (display "not-reached")))))
(check "escape-result" escape-result)
(check "escape-captured" (get-output-string escaped-port))
(display "restored-after-escape: visible")
(newline)

(define raised-port (open-output-string))
(check "raise-through-capture"
       (guard (e (#t e))
         (parameterize ((current-output-port raised-port))
           (display "partial")
           (raise 'stop))))
(check "raise-captured" (get-output-string raised-port))
(display "restored-after-raise: visible")
(newline)

(check "loop-output"
       (capture
        (lambda ()
          (let loop ((i 0))
            (when (< i 5)
              (display i)
              (display ",")
              (loop (+ i 1)))))))
(check "for-each-output"
       (capture (lambda () (for-each (lambda (x) (write x) (display " ")) '(a "b" #\c 1)))))
