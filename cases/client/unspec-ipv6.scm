;;@ description: make-client-socket with *af-unspec* connects to an IPv6 address
;;@ spec: client.family
;;@ requires: ipv6
;;@ peer: listen6; accept; recv 4; send "ipv6"; recv-all
(define s (make-client-socket peer-host6 peer-port *af-unspec*))
(socket-send s (string->utf8 "any?"))
(say (text (recv-all s 4 4)))
