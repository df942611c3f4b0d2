;;@ description: writing a socket output port after socket-close raises
;;@ spec: port.closed-socket
;;@ ruling: R-PORTS
;;@ peer: listen; accept; recv-all
(define s (make-client-socket peer-host peer-port))
(define out (socket-output-port s))
(socket-close s)
(say (raises? (lambda ()
                (write-bytevector (string->utf8 "late") out)
                (flush-output-port out))))
