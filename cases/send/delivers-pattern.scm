;;@ description: 200000 bytes of every value arrive at the peer intact and in order
;;@ spec: send.delivers
;;@ peer: connect; recv-pattern 200000; recv-all
(define srv (serve))
(define s (socket-accept srv))
(send-all s (pattern 200000))
