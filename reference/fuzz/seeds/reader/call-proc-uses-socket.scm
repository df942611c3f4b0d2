;;@ description: the socket call-with-socket passes is open and usable inside proc
;;@ spec: call.passes
;;@ peer: listen; accept; recv 4; send "pong"; recv-all
(define s (make-client-socket peer-host peer-port))
(call-with-socket s
  (lambda (x)
    (socket-send x (string->utf8 "ping"))
    (say (text (recv-all x 4 4)))))
