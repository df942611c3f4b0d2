;;@ description: message-type with several names gives the bitwise or of their flags, whatever the order
;;@ spec: flag.message-type-merge
;; Bitwise or, by arithmetic: R7RS small has no bitwise operations.
(define (bit-or a b)
  (let loop ((a a) (b b) (bit 1) (acc 0))
    (if (and (zero? a) (zero? b))
        acc
        (loop (quotient a 2) (quotient b 2) (* bit 2)
              (if (or (odd? a) (odd? b)) (+ acc bit) acc)))))
(check 'peek-oob (eqv? (message-type peek oob) (bit-or *msg-peek* *msg-oob*)))
(check 'oob-peek (eqv? (message-type oob peek) (bit-or *msg-peek* *msg-oob*)))
(check 'peek-oob-wait-all
       (eqv? (message-type peek oob wait-all)
             (bit-or *msg-peek* (bit-or *msg-oob* *msg-waitall*))))
