;;@ description: the peer's connection and the case's own give two accepted sockets, each talking to its own end
;;@ spec: accept.each
;;@ peer: connect; send "peer"; recv-all
(define srv (serve))
(define own (make-client-socket peer-host server-port))
(socket-send own (string->utf8 "self"))
(define a1 (socket-accept srv))
(define a2 (socket-accept srv))
(say 'distinct (not (eq? a1 a2)))
(define got1 (text (recv-all a1 4 4)))
(define got2 (text (recv-all a2 4 4)))
(say 'both (or (and (equal? got1 "peer") (equal? got2 "self"))
               (and (equal? got1 "self") (equal? got2 "peer"))))
;; Answer each connection by what it said.
(define (answer a got)
  (socket-send a (string->utf8 (if (equal? got "peer") "to peer" "to self")))
  (socket-close a))
(answer a1 got1)
(answer a2 got2)
(say 'own (text (recv-all own 100 100)))
