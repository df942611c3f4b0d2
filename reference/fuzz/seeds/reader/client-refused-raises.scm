;;@ description: connecting to a port where nothing listens raises, and guard catches it
;;@ spec: client.failure-raises
;;@ ruling: R-ERRORS
(say (guard (e (#t 'caught))
       (make-client-socket peer-host unused-port)
       'returned))
