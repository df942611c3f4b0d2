;;@ description: socket? is #f for the input and output ports made from a socket
;;@ spec: port.not-socket
;;@ ruling: R-PORTS
;;@ peer: listen; accept; send "!"; recv-all
(define s (make-client-socket peer-host peer-port))
(recv-all s 1 1) ; the peer's "!": it has accepted
(define in (socket-input-port s))
(define out (socket-output-port s))
(say 'input-port (socket? in))
(say 'output-port (socket? out))
(say 'socket (socket? s))
