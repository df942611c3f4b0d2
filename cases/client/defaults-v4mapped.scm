;;@ description: the default ai-flags include *ai-v4mapped*: with *af-inet6* an IPv4 address connects as a mapped address, and not with flags 0
;;@ spec: client.defaults
;;@ requires: ipv6
;;@ peer: listen; accept; send "!"; recv-all
(define made (made? (lambda () (make-client-socket peer-host peer-port *af-inet6* *sock-stream* 0))))
(say 'no-flags-made made)
(unless made
  (let ((s (make-client-socket peer-host peer-port *af-inet6*)))
    (recv-all s 1 1) ; the peer's "!": it has accepted
    (socket-send s (string->utf8 "mapped"))
    (socket-close s)))
