;;@ description: #f as node raises, though a peer listens on the service's port
;;@ spec: client.arguments
;;@ ruling: R-ARGS
;;@ peer: listen; accept; send "!"; recv-all
(define raised (raises? (lambda () (socket-close (make-client-socket #f peer-port)))))
(say 'false-node raised)
(when raised
  (let ((s (make-client-socket peer-host peer-port)))
    (recv-all s 1 1) ; the peer's "!": it has accepted
    (socket-send s (string->utf8 "string"))
    (socket-close s)))
