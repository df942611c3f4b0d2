;;@ description: u8-ready? on a socket input port is #f, without blocking, while no data has arrived
;;@ spec: port.u8-ready
;;@ ruling: R-PORTS
;;@ peer: listen; accept; await checked; send "z"; recv-all
(define s (make-client-socket peer-host peer-port))
(define in (socket-input-port s))
(say (u8-ready? in))
(signal 'checked)
(say (integer->char (read-u8 in)))
