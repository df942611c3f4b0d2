;;@ description: make-server-socket with *ipproto-tcp* accepts a TCP connection
;;@ spec: server.protocol
;;@ peer: connect; send "tcp"; recv-all
(define srv (serve *af-inet* *sock-stream* *ipproto-tcp*))
(define c (socket-accept srv))
(say (text (recv-all c 3 3)))
(socket-send c (string->utf8 "ok"))
