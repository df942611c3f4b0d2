;;@ description: socket-recv on a connection the other end reset raises; it does not return end of stream
;;@ spec: recv.reset-raises
;;@ ruling: R-RECV
;;@ timeout: 5
;;@ peer: listen; accept; recv 4; reset
;; The peer resets the connection (SO_LINGER 0) once it has the request.
(define s (make-client-socket peer-host peer-port))
(socket-send s (string->utf8 "ping"))
(say (guard (e (#t 'raised))
       (let ((r (socket-recv s 100)))
         (cond ((not (bytevector? r)) 'not-a-bytevector)
               ((= (bytevector-length r) 0) 'end-of-stream)
               (else 'data)))))
