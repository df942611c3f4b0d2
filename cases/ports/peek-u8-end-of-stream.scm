;;@ description: peek-u8 and read-u8 on a socket input port return the eof-object when the peer ends the stream without sending
;;@ spec: port.end-of-stream
;;@ peer: listen; accept; shutdown-write; recv-all
(define s (make-client-socket peer-host peer-port))
(define in (socket-input-port s))
(say (eof-object? (peek-u8 in)))
(say (eof-object? (read-u8 in)))
