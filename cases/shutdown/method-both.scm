;;@ description: (socket-shutdown s (shutdown-method read write)) shuts down both directions: socket-recv no longer waits, and the peer sees the end of the stream
;;@ spec: shutdown.both
;;@ timeout: 5
;;@ peer: listen; accept; recv-all; accept; send "saw the end"; recv-all
;;@ alternative: say recv raised / say saw the end / peer: accepted / peer: received "before" then end of stream / peer: accepted / peer: sent "saw the end" / peer: received "" then end of stream
;; Shutting down only writing makes socket-recv wait for the peer, which
;; waits for the second connection: the case times out. Shutting down only
;; reading leaves the first connection open, so the peer never answers on
;; the second.
(define a (make-client-socket peer-host peer-port))
(socket-send a (string->utf8 "before"))
(socket-shutdown a (shutdown-method read write))
(say 'recv (guard (e (#t 'raised))
             (let ((r (socket-recv a 100)))
               (cond ((not (bytevector? r)) 'not-a-bytevector)
                     ((= (bytevector-length r) 0) 'end-of-stream)
                     (else 'data)))))
(define b (make-client-socket peer-host peer-port))
(say (text (recv-all b 11 11)))
