;;@ description: socket-shutdown with an integer that is none of *shut-rd*, *shut-wr*, *shut-rdwr* raises and shuts nothing down
;;@ spec: shutdown.how
;;@ ruling: R-SHUTDOWN
;;@ peer: connect; recv-all
(define srv (serve))
(define s (socket-accept srv))
(define invalid (+ 1 (max *shut-rd* *shut-wr* *shut-rdwr*)))
(say (raises? (lambda () (socket-shutdown s invalid))))
(socket-send s (string->utf8 "still open"))
