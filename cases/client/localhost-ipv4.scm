;;@ description: "localhost" with the default family reaches a peer listening on 127.0.0.1 only
;;@ spec: client.default-family
;;@ ruling: R-FAMILY
;;@ peer: listen; accept; send "!"; recv-all
(define s (make-client-socket "localhost" peer-port))
(recv-all s 1 1) ; the peer's "!": it has accepted
(socket-send s (string->utf8 "via localhost"))
