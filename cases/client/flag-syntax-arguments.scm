;;@ description: the flag operators' values work as make-client-socket's arguments
;;@ spec: client.defaults
;;@ peer: listen; accept; recv 4; send "pong"; recv-all
(define s (make-client-socket peer-host peer-port (address-family inet) (socket-domain stream)
                              (address-info v4mapped addrconfig) (ip-protocol tcp)))
(socket-send s (string->utf8 "ping"))
(say (text (recv-all s 4 4)))
