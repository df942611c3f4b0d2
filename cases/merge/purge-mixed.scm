;;@ description: purging a set flag and an absent one removes only the set one
;;@ spec: purge.absent
(define peek-oob (socket-merge-flags *msg-peek* *msg-oob*))
(check 'mixed (eqv? (socket-purge-flags peek-oob *msg-peek* *msg-waitall*) *msg-oob*))
(check 'twice (eqv? (socket-purge-flags peek-oob *msg-peek* *msg-peek*) *msg-oob*))
