;;@ description: after (socket-shutdown s *shut-wr*) the socket still receives the peer's reply, then its end of stream
;;@ spec: shutdown.half-close
;;@ timeout: 5
;;@ peer: listen; accept; recv-all; send "reply after the end"; shutdown-write
(define s (make-client-socket peer-host peer-port))
(define (received r) (if (bytevector? r) (bytevector-length r) 'not-a-bytevector))
(socket-send s (string->utf8 "question"))
(socket-shutdown s *shut-wr*)
(say (text (socket-recv s 100)))
(say (received (socket-recv s 100)))
