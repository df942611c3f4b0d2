;;@ description: socket-purge-flags with no flags to remove returns base-flag
;;@ spec: purge.removes
(define canonname-numerichost (socket-merge-flags *ai-canonname* *ai-numerichost*))
(check 'no-flags (eqv? (socket-purge-flags canonname-numerichost) canonname-numerichost))
(check 'zero (eqv? (socket-purge-flags canonname-numerichost 0) canonname-numerichost))
