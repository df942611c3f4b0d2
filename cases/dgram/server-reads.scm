;;@ description: a datagram server socket is bound and reads one datagram per socket-recv
;;@ spec: dgram.server
;;@ ruling: R-DGRAM
;;@ requires: udp
;;@ peer: udp-connect; send-datagram "first"; send-datagram "second"
(define s (serve *af-inet* *sock-dgram*))
(say (text (socket-recv s 100)))
(say (text (socket-recv s 100)))
