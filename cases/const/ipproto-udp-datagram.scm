;;@ description: *ipproto-udp* behaves as IPPROTO_UDP: with *sock-dgram* it reaches a UDP peer
;;@ spec: const.protocols
;;@ requires: udp
;;@ peer: udp; recv-datagram
(define s (make-client-socket peer-host peer-port *af-inet* *sock-dgram* *ai-numerichost* *ipproto-udp*))
(socket-send s (string->utf8 "udp"))
