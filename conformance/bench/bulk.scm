;; Bulk TCP: send bench-bytes in 64 KiB socket-send calls, half-close, then
;; receive what the peer sends in 64 KiB socket-recv calls until the end
;; (anything but a non-empty bytevector ends it, as in the check library).
;; The socket is left to be closed by the program's exit.
(define chunk (make-bytevector 65536 42))
(define s (make-client-socket peer-host peer-port))
(let loop ((left bench-bytes))
  (when (> left 0)
    (socket-send s chunk)
    (loop (- left 65536))))
(socket-shutdown s *shut-wr*)
(let loop ()
  (let ((got (socket-recv s 65536)))
    (when (and (bytevector? got) (> (bytevector-length got) 0))
      (loop))))
