;;@ description: after socket-close on a server socket its port refuses connections
;;@ spec: close.closes
(define srv (serve))
(socket-close srv)
(say (raises? (lambda () (make-client-socket peer-host server-port))))
