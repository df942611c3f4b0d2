;;@ description: socket? stays #t for closed client, server and accepted sockets
;;@ spec: socket?.closed
;;@ ruling: R-CLOSE
(define srv (serve))
(define c (make-client-socket peer-host server-port))
(define a (socket-accept srv))
(socket-close a)
(socket-close c)
(socket-close srv)
(say 'server (socket? srv))
(say 'client (socket? c))
(say 'accepted (socket? a))
