;;@ description: address-family is syntax: a local variable named inet does not change what (address-family inet) gives
;;@ spec: flag.syntax
;;@ accept: load-error
;; A procedure would evaluate inet and see the name inet6. (A syntax-rules
;; literal does not match a shadowed name: rejecting the program is allowed.)
(let ((inet 'inet6))
  (check 'inet (eqv? (address-family inet) *af-inet*)))
