;;@ description: one socket-send of 16 MiB sends every byte and returns the full count
;;@ spec: send.all
;;@ ruling: R-SEND
;;@ timeout: 30
;;@ peer: listen; accept; recv-pattern 16777216; recv-all
(define s (make-client-socket peer-host peer-port))
(define data (pattern 16777216))
(say (socket-send s data))
