;;@ description: closing a socket output port leaves the socket open: socket-send still sends
;;@ spec: port.close-keeps-socket
;;@ peer: listen; accept; recv-all
(define s (make-client-socket peer-host peer-port))
(define out (socket-output-port s))
(close-port out)
(socket-send s (string->utf8 "after"))
