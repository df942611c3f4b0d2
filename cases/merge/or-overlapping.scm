;;@ description: merging flags that share bits counts each bit once
;;@ spec: merge.or
;; Bitwise or, by arithmetic: R7RS small has no bitwise operations.
(define (bit-or a b)
  (let loop ((a a) (b b) (bit 1) (acc 0))
    (if (and (zero? a) (zero? b))
        acc
        (loop (quotient a 2) (quotient b 2) (* bit 2)
              (if (or (odd? a) (odd? b)) (+ acc bit) acc)))))
(define canonname-numerichost (socket-merge-flags *ai-canonname* *ai-numerichost*))
(define numerichost-addrconfig (socket-merge-flags *ai-numerichost* *ai-addrconfig*))
(check 'overlapping
       (eqv? (socket-merge-flags canonname-numerichost numerichost-addrconfig)
             (bit-or *ai-canonname* (bit-or *ai-numerichost* *ai-addrconfig*))))
(check 'subset (eqv? (socket-merge-flags canonname-numerichost *ai-canonname*) canonname-numerichost))
