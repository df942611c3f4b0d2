;;@ description: each socket-input-port call returns a new port; closing one leaves the other open
;;@ spec: port.fresh
;;@ peer: listen; accept; recv-all
(define s (make-client-socket peer-host peer-port))
(define a (socket-input-port s))
(define b (socket-input-port s))
(say 'same (eq? a b))
(close-port a)
(say 'other-open (input-port-open? b))
