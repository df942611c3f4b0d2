;;@ description: a second server on a port where a server listens raises
;;@ spec: server.port-in-use
;;@ ruling: R-ERRORS
(define srv (serve))
(say (raises? (lambda () (socket-close (make-server-socket server-port)))))
