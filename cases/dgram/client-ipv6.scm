;;@ description: a datagram client socket over IPv6 sends to and receives from its peer
;;@ spec: dgram.client
;;@ ruling: R-DGRAM
;;@ requires: udp ipv6
;;@ peer: udp6; recv-datagram; reply "pong6"
(define s (make-client-socket peer-host6 peer-port *af-inet6* *sock-dgram*))
(socket-send s (string->utf8 "ping6"))
(say (text (socket-recv s 100)))
