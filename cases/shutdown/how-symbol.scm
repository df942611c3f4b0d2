;;@ description: socket-shutdown with the symbol write instead of a constant raises and shuts nothing down
;;@ spec: shutdown.how
;;@ peer: connect; recv-all
(define srv (serve))
(define s (socket-accept srv))
(say (raises? (lambda () (socket-shutdown s 'write))))
(say (socket-send s (string->utf8 "still open")))
(socket-close s)
(socket-close srv)
