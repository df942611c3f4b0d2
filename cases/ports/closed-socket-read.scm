;;@ description: reading a socket input port after socket-close raises
;;@ spec: port.closed-socket
;;@ ruling: R-PORTS
;;@ peer: listen; accept; recv-all
(define s (make-client-socket peer-host peer-port))
(define in (socket-input-port s))
(socket-close s)
(say (raises? (lambda () (read-u8 in))))
