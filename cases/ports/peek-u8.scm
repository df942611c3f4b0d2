;;@ description: peek-u8 on a socket input port returns the next byte without consuming it
;;@ spec: port.input
;;@ peer: listen; accept; send "ab"; recv-all
(define s (make-client-socket peer-host peer-port))
(define in (socket-input-port s))
(say 'peek (integer->char (peek-u8 in)))
(say 'peek (integer->char (peek-u8 in)))
(say 'read (integer->char (read-u8 in)))
(say 'read (integer->char (read-u8 in)))
