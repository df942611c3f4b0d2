;;@ description: make-server-socket listens; socket-accept returns a connected socket
;;@ spec: server.listens
;;@ peer: connect; send "ping"; recv-all
(define srv (serve))
(define c (socket-accept srv))
(say (text (socket-recv c 4 *msg-waitall*)))
(socket-send c (string->utf8 "pong"))
(socket-close c)
(socket-close srv)
