;;@ description: with-exception-handler sees the object raised for a port in use, and call/cc escapes from it
;;@ spec: error.catchable
;;@ ruling: R-ERRORS
(define srv (serve))
(define result
  (call/cc
   (lambda (k)
     (with-exception-handler
      (lambda (e) (k 'escaped))
      (lambda () (socket-close (make-server-socket server-port)) 'returned)))))
(say result)
