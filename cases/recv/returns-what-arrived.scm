;;@ description: socket-recv returns the bytes that have arrived instead of waiting for size bytes
;;@ spec: recv.at-most
;;@ ruling: R-RECV
;;@ timeout: 5
;;@ peer: listen; accept; send "abc"; await got-it; send "def"; recv-all
(define s (make-client-socket peer-host peer-port))
(define first (socket-recv s 100))
(say (bytevector-length first) (text first))
(signal 'got-it)
(define second (socket-recv s 100))
(say (bytevector-length second) (text second))
