;;@ description: socket-send on a bound datagram socket with no peer raises (there is no destination)
;;@ spec: dgram.send-unconnected
;;@ ruling: R-DGRAM
;;@ requires: udp
(define s (serve *af-inet* *sock-dgram*))
(say (raises? (lambda () (socket-send s (bytevector 1 2 3)))))
