;;@ description: when proc returns, call-with-socket closes the socket: the peer sees the end of the stream at once
;;@ spec: call.closes
;;@ peer: listen; accept; recv-all; accept; send "seen"; recv-all
;; The peer reads the first connection to its end, and only then accepts
;; the second and answers on it: the answer arrives only if
;; call-with-socket closed the first socket.
(define s (make-client-socket peer-host peer-port))
(call-with-socket s (lambda (x) (socket-send x (string->utf8 "bye"))))
(define t (make-client-socket peer-host peer-port))
(say (text (recv-all t 4 4)))
