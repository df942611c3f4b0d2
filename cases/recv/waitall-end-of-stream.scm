;;@ description: socket-recv with *msg-waitall* returns fewer bytes when the stream ends first, then end of stream
;;@ spec: recv.waitall
;;@ timeout: 5
;;@ peer: listen; accept; send "short"; shutdown-write; recv-all
(define s (make-client-socket peer-host peer-port))
(define (received r) (if (bytevector? r) (bytevector-length r) 'not-a-bytevector))
(define r (socket-recv s 100 *msg-waitall*))
(say (bytevector-length r) (text r))
(say (received (socket-recv s 100)))
