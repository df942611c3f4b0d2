;;@ description: service may be a service name: "domain" resolves (a datagram socket needs no listener)
;;@ spec: client.service-name
;;@ requires: udp service-names
(define s (make-client-socket "127.0.0.1" "domain" *af-inet* *sock-dgram*))
(say (socket? s))
(socket-close s)
