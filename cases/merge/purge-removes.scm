;;@ description: socket-purge-flags removes a flag that is set
;;@ spec: purge.removes
(define canonname-numerichost (socket-merge-flags *ai-canonname* *ai-numerichost*))
(check 'canonname-removed (eqv? (socket-purge-flags canonname-numerichost *ai-canonname*) *ai-numerichost*))
(check 'numerichost-removed (eqv? (socket-purge-flags canonname-numerichost *ai-numerichost*) *ai-canonname*))
(check 'all-removed (eqv? (socket-purge-flags *ai-addrconfig* *ai-addrconfig*) 0))
