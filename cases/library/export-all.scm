;;@ description: (srfi 106) exports every procedure, flag operator and constant of SRFI 106
;;@ spec: export.all
;;@ ruling: R-EXPORTS
;; A program that names something the library does not export does not
;; run at all.
(define procedures
  (list make-client-socket make-server-socket socket? socket-accept socket-send socket-recv
        socket-shutdown socket-close socket-input-port socket-output-port call-with-socket
        socket-merge-flags socket-purge-flags))
(define flags
  (list (address-family inet) (address-info addrconfig) (socket-domain stream)
        (ip-protocol tcp) (message-type peek) (shutdown-method write)))
(define constants
  (list *af-unspec* *af-inet* *af-inet6* *sock-stream* *sock-dgram*
        *ai-canonname* *ai-numerichost* *ai-v4mapped* *ai-all* *ai-addrconfig*
        *ipproto-ip* *ipproto-tcp* *ipproto-udp*
        *msg-peek* *msg-oob* *msg-waitall*
        *shut-rd* *shut-wr* *shut-rdwr*))
(define (all? ok? xs) (or (null? xs) (and (ok? (car xs)) (all? ok? (cdr xs)))))
(say (if (and (= (length procedures) 13) (all? procedure? procedures)
              (= (length flags) 6) (= (length constants) 19))
         'exported
         'incomplete))
