;;@ description: ip-protocol is syntax: a local variable named tcp does not change what (ip-protocol tcp) gives
;;@ spec: flag.syntax
;;@ accept: load-error
;; A procedure would evaluate tcp and see the name udp. (A syntax-rules
;; literal does not match a shadowed name: rejecting the program is allowed.)
(let ((tcp 'udp))
  (check 'tcp (eqv? (ip-protocol tcp) *ipproto-tcp*)))
