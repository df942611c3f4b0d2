;;@ description: when proc raises, call-with-socket leaves the socket open
;;@ spec: call.raise
;;@ ruling: R-CALL
;;@ peer: listen; accept; recv-all
(define s (make-client-socket peer-host peer-port))
(say (guard (e ((symbol? e) e))
       (call-with-socket s (lambda (x) (raise 'oops)))))
(socket-send s (string->utf8 "still open"))
