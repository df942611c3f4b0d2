;;@ description: closing a socket whose data has all been read ends the connection with FIN, not a reset
;;@ spec: close.closes
;;@ peer: listen; accept; send "read me"; recv-all
(define s (make-client-socket peer-host peer-port))
(say (text (socket-recv s 100)))
(socket-close s)
