;;@ description: socket-send without flags and with (message-type none) both send normal data
;;@ spec: send.flags
;;@ peer: connect; recv-all
(define srv (serve))
(define s (socket-accept srv))
(socket-send s (string->utf8 "default,"))
(socket-send s (string->utf8 "none") (message-type none))
