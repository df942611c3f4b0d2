;;@ description: (socket-shutdown s (shutdown-method read write)) shuts down both directions, not only one
;;@ spec: shutdown.both
;;@ timeout: 5
;;@ peer: connect; recv-all; await done
;;@ alternative: say send raised / say recv raised / peer: connected / peer: received "before" then end of stream
(define srv (serve))
(define s (socket-accept srv))
(socket-send s (string->utf8 "before"))
(socket-shutdown s (shutdown-method read write))
(say 'send (if (raises? (lambda () (socket-send s (string->utf8 "after")))) 'raised 'sent))
(say 'recv (guard (e (#t 'raised))
             (let ((r (socket-recv s 100)))
               (cond ((not (bytevector? r)) 'not-a-bytevector)
                     ((= (bytevector-length r) 0) 'end-of-stream)
                     (else 'data)))))
(signal 'done)
(socket-close s)
(socket-close srv)
