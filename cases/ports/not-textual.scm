;;@ description: the ports socket-input-port and socket-output-port return are binary, not textual
;;@ spec: port.input
;;@ peer: listen; accept; recv-all
(define s (make-client-socket peer-host peer-port))
(define in (socket-input-port s))
(define out (socket-output-port s))
(say 'input-textual (textual-port? in))
(say 'output-textual (textual-port? out))
(socket-close s)
