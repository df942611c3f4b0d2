;;@ description: make-server-socket with family and socktype only (protocol defaulting) listens
;;@ spec: server.defaults
;;@ peer: connect; send "three"; recv-all
(define srv (serve *af-inet* *sock-stream*))
(define c (socket-accept srv))
(say (text (recv-all c 5 5)))
(socket-send c (string->utf8 "args"))
