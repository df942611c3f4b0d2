;;@ description: socket-shutdown with the symbol write instead of a constant raises and shuts nothing down
;;@ spec: shutdown.how
;;@ ruling: R-SHUTDOWN
;;@ peer: connect; recv-all
(define srv (serve))
(define s (socket-accept srv))
(say (raises? (lambda () (socket-shutdown s 'write))))
(socket-send s (string->utf8 "still open"))
