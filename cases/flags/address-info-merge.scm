;;@ description: address-info with several names gives the bitwise or of their flags, whatever the order
;;@ spec: flag.address-info-merge
;; Bitwise or, by arithmetic: R7RS small has no bitwise operations.
(define (bit-or a b)
  (let loop ((a a) (b b) (bit 1) (acc 0))
    (if (and (zero? a) (zero? b))
        acc
        (loop (quotient a 2) (quotient b 2) (* bit 2)
              (if (or (odd? a) (odd? b)) (+ acc bit) acc)))))
(check 'v4mapped-addrconfig
       (eqv? (address-info v4mapped addrconfig) (bit-or *ai-v4mapped* *ai-addrconfig*)))
;; numerichost and addrconfig are never 0: keeping only the first or only
;; the last name gives something else.
(check 'numerichost-v4mapped-addrconfig
       (eqv? (address-info numerichost v4mapped addrconfig)
             (bit-or *ai-numerichost* (bit-or *ai-v4mapped* *ai-addrconfig*))))
(check 'addrconfig-numerichost
       (eqv? (address-info addrconfig numerichost) (bit-or *ai-addrconfig* *ai-numerichost*)))
