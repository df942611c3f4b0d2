;;@ description: with *ai-numerichost* a numeric address connects
;;@ spec: client.flags
;;@ peer: listen; accept; send "!"; recv-all
(define s (make-client-socket peer-host peer-port *af-inet* *sock-stream* *ai-numerichost*))
(recv-all s 1 1) ; the peer's "!": it has accepted
(socket-send s (string->utf8 "numeric"))
