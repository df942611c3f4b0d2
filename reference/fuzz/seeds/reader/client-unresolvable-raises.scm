;;@ description: a node that does not resolve (an invalid numeric address, no lookup) raises
;;@ spec: client.failure-raises
;;@ ruling: R-ERRORS
(say (guard (e (#t 'caught))
       (socket-close (make-client-socket "127.0.0.256" unused-port *af-inet* *sock-stream* *ai-numerichost*))
       'returned))
