;;@ description: read-bytevector k takes k bytes from the socket; socket-recv then gets the rest
;;@ spec: port.no-read-ahead
;;@ ruling: R-PORTS
;;@ peer: listen; accept; send "abcdef"; shutdown-write; recv-all
(define s (make-client-socket peer-host peer-port))
(define in (socket-input-port s))
(say (text (read-bytevector 2 in)))
(say 'rest (text (recv-all s 10 10)))
