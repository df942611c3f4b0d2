;;@ description: closing an accepted socket ends the stream its client reads
;;@ spec: close.closes
;;@ peer: connect; send "hi"; recv-all
(define srv (serve))
(define a (socket-accept srv))
(say (text (socket-recv a 100)))
(socket-close a)
(socket-close srv)
