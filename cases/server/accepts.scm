;;@ description: make-server-socket listens; socket-accept returns a connected socket
;;@ spec: server.listens
;;@ peer: connect; send "ping"; recv-all
(define srv (serve))
(define c (socket-accept srv))
(say (text (recv-all c 4 4)))
(socket-send c (string->utf8 "pong"))
