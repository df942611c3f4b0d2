;;@ description: with-exception-handler sees the object a refused connection raises, and call/cc escapes from it
;;@ spec: error.catchable
;;@ ruling: R-ERRORS
(define seen #f)
(define result
  (call/cc
   (lambda (k)
     (with-exception-handler
      (lambda (e) (set! seen #t) (k 'escaped))
      (lambda () (make-client-socket peer-host unused-port) 'returned)))))
(say result)
(say 'handler-called seen)
