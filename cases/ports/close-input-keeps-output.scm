;;@ description: closing a socket's input port does not close its output port
;;@ spec: port.close-keeps-socket
;;@ peer: listen; accept; recv 3; send "ok"; recv-all
(define s (make-client-socket peer-host peer-port))
(define in (socket-input-port s))
(define out (socket-output-port s))
(close-port in)
(write-bytevector (string->utf8 "abc") out)
(flush-output-port out)
(say (text (recv-all s 2 2)))
