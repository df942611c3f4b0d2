;;@ description: socket-recv on a connection the other end reset raises; it does not return end of stream
;;@ spec: recv.reset-raises
;;@ ruling: R-RECV
;;@ timeout: 5
;; The case is both ends: the accepted end is closed with a byte left
;; unread, so the kernel sends the client a reset.
(define srv (serve))
(define c (make-client-socket peer-host server-port))
(define a (socket-accept srv))
(socket-send c (string->utf8 "ab"))
(say (text (socket-recv a 1)))
(socket-close a)
(say (guard (e (#t 'raised))
       (let ((r (socket-recv c 100)))
         (cond ((not (bytevector? r)) 'not-a-bytevector)
               ((= (bytevector-length r) 0) 'end-of-stream)
               (else 'data)))))
(socket-close c)
(socket-close srv)
