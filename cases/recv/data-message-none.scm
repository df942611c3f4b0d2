;;@ description: socket-recv with (message-type none) receives normal data
;;@ spec: recv.data
;;@ peer: listen; accept; send "plain"; recv-all
(define s (make-client-socket peer-host peer-port))
(say (text (socket-recv s 100 (message-type none))))
