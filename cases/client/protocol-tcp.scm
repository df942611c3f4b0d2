;;@ description: make-client-socket with *ipproto-tcp* makes a TCP connection
;;@ spec: client.protocol
;;@ peer: listen; accept; recv 3; send "tcp"; recv-all
(define s (make-client-socket peer-host peer-port *af-inet* *sock-stream*
                              (socket-merge-flags *ai-v4mapped* *ai-addrconfig*) *ipproto-tcp*))
(socket-send s (string->utf8 "tcp"))
(say (text (recv-all s 3 3)))
