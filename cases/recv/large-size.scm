;;@ description: socket-recv with a size of 1 MiB returns only the 4 bytes that came
;;@ spec: recv.at-most
;;@ ruling: R-RECV
;;@ peer: listen; accept; send "tiny"; recv-all
(define s (make-client-socket peer-host peer-port))
(define r (socket-recv s 1048576))
(say (bytevector-length r) (text r))
