;;@ description: socket-recv returns at most size bytes; the rest comes with the next call
;;@ spec: recv.at-most
;;@ ruling: R-RECV
;;@ peer: listen; accept; send "0123456789"; recv-all
(define s (make-client-socket peer-host peer-port))
(define first (socket-recv s 4))
(say (bytevector-length first) (text first))
(define rest (socket-recv s 100))
(say (bytevector-length rest) (text rest))
