;;@ description: an IPv6 datagram server socket reads the datagrams an IPv6 datagram client sends it
;;@ spec: dgram.server
;;@ ruling: R-DGRAM
;;@ requires: udp ipv6
(define srv (serve *af-inet6* *sock-dgram*))
(define c (make-client-socket peer-host6 server-port *af-inet6* *sock-dgram*))
(socket-send c (string->utf8 "six"))
(socket-send c (string->utf8 "more"))
(say (text (socket-recv srv 100)))
(say (text (socket-recv srv 100)))
