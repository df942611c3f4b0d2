;; The port path: the same bulk transfer through socket-output-port and
;; socket-input-port, with write-bytevector and read-bytevector. The
;; socket is left to be closed by the program's exit.
(define chunk (make-bytevector 65536 42))
(define s (make-client-socket peer-host peer-port))
(define out (socket-output-port s))
(let loop ((left bench-bytes))
  (when (> left 0)
    (write-bytevector chunk out)
    (loop (- left 65536))))
(flush-output-port out)
(socket-shutdown s *shut-wr*)
(define in (socket-input-port s))
(let loop ()
  (unless (eof-object? (read-bytevector 65536 in))
    (loop)))
