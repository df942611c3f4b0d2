;;@ description: socket-send returns the number of bytes sent
;;@ spec: send.size
;;@ peer: listen; accept; recv 5; send "thanks"; recv-all
(define s (make-client-socket peer-host peer-port))
(say (socket-send s (string->utf8 "hello")))
(say (text (socket-recv s 100)))
