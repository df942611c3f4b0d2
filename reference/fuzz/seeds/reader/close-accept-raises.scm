;;@ description: socket-accept on a closed server socket raises
;;@ spec: close.use-raises
;;@ ruling: R-CLOSE
;;@ timeout: 5
(define srv (serve))
(socket-close srv)
(say (raises? (lambda () (socket-accept srv))))
