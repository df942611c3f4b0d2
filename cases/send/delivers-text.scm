;;@ description: the peer receives exactly the bytes socket-send sent, in order
;;@ spec: send.delivers
;;@ peer: connect; recv-all
(define srv (serve))
(define s (socket-accept srv))
(socket-send s (string->utf8 "Hello, SRFI 106!\n"))
