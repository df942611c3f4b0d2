;;@ description: closing a closed socket again leaves alone the socket opened since (which may have its descriptor number)
;;@ spec: close.twice
;;@ ruling: R-CLOSE
;;@ timeout: 5
;;@ peer: listen; accept; recv-all; accept; recv 12; send "ok"; recv-all
(define a (make-client-socket peer-host peer-port))
(socket-close a)
(define b (make-client-socket peer-host peer-port))
(socket-close a)
(say (guard (e (#t 'raised))
       (socket-send b (string->utf8 "b still open"))
       (text (socket-recv b 100))))
(socket-close b)
