;;@ description: passing every default explicitly (*af-inet* *sock-stream* v4mapped|addrconfig *ipproto-ip*) connects like omitting them
;;@ spec: client.defaults
;;@ peer: listen; accept; recv 4; send "pong"; recv-all
(define s (make-client-socket peer-host peer-port *af-inet* *sock-stream*
                              (socket-merge-flags *ai-v4mapped* *ai-addrconfig*) *ipproto-ip*))
(socket-send s (string->utf8 "ping"))
(say (text (recv-all s 4 4)))
