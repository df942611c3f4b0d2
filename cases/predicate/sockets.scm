;;@ description: socket? is #t for a server socket, a client socket and an accepted socket
;;@ spec: socket?.sockets
(define srv (serve))
(define c (make-client-socket peer-host server-port))
(define a (socket-accept srv))
(say 'server (socket? srv))
(say 'client (socket? c))
(say 'accepted (socket? a))
