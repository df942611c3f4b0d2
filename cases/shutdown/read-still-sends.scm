;;@ description: (socket-shutdown s *shut-rd*) does not close the socket: it still sends
;;@ spec: shutdown.half-close
;;@ ruling: R-SHUTDOWN
;;@ peer: connect; recv-all
(define srv (serve))
(define s (socket-accept srv))
(socket-shutdown s *shut-rd*)
(say (socket-send s (string->utf8 "sent after shut-rd")))
(socket-close s)
(socket-close srv)
