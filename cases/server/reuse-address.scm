;;@ description: after the server closes a connection first (TIME_WAIT), a new server binds the same port at once
;;@ spec: server.reuse-address
;;@ ruling: R-SERVER-BIND
;;@ peer: connect; send "first"; recv-all
(define srv (serve))
(define c (socket-accept srv))
(say (text (recv-all c 5 5)))
(socket-close c)
(socket-close srv)
(define again
  (guard (e (#t #f))
    (make-server-socket server-port)))
(say 'rebound (if again #t #f))
(when again
  (let* ((c2 (make-client-socket peer-host server-port))
         (a2 (socket-accept again)))
    (socket-send c2 (string->utf8 "second"))
    (say (text (recv-all a2 6 6)))
    (socket-close a2)
    (socket-close c2)
    (socket-close again)))
