;;@ description: make-client-socket with *af-inet6* connects to a TCP peer over IPv6; data flows both ways
;;@ spec: client.family
;;@ requires: ipv6
;;@ peer: listen6; accept; recv 5; send "world"; recv-all
(define s (make-client-socket peer-host6 peer-port *af-inet6*))
(socket-send s (string->utf8 "hello"))
(say (text (recv-all s 5 5)))
