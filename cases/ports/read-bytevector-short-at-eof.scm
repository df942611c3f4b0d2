;;@ description: at the end of the stream read-bytevector returns the fewer bytes left, then the eof-object
;;@ spec: port.read-bytevector
;;@ ruling: R-PORTS
;;@ peer: listen; accept; send "abc"; shutdown-write; recv-all
(define s (make-client-socket peer-host peer-port))
(define in (socket-input-port s))
(define first (read-bytevector 10 in))
(say (bytevector? first))
(when (bytevector? first)
  (say (text first)))
(say (eof-object? (read-bytevector 10 in)))
