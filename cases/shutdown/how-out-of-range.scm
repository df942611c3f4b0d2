;;@ description: socket-shutdown with an integer that is none of *shut-rd*, *shut-wr*, *shut-rdwr* raises and shuts nothing down
;;@ spec: shutdown.how
;;@ peer: connect; recv-all
(define srv (serve))
(define s (socket-accept srv))
(define invalid (+ 1 (max *shut-rd* *shut-wr* *shut-rdwr*)))
(say (raises? (lambda () (socket-shutdown s invalid))))
(say (socket-send s (string->utf8 "still open")))
(socket-close s)
(socket-close srv)
