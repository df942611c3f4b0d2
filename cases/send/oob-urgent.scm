;;@ description: socket-send with *msg-oob* sends the last byte as urgent data the peer reads out of band
;;@ spec: send.flags
;;@ requires: oob
;;@ timeout: 5
;;@ peer: listen; accept; recv 2; recv-urgent; send "ok"; recv-all
(define s (make-client-socket peer-host peer-port))
(socket-send s (string->utf8 "xy?") *msg-oob*)
(say (text (socket-recv s 100)))
