;;@ description: after call-with-socket returns, the socket is closed: sending on it raises
;;@ spec: call.closes
;;@ ruling: R-CLOSE
;;@ peer: listen; accept; recv-all
(define s (make-client-socket peer-host peer-port))
(call-with-socket s (lambda (x) (socket-send x (string->utf8 "in"))))
(say (raises? (lambda () (socket-send s (string->utf8 "after")))))
