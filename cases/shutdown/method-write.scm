;;@ description: (socket-shutdown s (shutdown-method write)) shuts down writing: the peer sees the end of the stream while the socket is still open
;;@ spec: shutdown.write
;;@ timeout: 5
;;@ peer: listen; accept; recv-all; accept; send "saw the end"; recv-all
;; The peer answers on a second connection only once the first one has
;; ended, so the answer shows the shutdown alone ended the stream.
(define a (make-client-socket peer-host peer-port))
(socket-send a (string->utf8 "early"))
(socket-shutdown a (shutdown-method write))
(define b (make-client-socket peer-host peer-port))
(say (text (recv-all b 11 11)))
