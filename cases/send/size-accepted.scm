;;@ description: socket-send on an accepted socket returns the number of bytes sent
;;@ spec: send.size
;;@ peer: connect; recv-all
(define srv (serve))
(define a (socket-accept srv))
(say (socket-send a (string->utf8 "from the server")))
