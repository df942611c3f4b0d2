;;@ description: closing a socket's output port does not close its input port
;;@ spec: port.close-keeps-socket
;;@ peer: listen; accept; send "in"; recv-all
(define s (make-client-socket peer-host peer-port))
(define in (socket-input-port s))
(define out (socket-output-port s))
(close-port out)
(say (integer->char (read-u8 in)))
(say (integer->char (read-u8 in)))
