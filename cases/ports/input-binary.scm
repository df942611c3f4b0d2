;;@ description: socket-input-port returns a binary input port
;;@ spec: port.input
;;@ peer: listen; accept; recv-all
(define s (make-client-socket peer-host peer-port))
(define in (socket-input-port s))
(check 'binary-port (binary-port? in))
(check 'input-port (input-port? in))
