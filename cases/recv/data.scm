;;@ description: socket-recv returns a bytevector holding exactly the bytes the peer sent
;;@ spec: recv.data
;;@ peer: listen; accept; send "hello"; recv-all
(define s (make-client-socket peer-host peer-port))
(define r (socket-recv s 100))
(check 'bytevector (bytevector? r))
(say (bytevector-length r))
(say (text r))
