;;@ description: socket-accept on a datagram server socket raises
;;@ spec: dgram.no-accept
;;@ ruling: R-DGRAM
;;@ requires: udp
;;@ timeout: 5
(define s (serve *af-inet* *sock-dgram*))
(say (raises? (lambda () (socket-accept s))))
