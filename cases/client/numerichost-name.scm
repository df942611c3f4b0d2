;;@ description: with *ai-numerichost* the name "localhost" is not looked up: no socket is made
;;@ spec: client.flags
;;@ peer: listen; accept; send "!"; recv-all
(define made (made? (lambda () (make-client-socket "localhost" peer-port *af-inet* *sock-stream* *ai-numerichost*))))
(say 'numerichost-made made)
;; Without the flag the name resolves: the peer was there.
(unless made
  (let ((s (make-client-socket "localhost" peer-port)))
    (recv-all s 1 1) ; the peer's "!": it has accepted
    (socket-send s (string->utf8 "by name"))
    (socket-close s)))
