;;@ description: socket? is #t for datagram client and server sockets
;;@ spec: socket?.sockets
;;@ requires: udp
(define srv (serve *af-inet* *sock-dgram*))
(define c (make-client-socket peer-host server-port *af-inet* *sock-dgram*))
(say 'server (socket? srv))
(say 'client (socket? c))
(socket-close c)
(socket-close srv)
