;;@ description: read-u8 on a socket input port returns the eof-object at the end of the stream, and again after it
;;@ spec: port.end-of-stream
;;@ peer: listen; accept; send "x"; shutdown-write; recv-all
(define s (make-client-socket peer-host peer-port))
(define in (socket-input-port s))
(say (integer->char (read-u8 in)))
(say (eof-object? (read-u8 in)))
(say (eof-object? (read-u8 in)))
