;;@ description: socket-input-port on a closed socket raises
;;@ spec: close.use-raises
;;@ ruling: R-CLOSE
;;@ peer: connect; recv-all
(define srv (serve))
(define a (socket-accept srv))
(socket-close a)
(say (raises? (lambda () (socket-input-port a))))
(socket-close srv)
