(import (scheme base) (srfi 106))
(define peer-host "127.0.0.1")(define peer-port "32895")(define bench-count 20000)
;; UDP: send bench-count datagrams of 64 bytes to the peer. The socket is
;; left to be closed by the program's exit.
(define s (make-client-socket peer-host peer-port *af-inet* *sock-dgram*))
(define datagram (make-bytevector 64 7))
(do ((i 0 (+ i 1))) ((= i bench-count))
  (socket-send s datagram))
