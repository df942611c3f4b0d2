;;@ description: each socket-send on a datagram client socket is one datagram, sent to its peer
;;@ spec: dgram.client
;;@ ruling: R-DGRAM
;;@ requires: udp
;;@ peer: udp; recv-datagram; recv-datagram; recv-datagram
(define s (make-client-socket peer-host peer-port *af-inet* *sock-dgram*))
(say (socket-send s (string->utf8 "one")))
(say (socket-send s (string->utf8 "two")))
(say (socket-send s (string->utf8 "three")))
(socket-close s)
