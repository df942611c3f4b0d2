;;@ description: socket-recv on a closed socket raises; it does not return end of stream
;;@ spec: close.use-raises
;;@ ruling: R-CLOSE
;;@ timeout: 5
;;@ peer: connect; recv-all
(define srv (serve))
(define a (socket-accept srv))
(socket-close a)
(say (raises? (lambda () (socket-recv a 100))))
(socket-close srv)
