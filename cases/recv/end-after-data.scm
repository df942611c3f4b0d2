;;@ description: socket-recv returns the peer's last bytes, then a zero-length bytevector for its close
;;@ spec: recv.end-of-stream
;;@ peer: listen; accept; send "last words"; shutdown-write; recv-all
(define s (make-client-socket peer-host peer-port))
(define (received r) (if (bytevector? r) (bytevector-length r) 'not-a-bytevector))
(say (text (socket-recv s 100)))
(say (received (socket-recv s 100)))
