;;@ description: a datagram client socket receives its peer's replies one datagram per socket-recv
;;@ spec: dgram.client
;;@ ruling: R-DGRAM
;;@ requires: udp
;;@ peer: udp; recv-datagram; reply "first"; reply "second"
(define s (make-client-socket peer-host peer-port *af-inet* *sock-dgram*))
(socket-send s (string->utf8 "go"))
(say (text (socket-recv s 100)))
(say (text (socket-recv s 100)))
