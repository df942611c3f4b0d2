;;@ description: call-with-socket returns every value proc returns
;;@ spec: call.values
;;@ ruling: R-CALL
;;@ peer: listen; accept; recv-all
(define s (make-client-socket peer-host peer-port))
(call-with-values (lambda () (call-with-socket s (lambda (sock) (values 1 2 3))))
  (lambda vals (say (length vals))))
