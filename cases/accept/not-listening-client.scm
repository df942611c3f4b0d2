;;@ description: socket-accept on a connected client socket raises, and the connection still works
;;@ spec: accept.not-listening
;;@ ruling: R-ERRORS
;;@ timeout: 5
;;@ peer: listen; accept; send "!"; recv-all
(define s (make-client-socket peer-host peer-port))
(recv-all s 1 1) ; the peer's "!": it has accepted
(say (raises? (lambda () (socket-accept s))))
(socket-send s (string->utf8 "still"))
