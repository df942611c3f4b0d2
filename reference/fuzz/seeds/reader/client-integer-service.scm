;;@ description: an integer service raises, though a peer listens on that port
;;@ spec: client.arguments
;;@ ruling: R-ARGS
;;@ peer: listen; accept; send "!"; recv-all
(define raised (raises? (lambda () (socket-close (make-client-socket peer-host (string->number peer-port))))))
(say 'integer-service raised)
(when raised
  (let ((s (make-client-socket peer-host peer-port)))
    (recv-all s 1 1) ; the peer's "!": it has accepted
    (socket-send s (string->utf8 "string"))
    (socket-close s)))
