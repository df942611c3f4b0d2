;;@ description: 300000 bytes of every value, received in pieces of at most 4096, are the bytes the peer sent
;;@ spec: recv.data
;;@ peer: listen; accept; send-pattern 300000; recv-all
(define s (make-client-socket peer-host peer-port))
(define r (recv-all s 300000 4096))
(say (bytevector-length r))
(check 'pattern (pattern-at? r 0))
