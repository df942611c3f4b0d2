;;@ description: socket-shutdown with -1 raises and shuts nothing down
;;@ spec: shutdown.how
;;@ ruling: R-SHUTDOWN
;;@ peer: connect; recv-all
(define srv (serve))
(define s (socket-accept srv))
(say (raises? (lambda () (socket-shutdown s -1))))
(socket-send s (string->utf8 "still open"))
