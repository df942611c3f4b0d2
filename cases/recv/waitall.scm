;;@ description: socket-recv with *msg-waitall* waits for all size bytes of data sent a byte at a time
;;@ spec: recv.waitall
;;@ peer: listen; accept; send-slowly "every byte of this"; recv-all
(define s (make-client-socket peer-host peer-port))
(define r (socket-recv s 18 *msg-waitall*))
(say (bytevector-length r) (text r))
