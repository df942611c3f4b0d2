;;@ description: socket-close ends the stream: the peer sees the end of the stream before the program ends
;;@ spec: close.closes
;;@ timeout: 5
;;@ peer: listen; accept; recv-all; accept; send "first one ended"; recv-all
;; The peer answers on a second connection only once the first one has
;; ended, so the answer shows socket-close really closed the first.
(define a (make-client-socket peer-host peer-port))
(socket-send a (string->utf8 "goodbye"))
(socket-close a)
(define b (make-client-socket peer-host peer-port))
(say (text (socket-recv b 100)))
(socket-close b)
