;;@ description: socket? stays #t for a closed socket
;;@ spec: socket?.closed
;;@ ruling: R-CLOSE
;;@ peer: connect; recv-all
(define srv (serve))
(define a (socket-accept srv))
(socket-close a)
(socket-close srv)
(say (socket? a))
(say (socket? srv))
