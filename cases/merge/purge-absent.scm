;;@ description: purging a flag that is not set leaves base-flag unchanged (and-not, not xor or minus)
;;@ spec: purge.absent
(check 'absent (eqv? (socket-purge-flags *msg-oob* *msg-peek*) *msg-oob*))
(check 'from-zero (eqv? (socket-purge-flags 0 *msg-waitall*) 0))
