;;@ description: make-client-socket connects to a TCP peer over IPv4; data flows both ways
;;@ spec: client.connects
;;@ peer: listen; accept; recv 5; send "world"; recv-all
(define s (make-client-socket peer-host peer-port))
(socket-send s (string->utf8 "hello"))
(say (text (recv-all s 5 5)))
