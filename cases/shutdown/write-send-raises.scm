;;@ description: after (socket-shutdown s *shut-wr*) socket-send raises and nothing more reaches the peer
;;@ spec: shutdown.send-raises
;;@ ruling: R-SEND
;;@ peer: connect; recv-all
(define srv (serve))
(define s (socket-accept srv))
(socket-send s (string->utf8 "early"))
(socket-shutdown s *shut-wr*)
(say (raises? (lambda () (socket-send s (string->utf8 "late")))))
