;;@ description: the fourth argument is the protocol: *sock-stream* with *ipproto-udp* makes no socket
;;@ spec: server.protocol
(say 'made (made? (lambda () (make-server-socket server-port *af-inet* *sock-stream* *ipproto-udp*))))
