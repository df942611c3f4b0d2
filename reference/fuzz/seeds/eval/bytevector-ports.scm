;; Checks binary bytevector ports: open-input-bytevector with read-u8,
;; peek-u8, u8-ready?, read-bytevector and read-bytevector! (with
;; ranges, partial reads and end of file); open-output-bytevector with
;; write-u8 and write-bytevector (with ranges); get-output-bytevector;
;; port predicates.


(define (check label val) (display label) (display ": ") (write val) (newline))

(define in (open-input-bytevector #u8(1 2 3 4 5 6 7 8)))
(check "peek-u8" (peek-u8 in))
(check "peek-u8-again" (peek-u8 in))
(check "read-u8" (read-u8 in))
(check "read-u8-2" (read-u8 in))
(check "u8-ready?" (u8-ready? in))
(check "read-bytevector" (read-bytevector 3 in))
(define buf (make-bytevector 5 0))
(check "read-bytevector!-count" (read-bytevector! buf in 1 3))
(check "read-bytevector!-buffer" buf)
(check "read-bytevector-partial" (read-bytevector 10 in))
(check "read-u8-eof" (eof-object? (read-u8 in)))
(check "peek-u8-eof" (eof-object? (peek-u8 in)))
(check "read-bytevector-eof" (eof-object? (read-bytevector 2 in)))
(check "read-bytevector!-eof" (eof-object? (read-bytevector! (make-bytevector 2 0) in)))

(define in2 (open-input-bytevector #u8(10 20 30)))
(define buf2 (make-bytevector 5 0))
(check "read-bytevector!-whole" (read-bytevector! buf2 in2))
(check "read-bytevector!-whole-buffer" buf2)
(define in3 (open-input-bytevector #u8(40 50 60)))
(define buf3 (make-bytevector 4 9))
(check "read-bytevector!-start" (read-bytevector! buf3 in3 2))
(check "read-bytevector!-start-buffer" buf3)
(check "read-bytevector!-rest" (read-u8 in3))
(check "empty-input" (eof-object? (read-u8 (open-input-bytevector #u8()))))
(check "read-all-loop"
       (let ((p (open-input-bytevector #u8(3 1 4 1 5 9 2 6))))
         (let loop ((acc '()))
           (let ((b (read-u8 p)))
             (if (eof-object? b) (reverse acc) (loop (cons b acc)))))))

(define out (open-output-bytevector))
(write-u8 65 out)
(write-u8 0 out)
(write-u8 255 out)
(write-bytevector #u8(1 2 3) out)
(write-bytevector #u8(10 11 12 13 14) out 3)
(write-bytevector #u8(20 21 22 23 24) out 1 3)
(check "get-output-bytevector" (get-output-bytevector out))
(write-u8 7 out)
(check "get-output-bytevector-cumulative" (get-output-bytevector out))
(check "empty-output" (get-output-bytevector (open-output-bytevector)))
(check "utf8-through-port"
       (let ((o (open-output-bytevector)))
         (write-bytevector (string->utf8 "hi!") o)
         (utf8->string (get-output-bytevector o))))

(define ip (open-input-bytevector #u8(1)))
(define op (open-output-bytevector))
(check "binary-port?" (list (binary-port? ip) (binary-port? op)))
(check "input-port?" (input-port? ip))
(check "output-port?" (list (output-port? op) (output-port? ip)))
(check "port?" (list (port? ip) (port? op) (port? #u8(1))))
(check "input-port-open?" (input-port-open? ip))
(close-port ip)
(check "input-port-closed" (input-port-open? ip))
(close-port op)
(check "output-port-closed" (output-port-open? op))
