;;@ description: socket-shutdown with -1 raises and shuts nothing down
;;@ spec: shutdown.how
;;@ peer: connect; recv-all
(define srv (serve))
(define s (socket-accept srv))
(say (raises? (lambda () (socket-shutdown s -1))))
(say (socket-send s (string->utf8 "still open")))
(socket-close s)
(socket-close srv)
