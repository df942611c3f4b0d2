;;@ description: socket-send on a closed socket raises
;;@ spec: close.use-raises
;;@ ruling: R-CLOSE
;;@ peer: connect; recv-all
(define srv (serve))
(define a (socket-accept srv))
(socket-close a)
(say (raises? (lambda () (socket-send a (string->utf8 "too late")))))
(socket-close srv)
