;;@ description: socket-recv with size 0 raises (it does not return an empty bytevector that looks like end of stream) and consumes nothing
;;@ spec: recv.size
;;@ ruling: R-RECV
;;@ peer: listen; accept; send "data"; recv-all
(define s (make-client-socket peer-host peer-port))
(say (raises? (lambda () (socket-recv s 0))))
(say (text (socket-recv s 100)))
