;;@ description: read-u8 takes one byte from the socket; socket-recv then gets the rest
;;@ spec: port.no-read-ahead
;;@ ruling: R-PORTS
;;@ peer: listen; accept; send "abcdef"; shutdown-write; recv-all
(define s (make-client-socket peer-host peer-port))
(define in (socket-input-port s))
(say (integer->char (read-u8 in)))
(say 'rest (text (recv-all s 10 10)))
