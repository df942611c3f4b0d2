;;@ description: arguments of the wrong type raise objects that guard catches
;;@ spec: error.catchable
;;@ ruling: R-ERRORS
;;@ peer: listen; accept; send "!"; recv-all
(define s (make-client-socket peer-host peer-port))
(recv-all s 1 1) ; the peer's "!": it has accepted
(say 'accept-string (raises? (lambda () (socket-accept "socket"))))
(say 'recv-size (raises? (lambda () (socket-recv s "ten"))))
(say 'send-to-list (raises? (lambda () (socket-send '() (bytevector 1)))))
(socket-send s (string->utf8 "ok"))
