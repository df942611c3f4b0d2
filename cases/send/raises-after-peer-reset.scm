;;@ description: sending to a connection the other end reset raises, and so does the next send (EPIPE, no SIGPIPE death)
;;@ spec: send.no-sigpipe
;;@ ruling: R-SEND
;;@ timeout: 5
;;@ peer: listen; accept; recv 4; reset
;; The peer resets the connection (SO_LINGER 0) once it has the request;
;; the case waits for the reset with a receive, then sends.
(define s (make-client-socket peer-host peer-port))
(socket-send s (string->utf8 "ping"))
(guard (e (#t #f)) (socket-recv s 1))
(define chunk (pattern 65536))
(define raised
  (let loop ((i 0))
    (cond ((= i 100) #f)
          ((raises? (lambda () (socket-send s chunk))) #t)
          (else (loop (+ i 1))))))
(say (if raised 'raised 'never-raised))
(say (raises? (lambda () (socket-send s chunk))))
(say 'still-running)
