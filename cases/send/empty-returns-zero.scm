;;@ description: sending an empty bytevector returns 0, sends nothing and leaves the socket usable
;;@ spec: send.empty
;;@ ruling: R-SEND
;;@ peer: connect; recv-all
(define srv (serve))
(define s (socket-accept srv))
(say (socket-send s (bytevector)))
(say (socket-send s (string->utf8 "after")))
