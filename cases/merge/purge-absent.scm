;;@ description: purging a flag that is not set leaves base-flag unchanged (and-not, not xor or minus)
;;@ spec: purge.absent
(check 'absent (eqv? (socket-purge-flags *ai-numerichost* *ai-canonname*) *ai-numerichost*))
(check 'from-zero (eqv? (socket-purge-flags 0 *ai-addrconfig*) 0))
