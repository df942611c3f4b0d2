;;@ description: sending to a connection the other end closed raises instead of killing the program with SIGPIPE
;;@ spec: send.no-sigpipe
;;@ ruling: R-SEND
;;@ timeout: 5
;; The case is both ends: the accepted end is closed normally (FIN); the
;; first send after that draws a reset, a later one fails with EPIPE.
(define srv (serve))
(define c (make-client-socket peer-host server-port))
(define a (socket-accept srv))
(socket-close a)
(define chunk (pattern 65536))
(define raised
  (let loop ((i 0))
    (cond ((= i 100) #f)
          ((raises? (lambda () (socket-send c chunk))) #t)
          (else (loop (+ i 1))))))
(say (if raised 'raised 'never-raised))
(say 'still-running)
(socket-close c)
(socket-close srv)
