;;@ description: socket-output-port returns a binary output port
;;@ spec: port.output
;;@ peer: listen; accept; recv-all
(define s (make-client-socket peer-host peer-port))
(define out (socket-output-port s))
(check 'binary-port (binary-port? out))
(check 'output-port (output-port? out))
