;;@ description: socket-recv returns a zero-length bytevector when the peer has closed its side
;;@ spec: recv.end-of-stream
;;@ peer: listen; accept; shutdown-write; recv-all
(define s (make-client-socket peer-host peer-port))
(define r (socket-recv s 100))
(check 'bytevector (bytevector? r))
(say (if (bytevector? r) (bytevector-length r) 'not-a-bytevector))
