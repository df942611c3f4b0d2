;;@ description: several socket-send calls in a row arrive at the peer concatenated, in order
;;@ spec: send.delivers
;;@ peer: connect; recv-all
(define srv (serve))
(define s (socket-accept srv))
(socket-send s (string->utf8 "one,"))
(socket-send s (string->utf8 "two,"))
(socket-send s (string->utf8 "three"))
