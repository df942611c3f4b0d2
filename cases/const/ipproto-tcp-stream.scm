;;@ description: *ipproto-tcp* behaves as IPPROTO_TCP: with *sock-stream* it connects, and with *sock-dgram* it makes no socket
;;@ spec: const.protocols
;;@ requires: udp
;;@ peer: listen; accept; recv-all
(say 'dgram-made (made? (lambda () (make-client-socket peer-host peer-port *af-inet* *sock-dgram* *ai-numerichost* *ipproto-tcp*))))
(define s (make-client-socket peer-host peer-port *af-inet* *sock-stream* *ai-numerichost* *ipproto-tcp*))
(socket-send s (string->utf8 "tcp"))
