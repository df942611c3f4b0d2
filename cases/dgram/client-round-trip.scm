;;@ description: a datagram client socket sends to and receives from its peer
;;@ spec: dgram.client
;;@ ruling: R-DGRAM
;;@ requires: udp
;;@ peer: udp; recv-datagram; reply "pong!"
(define s (make-client-socket peer-host peer-port *af-inet* *sock-dgram*))
(socket-send s (string->utf8 "ping"))
(say (text (socket-recv s 100)))
