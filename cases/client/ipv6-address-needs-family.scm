;;@ description: "::1" with the default family (*af-inet*) does not connect, though a peer listens there
;;@ spec: client.default-family
;;@ ruling: R-FAMILY
;;@ requires: ipv6
;;@ peer: listen6; accept; send "!"; recv-all
(define made (made? (lambda () (make-client-socket peer-host6 peer-port))))
(say 'default-family-made made)
;; Then the same address with *af-inet6* connects: the peer was there.
(unless made
  (let ((s (make-client-socket peer-host6 peer-port *af-inet6*)))
    (recv-all s 1 1) ; the peer's "!": it has accepted
    (socket-send s (string->utf8 "inet6"))
    (socket-close s)))
