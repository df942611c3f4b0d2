;;@ description: make-server-socket with *sock-dgram* succeeds (a datagram socket is bound, never listens)
;;@ spec: dgram.server
;;@ ruling: R-DGRAM
;;@ requires: udp
(define s (guard (e (#t #f)) (make-server-socket server-port *af-inet* *sock-dgram*)))
(say 'made (if s #t #f))
(when s (socket-close s))
