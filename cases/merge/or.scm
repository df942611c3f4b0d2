;;@ description: socket-merge-flags gives the bitwise or of its flags
;;@ spec: merge.or
;; Bitwise or, by arithmetic: R7RS small has no bitwise operations.
(define (bit-or a b)
  (let loop ((a a) (b b) (bit 1) (acc 0))
    (if (and (zero? a) (zero? b))
        acc
        (loop (quotient a 2) (quotient b 2) (* bit 2)
              (if (or (odd? a) (odd? b)) (+ acc bit) acc)))))
(check 'one (eqv? (socket-merge-flags *ai-addrconfig*) *ai-addrconfig*))
(check 'two (eqv? (socket-merge-flags *ai-canonname* *ai-numerichost*) (bit-or *ai-canonname* *ai-numerichost*)))
(check 'three
       (eqv? (socket-merge-flags *ai-canonname* *ai-numerichost* *ai-addrconfig*)
             (bit-or *ai-canonname* (bit-or *ai-numerichost* *ai-addrconfig*))))
