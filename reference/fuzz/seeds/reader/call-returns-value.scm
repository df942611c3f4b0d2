;;@ description: call-with-socket returns what proc returns
;;@ spec: call.returns
;;@ peer: listen; accept; recv-all
(define s (make-client-socket peer-host peer-port))
(define v (list 'result))
(define r (call-with-socket s (lambda (x) v)))
(say (eq? r v) (car r))
