;;@ description: socket-purge-flags with no flags to remove returns base-flag
;;@ spec: purge.removes
(define peek-oob (socket-merge-flags *msg-peek* *msg-oob*))
(check 'no-flags (eqv? (socket-purge-flags peek-oob) peek-oob))
(check 'zero (eqv? (socket-purge-flags peek-oob 0) peek-oob))
