;;@ description: *sock-dgram* gives a datagram socket: it reaches a UDP peer, each send one datagram
;;@ spec: client.socktype
;;@ requires: udp
;;@ peer: udp; recv-datagram; recv-datagram
(define s (make-client-socket peer-host peer-port *af-inet* *sock-dgram*))
(socket-send s (string->utf8 "data"))
(socket-send s (string->utf8 "gram"))
