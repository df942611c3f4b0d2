;;@ description: the protocol argument is used: *sock-stream* with *ipproto-udp* makes no socket
;;@ spec: client.protocol
;;@ peer: listen; accept; send "!"; recv-all
(define made
  (made? (lambda ()
           (make-client-socket peer-host peer-port *af-inet* *sock-stream*
                               (socket-merge-flags *ai-v4mapped* *ai-addrconfig*) *ipproto-udp*))))
(say 'stream-udp-made made)
(unless made
  (let ((s (make-client-socket peer-host peer-port)))
    (recv-all s 1 1) ; the peer's "!": it has accepted
    (socket-send s (string->utf8 "tcp"))
    (socket-close s)))
