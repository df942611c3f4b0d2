;;@ description: closing a socket input port leaves the socket open: socket-recv still receives
;;@ spec: port.close-keeps-socket
;;@ peer: listen; accept; send "after"; recv-all
(define s (make-client-socket peer-host peer-port))
(define in (socket-input-port s))
(close-port in)
(say (text (recv-all s 5 5)))
