;;@ description: (socket-shutdown s (shutdown-method write)) disables sending: the peer sees the end of the stream and a later send raises
;;@ spec: shutdown.write
;;@ peer: connect; recv-all
(define srv (serve))
(define s (socket-accept srv))
(socket-send s (string->utf8 "early"))
(socket-shutdown s (shutdown-method write))
(say (raises? (lambda () (socket-send s (string->utf8 "late")))))
(socket-close s)
(socket-close srv)
