;;@ description: none adds no flag: message-type with none and peek, in either order, gives *msg-peek*
;;@ spec: flag.message-type-merge
(check 'none-peek (eqv? (message-type none peek) *msg-peek*))
(check 'peek-none (eqv? (message-type peek none) *msg-peek*))
