;;@ description: write-bytevector then flush-output-port on a socket output port reaches the peer before the socket closes
;;@ spec: port.output
;;@ peer: listen; accept; recv 5; send "ok"; recv-all
(define s (make-client-socket peer-host peer-port))
(define out (socket-output-port s))
(write-bytevector (string->utf8 "hello") out)
(flush-output-port out)
;; The peer answers only once it has the five bytes.
(say (text (recv-all s 2 2)))
