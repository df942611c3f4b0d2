;;@ description: message-type gives *msg-peek*, *msg-oob* for peek, oob
;;@ spec: flag.message-type
(check 'peek (eqv? (message-type peek) *msg-peek*))
(check 'oob (eqv? (message-type oob) *msg-oob*))
