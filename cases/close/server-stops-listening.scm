;;@ description: after socket-close on a server socket its port refuses connections
;;@ spec: close.closes
(define srv (serve))
(socket-close srv)
(say 'made (made? (lambda () (make-client-socket peer-host server-port))))
