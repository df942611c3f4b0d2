;;@ description: service may be a service name: "kermit" connects to a peer on the port the services database gives it
;;@ spec: client.service-name
;;@ requires: service-names
;;@ peer: listen-service kermit; accept; send "by name"; recv-all
(define s (make-client-socket peer-host "kermit"))
(say (text (recv-all s 7 7)))
