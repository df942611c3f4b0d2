;;@ description: *af-inet* behaves as AF_INET: the IPv6 address "::1" does not connect with it, and does with *af-inet6*
;;@ spec: const.address-families
;;@ requires: ipv6
;;@ peer: listen6; accept; recv-all
(say 'inet-made (made? (lambda () (make-client-socket peer-host6 peer-port *af-inet* *sock-stream* *ai-numerichost*))))
(define s (make-client-socket peer-host6 peer-port *af-inet6* *sock-stream* *ai-numerichost*))
(socket-send s (string->utf8 "inet6"))
