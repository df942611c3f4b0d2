;;@ description: make-server-socket with *af-inet6* accepts a connection over IPv6
;;@ spec: server.family
;;@ requires: ipv6
;;@ peer: connect6; send "over6"; recv-all
(define srv (serve *af-inet6*))
(define c (socket-accept srv))
(say (text (recv-all c 5 5)))
(socket-send c (string->utf8 "ack6"))
