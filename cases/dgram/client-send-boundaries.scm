;;@ description: each socket-send on a datagram client socket is one datagram, sent to its peer
;;@ spec: dgram.client
;;@ ruling: R-DGRAM
;;@ requires: udp
;;@ peer: udp; recv-datagram; recv-datagram; recv-datagram
(define s (make-client-socket peer-host peer-port *af-inet* *sock-dgram*))
(socket-send s (string->utf8 "one"))
(socket-send s (string->utf8 "two"))
(socket-send s (string->utf8 "three"))
