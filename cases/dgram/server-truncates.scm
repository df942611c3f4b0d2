;;@ description: a datagram server's socket-recv of size n returns the first n bytes of a longer datagram, and the next call the next datagram
;;@ spec: dgram.server
;;@ ruling: R-DGRAM
;;@ requires: udp
;;@ peer: udp-connect; send-datagram "abcdefgh"; send-datagram "next"
(define s (serve *af-inet* *sock-dgram*))
(say (text (socket-recv s 3)))
(say (text (socket-recv s 100)))
