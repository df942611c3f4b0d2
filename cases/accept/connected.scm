;;@ description: the socket socket-accept returns is connected to the client: data flows both ways
;;@ spec: accept.connected
;;@ peer: connect; send "from peer"; recv 9; send "more"; recv-all
(define srv (serve))
(define c (socket-accept srv))
(say (text (recv-all c 9 9)))
(socket-send c (string->utf8 "from case"))
(say (text (recv-all c 4 4)))
