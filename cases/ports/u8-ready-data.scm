;;@ description: u8-ready? on a socket input port is #t once a byte has arrived on the socket
;;@ spec: port.u8-ready
;;@ ruling: R-PORTS
;;@ peer: listen; accept; send "q"; recv-all
(define s (make-client-socket peer-host peer-port))
(define in (socket-input-port s))
;; socket-recv with *msg-peek* waits for the byte and leaves it on the
;; socket, so u8-ready? must look at the socket itself.
(say (text (socket-recv s 1 *msg-peek*)))
(say (u8-ready? in))
(say (integer->char (read-u8 in)))
