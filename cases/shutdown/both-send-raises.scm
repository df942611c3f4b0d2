;;@ description: after (socket-shutdown s *shut-rdwr*) socket-send raises and nothing more reaches the peer
;;@ spec: shutdown.send-raises
;;@ ruling: R-SEND
;;@ peer: connect; recv-all
(define srv (serve))
(define s (socket-accept srv))
(socket-send s (string->utf8 "before"))
(socket-shutdown s *shut-rdwr*)
(say (raises? (lambda () (socket-send s (string->utf8 "after")))))
