;; Connection churn: bench-count times, connect to our own server, accept,
;; one 4-byte request and response, close both (the accepted side first).
;; Only the core is used: the 4 bytes are read by a loop, not with a flag.
;; The server is left to be closed by the program's exit.
(define srv (make-server-socket server-port))
(define message (bytevector 1 2 3 4))
(define (recv-4 s)
  (let loop ((got 0))
    (when (< got 4)
      (let ((b (socket-recv s (- 4 got))))
        (if (and (bytevector? b) (> (bytevector-length b) 0))
            (loop (+ got (bytevector-length b)))
            (error "churn: the connection ended early" got))))))
(do ((i 0 (+ i 1))) ((= i bench-count))
  (let* ((c (make-client-socket "127.0.0.1" server-port))
         (a (socket-accept srv)))
    (socket-send c message)
    (recv-4 a)
    (socket-send a message)
    (recv-4 c)
    (socket-close a)
    (socket-close c)))
