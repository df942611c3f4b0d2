;;@ description: after (socket-shutdown s *shut-rd*) socket-recv no longer waits: it returns end of stream (or raises)
;;@ spec: shutdown.read
;;@ timeout: 5
;;@ peer: connect; recv-all
;;@ alternative: say raised / peer: connected / peer: received "" then end of stream
(define srv (serve))
(define s (socket-accept srv))
(socket-shutdown s *shut-rd*)
(say (guard (e (#t 'raised))
       (let ((r (socket-recv s 100)))
         (cond ((not (bytevector? r)) 'not-a-bytevector)
               ((= (bytevector-length r) 0) 'end-of-stream)
               (else 'data)))))
