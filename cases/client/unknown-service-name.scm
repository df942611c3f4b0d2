;;@ description: a service name that the services database does not know raises
;;@ spec: client.failure-raises
;;@ ruling: R-ERRORS
(say (raises? (lambda () (socket-close (make-client-socket peer-host "no-such-service-srfi106")))))
