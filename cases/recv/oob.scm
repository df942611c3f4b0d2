;;@ description: socket-recv with *msg-oob* returns the urgent byte
;;@ spec: recv.oob
;;@ requires: oob
;;@ peer: listen; accept; send-urgent "ab!"; shutdown-write; recv-all
(define s (make-client-socket peer-host peer-port))
(say (text (recv-all s 2 2)))
(say (text (socket-recv s 1 *msg-oob*)))
(say (bytevector-length (socket-recv s 10)))
