;;@ description: shutdown-method is syntax: a local variable named read does not change what (shutdown-method read) gives
;;@ spec: flag.syntax
;;@ accept: load-error
;; A procedure would evaluate read and see the name write. (A syntax-rules
;; literal does not match a shadowed name: rejecting the program is allowed.)
(let ((read 'write))
  (check 'read (eqv? (shutdown-method read) *shut-rd*)))
