;;@ description: after (socket-shutdown s *shut-rdwr*) the peer sees the end of the stream while the socket is still open
;;@ spec: shutdown.both
;;@ timeout: 5
;;@ peer: listen; accept; recv-all; accept; send "saw the end"; recv-all
;; The peer answers on a second connection only once the first one has
;; ended, so the answer shows the shutdown alone ended the stream.
(define a (make-client-socket peer-host peer-port))
(socket-send a (string->utf8 "final"))
(socket-shutdown a *shut-rdwr*)
(define b (make-client-socket peer-host peer-port))
(say (text (socket-recv b 100)))
