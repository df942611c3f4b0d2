;;@ description: write-u8 then flush-output-port on a socket output port reaches the peer, in order
;;@ spec: port.output
;;@ peer: listen; accept; recv 3; send "ok"; recv-all
(define s (make-client-socket peer-host peer-port))
(define out (socket-output-port s))
(write-u8 (char->integer #\A) out)
(write-u8 (char->integer #\B) out)
(write-u8 (char->integer #\C) out)
(flush-output-port out)
(say (text (recv-all s 2 2)))
