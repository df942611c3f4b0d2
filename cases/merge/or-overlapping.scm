;;@ description: merging flags that share bits counts each bit once
;;@ spec: merge.or
;; Bitwise or, by arithmetic: R7RS small has no bitwise operations.
(define (bit-or a b)
  (let loop ((a a) (b b) (bit 1) (acc 0))
    (if (and (zero? a) (zero? b))
        acc
        (loop (quotient a 2) (quotient b 2) (* bit 2)
              (if (or (odd? a) (odd? b)) (+ acc bit) acc)))))
(define peek-oob (socket-merge-flags *msg-peek* *msg-oob*))
(define oob-waitall (socket-merge-flags *msg-oob* *msg-waitall*))
(check 'overlapping
       (eqv? (socket-merge-flags peek-oob oob-waitall)
             (bit-or *msg-peek* (bit-or *msg-oob* *msg-waitall*))))
(check 'subset (eqv? (socket-merge-flags peek-oob *msg-peek*) peek-oob))
