;;@ description: socket-recv with a negative size raises
;;@ spec: recv.size
;;@ ruling: R-RECV
;;@ peer: listen; accept; send "data"; recv-all
(define s (make-client-socket peer-host peer-port))
(say (raises? (lambda () (socket-recv s -1))))
(say (text (socket-recv s 100)))
