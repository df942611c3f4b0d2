;; Bulk TCP: send bench-bytes in 64 KiB socket-send calls, half-close, then
;; receive what the peer sends in 64 KiB socket-recv calls until the end.
(define chunk (make-bytevector 65536 42))
(define s (make-client-socket peer-host peer-port))
(let loop ((left bench-bytes))
  (when (> left 0)
    (socket-send s chunk)
    (loop (- left 65536))))
(socket-shutdown s *shut-wr*)
(let loop ()
  (when (> (bytevector-length (socket-recv s 65536)) 0)
    (loop)))
(socket-close s)
