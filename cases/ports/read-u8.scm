;;@ description: read-u8 on a socket input port returns the peer's bytes in order
;;@ spec: port.input
;;@ peer: listen; accept; send "hey"; recv-all
(define s (make-client-socket peer-host peer-port))
(define in (socket-input-port s))
(say (integer->char (read-u8 in)))
(say (integer->char (read-u8 in)))
(say (integer->char (read-u8 in)))
