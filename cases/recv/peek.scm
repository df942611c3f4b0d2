;;@ description: socket-recv with *msg-peek* returns the data and leaves it unread for the next socket-recv
;;@ spec: recv.peek
;;@ peer: listen; accept; send "peek-a-boo"; shutdown-write; recv-all
(define s (make-client-socket peer-host peer-port))
(define (received r) (if (bytevector? r) (bytevector-length r) 'not-a-bytevector))
(say (text (socket-recv s 4 *msg-peek*)))
(say (text (socket-recv s 100 *msg-peek*)))
(say (text (socket-recv s 100)))
(say (received (socket-recv s 100)))
