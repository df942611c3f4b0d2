;;@ description: socket-domain is syntax: a local variable named stream does not change what (socket-domain stream) gives
;;@ spec: flag.syntax
;;@ accept: load-error
;; A procedure would evaluate stream and see the name datagram. (A syntax-rules
;; literal does not match a shadowed name: rejecting the program is allowed.)
(let ((stream 'datagram))
  (check 'stream (eqv? (socket-domain stream) *sock-stream*)))
