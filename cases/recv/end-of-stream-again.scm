;;@ description: after the end of the stream a second socket-recv returns a zero-length bytevector again, at once
;;@ spec: recv.end-of-stream
;;@ timeout: 5
;;@ peer: listen; accept; shutdown-write; recv-all
(define s (make-client-socket peer-host peer-port))
(define (received r) (if (bytevector? r) (bytevector-length r) 'not-a-bytevector))
(say (received (socket-recv s 100)))
(say (received (socket-recv s 100)))
