;;@ description: call-with-socket calls proc with the very socket it was given
;;@ spec: call.passes
;;@ peer: listen; accept; recv-all
(define s (make-client-socket peer-host peer-port))
(call-with-socket s
  (lambda (x)
    (say 'same (eq? x s))))
