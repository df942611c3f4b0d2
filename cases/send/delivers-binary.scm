;;@ description: socket-send sends raw bytes: a zero byte does not end the data and bytes above 127 are not re-encoded
;;@ spec: send.delivers
;;@ peer: connect; recv-all
(define srv (serve))
(define s (socket-accept srv))
(socket-send s (bytevector 104 105 0 255 128 10 0))
