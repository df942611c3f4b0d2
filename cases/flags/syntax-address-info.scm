;;@ description: address-info is syntax: a local variable named numerichost does not change what (address-info numerichost) gives
;;@ spec: flag.syntax
;;@ accept: load-error
;; A procedure would evaluate numerichost and see the name addrconfig. (A syntax-rules
;; literal does not match a shadowed name: rejecting the program is allowed.)
(let ((numerichost 'addrconfig))
  (check 'numerichost (eqv? (address-info numerichost) *ai-numerichost*)))
