;;@ description: sending to a connection the other end reset raises, and so does the next send (EPIPE, no SIGPIPE death)
;;@ spec: send.no-sigpipe
;;@ ruling: R-SEND
;;@ timeout: 5
;; The case is both ends: the accepted end is closed with a byte left
;; unread, so the kernel answers with a reset.
(define srv (serve))
(define c (make-client-socket peer-host server-port))
(define a (socket-accept srv))
(socket-send c (string->utf8 "ab"))
(say (text (socket-recv a 1)))
(socket-close a)
(define chunk (pattern 65536))
(define raised
  (let loop ((i 0))
    (cond ((= i 100) #f)
          ((raises? (lambda () (socket-send c chunk))) #t)
          (else (loop (+ i 1))))))
(say (if raised 'raised 'never-raised))
(say (raises? (lambda () (socket-send c chunk))))
(say 'still-running)
(socket-close c)
(socket-close srv)
