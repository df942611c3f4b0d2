;;@ description: purging a set flag and an absent one removes only the set one
;;@ spec: purge.absent
(define canonname-numerichost (socket-merge-flags *ai-canonname* *ai-numerichost*))
(check 'mixed (eqv? (socket-purge-flags canonname-numerichost *ai-canonname* *ai-addrconfig*) *ai-numerichost*))
(check 'twice (eqv? (socket-purge-flags canonname-numerichost *ai-canonname* *ai-canonname*) *ai-numerichost*))
