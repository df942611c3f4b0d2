;;@ description: a symbol as node raises, though it names a host
;;@ spec: client.arguments
;;@ ruling: R-ARGS
;;@ peer: listen; accept; send "!"; recv-all
(define raised (raises? (lambda () (socket-close (make-client-socket 'localhost peer-port)))))
(say 'symbol-node raised)
(when raised
  (let ((s (make-client-socket "localhost" peer-port)))
    (recv-all s 1 1) ; the peer's "!": it has accepted
    (socket-send s (string->utf8 "string"))
    (socket-close s)))
