;;@ description: socket-accept on a datagram client socket raises, and the socket still works
;;@ spec: dgram.no-accept
;;@ ruling: R-DGRAM
;;@ requires: udp
;;@ timeout: 5
;;@ peer: udp; recv-datagram
(define s (make-client-socket peer-host peer-port *af-inet* *sock-dgram*))
(say (raises? (lambda () (socket-accept s))))
(socket-send s (string->utf8 "still"))
