;;@ description: the default family is *af-inet*: a server made with the defaults is not reachable over IPv6
;;@ spec: server.defaults
;;@ requires: ipv6
(define srv (serve))
(say 'ipv6-made (made? (lambda () (make-client-socket peer-host6 server-port *af-inet6*))))
(define c (make-client-socket peer-host server-port))
(define a (socket-accept srv))
(socket-send c (string->utf8 "v4"))
(say 'ipv4 (text (recv-all a 2 2)))
