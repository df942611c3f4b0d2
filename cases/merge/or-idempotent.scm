;;@ description: socket-merge-flags is an or, not a sum: merging a flag with itself gives the flag
;;@ spec: merge.or
(check 'twice (eqv? (socket-merge-flags *ai-numerichost* *ai-numerichost*) *ai-numerichost*))
(check 'thrice (eqv? (socket-merge-flags *ai-addrconfig* *ai-addrconfig* *ai-addrconfig*)
                     *ai-addrconfig*))
