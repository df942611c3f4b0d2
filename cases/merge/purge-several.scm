;;@ description: socket-purge-flags removes every flag it is given
;;@ spec: purge.removes
(define all3 (socket-merge-flags *ai-canonname* *ai-numerichost* *ai-addrconfig*))
(check 'two-of-three
       (eqv? (socket-purge-flags all3 *ai-canonname* *ai-addrconfig*) *ai-numerichost*))
(check 'three-of-three
       (eqv? (socket-purge-flags all3 *ai-addrconfig* *ai-numerichost* *ai-canonname*) 0))
