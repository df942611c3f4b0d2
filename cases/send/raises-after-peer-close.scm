;;@ description: sending to a connection the other end closed raises instead of killing the program with SIGPIPE
;;@ spec: send.no-sigpipe
;;@ ruling: R-SEND
;;@ timeout: 5
;;@ peer: listen; accept; close
;; The peer closes normally (FIN); the case sees the end of the stream, and
;; its first send after that draws a reset, a later one fails with EPIPE.
(define s (make-client-socket peer-host peer-port))
(recv-all s 1 1)
(define chunk (pattern 65536))
(define raised
  (let loop ((i 0))
    (cond ((= i 100) #f)
          ((raises? (lambda () (socket-send s chunk))) #t)
          (else (loop (+ i 1))))))
(say (if raised 'raised 'never-raised))
(say 'still-running)
