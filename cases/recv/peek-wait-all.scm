;;@ description: (message-type peek wait-all) waits for every byte and leaves them unread
;;@ spec: recv.peek
;;@ timeout: 5
;;@ peer: listen; accept; send-slowly "trickle"; shutdown-write; recv-all
(define s (make-client-socket peer-host peer-port))
(define (received r) (if (bytevector? r) (bytevector-length r) 'not-a-bytevector))
(say (text (socket-recv s 7 (message-type peek wait-all))))
(say (text (socket-recv s 7 *msg-waitall*)))
(say (received (socket-recv s 100)))
