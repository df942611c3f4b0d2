;;@ description: the server binds the wildcard address: a connection to 127.0.0.2 is accepted
;;@ spec: server.wildcard
;;@ ruling: R-SERVER-BIND
;;@ requires: loopback-alias
;;@ peer: connect-alias; send "alias"; recv-all
(define srv (serve))
(define c (socket-accept srv))
(say (text (recv-all c 5 5)))
(socket-send c (string->utf8 "seen"))
