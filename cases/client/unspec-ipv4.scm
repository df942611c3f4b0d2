;;@ description: make-client-socket with *af-unspec* connects to an IPv4 address
;;@ spec: client.family
;;@ peer: listen; accept; recv 4; send "ipv4"; recv-all
(define s (make-client-socket peer-host peer-port *af-unspec*))
(socket-send s (string->utf8 "any?"))
(say (text (recv-all s 4 4)))
