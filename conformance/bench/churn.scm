;; Connection churn: bench-count times, connect to our own server, accept,
;; one 4-byte request and response, close both (the accepted side first).
(define srv (make-server-socket server-port))
(define message (bytevector 1 2 3 4))
(do ((i 0 (+ i 1))) ((= i bench-count))
  (let* ((c (make-client-socket "127.0.0.1" server-port))
         (a (socket-accept srv)))
    (socket-send c message)
    (socket-recv a 4 *msg-waitall*)
    (socket-send a message)
    (socket-recv c 4 *msg-waitall*)
    (socket-close a)
    (socket-close c)))
(socket-close srv)
