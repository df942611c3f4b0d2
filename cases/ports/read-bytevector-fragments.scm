;;@ description: read-bytevector on a socket input port waits for k bytes sent a byte at a time
;;@ spec: port.read-bytevector
;;@ ruling: R-PORTS
;;@ peer: listen; accept; send-slowly "fragmented"; recv-all
(define s (make-client-socket peer-host peer-port))
(define in (socket-input-port s))
(say (text (read-bytevector 10 in)))
