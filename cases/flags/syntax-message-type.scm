;;@ description: message-type is syntax: a local variable named peek does not change what (message-type peek) gives
;;@ spec: flag.syntax
;;@ accept: load-error
;; A procedure would evaluate peek and see the name oob. (A syntax-rules
;; literal does not match a shadowed name: rejecting the program is allowed.)
(let ((peek 'oob))
  (check 'peek (eqv? (message-type peek) *msg-peek*)))
