;;@ description: socket-purge-flags removes a flag that is set
;;@ spec: purge.removes
(define peek-oob (socket-merge-flags *msg-peek* *msg-oob*))
(check 'peek-removed (eqv? (socket-purge-flags peek-oob *msg-peek*) *msg-oob*))
(check 'oob-removed (eqv? (socket-purge-flags peek-oob *msg-oob*) *msg-peek*))
(check 'all-removed (eqv? (socket-purge-flags *msg-waitall* *msg-waitall*) 0))
