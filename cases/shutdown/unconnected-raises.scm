;;@ description: shutting down an unconnected datagram socket raises
;;@ spec: shutdown.unconnected
;;@ ruling: R-SHUTDOWN
;;@ requires: udp
(define s (serve *af-inet* *sock-dgram*))
(say (raises? (lambda () (socket-shutdown s *shut-rdwr*))))
