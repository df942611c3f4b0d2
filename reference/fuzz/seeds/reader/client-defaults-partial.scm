;;@ description: make-client-socket takes 3, 4 and 5 arguments, the rest defaulting
;;@ spec: client.defaults
;;@ peer: listen; accept; send "3"; recv-all; accept; send "4"; recv-all; accept; send "5"; recv-all
;; Each connection waits for the peer's byte, so the peer has accepted it.
(define (try name s)
  (say name (text (recv-all s 1 1)))
  (socket-send s (string->utf8 name))
  (socket-close s))
(try "three" (make-client-socket peer-host peer-port *af-inet*))
(try "four" (make-client-socket peer-host peer-port *af-inet* *sock-stream*))
(try "five" (make-client-socket peer-host peer-port *af-inet* *sock-stream*
                                (socket-merge-flags *ai-v4mapped* *ai-addrconfig*)))
