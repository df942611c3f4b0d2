;;@ description: u8-ready? on a socket input port is #t at the end of the stream
;;@ spec: port.u8-ready
;;@ ruling: R-PORTS
;;@ peer: listen; accept; shutdown-write; recv-all
(define s (make-client-socket peer-host peer-port))
(define in (socket-input-port s))
;; socket-recv waits for the end of the stream (and leaves it there).
(say (bytevector-length (socket-recv s 10)))
(say (u8-ready? in))
(say (eof-object? (read-u8 in)))
