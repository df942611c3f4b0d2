;;@ description: (socket-shutdown s *shut-rd*) does not close the socket: it still sends
;;@ spec: shutdown.half-close
;;@ peer: connect; recv-all
(define srv (serve))
(define s (socket-accept srv))
(socket-shutdown s *shut-rd*)
(socket-send s (string->utf8 "sent after shut-rd"))
