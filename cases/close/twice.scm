;;@ description: closing a closed socket again does not raise
;;@ spec: close.twice
;;@ ruling: R-CLOSE
;;@ peer: connect; recv-all
(define srv (serve))
(define a (socket-accept srv))
(socket-close a)
(say (raises? (lambda () (socket-close a))))
(say (raises? (lambda () (socket-close a))))
(socket-close srv)
