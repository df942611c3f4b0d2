;;@ description: each socket-output-port call returns a new port; closing one leaves the other open
;;@ spec: port.fresh
;;@ peer: listen; accept; recv-all
(define s (make-client-socket peer-host peer-port))
(define a (socket-output-port s))
(define b (socket-output-port s))
(say 'same (eq? a b))
(close-port a)
(say 'other-open (output-port-open? b))
