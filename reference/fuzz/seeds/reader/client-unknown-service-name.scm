;;@ description: a service name that the services database does not know raises
;;@ spec: client.service-name
;;@ requires: udp service-names
(say (raises? (lambda () (socket-close (make-client-socket "127.0.0.1" "no-such-service-srfi106" *af-inet* *sock-dgram*)))))
