;;@ description: when proc escapes with a continuation, call-with-socket leaves the socket open
;;@ spec: call.escape
;;@ peer: listen; accept; recv-all
(define s (make-client-socket peer-host peer-port))
(say (call/cc (lambda (k) (call-with-socket s (lambda (x) (k 'escaped))))))
(socket-send s (string->utf8 "still open"))
