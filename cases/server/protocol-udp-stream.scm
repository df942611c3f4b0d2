;;@ description: the fourth argument is the protocol: *sock-stream* with *ipproto-udp* raises
;;@ spec: server.protocol
(say (raises? (lambda ()
                (let ((s (make-server-socket server-port *af-inet* *sock-stream* *ipproto-udp*)))
                  (socket-close s)))))
