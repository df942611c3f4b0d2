;;@ description: socket-accept on an accepted socket raises, and the connection still works
;;@ spec: accept.not-listening
;;@ ruling: R-ERRORS
;;@ timeout: 5
;;@ peer: connect; recv-all
(define srv (serve))
(define a (socket-accept srv))
(say (raises? (lambda () (socket-accept a))))
(socket-send a (string->utf8 "still"))
