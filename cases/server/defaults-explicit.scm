;;@ description: passing every default explicitly (*af-inet* *sock-stream* *ipproto-ip*) listens like omitting them
;;@ spec: server.defaults
;;@ peer: connect; send "ping"; recv-all
(define srv (serve *af-inet* *sock-stream* *ipproto-ip*))
(define c (socket-accept srv))
(say (text (recv-all c 4 4)))
(socket-send c (string->utf8 "pong"))
