;;@ description: the *ai-* constants are single bits (*ai-v4mapped* and *ai-all* may be 0) and share no bit
;;@ spec: const.address-info
;; Bits by arithmetic: R7RS small has no bitwise operations.
(define (bit-and a b)
  (let loop ((a a) (b b) (bit 1) (acc 0))
    (if (or (zero? a) (zero? b))
        acc
        (loop (quotient a 2) (quotient b 2) (* bit 2)
              (if (and (odd? a) (odd? b)) (+ acc bit) acc)))))
(define (single-bit? n)
  (and (integer? n)
       (exact? n)
       (positive? n)
       (let loop ((n n))
         (cond ((= n 1) #t)
               ((odd? n) #f)
               (else (loop (quotient n 2)))))))
;; Every pair of flags shares no bit.
(define (disjoint? flags)
  (or (null? flags)
      (and (let loop ((rest (cdr flags)))
             (or (null? rest)
                 (and (zero? (bit-and (car flags) (car rest)))
                      (loop (cdr rest)))))
           (disjoint? (cdr flags)))))
(check 'canonname (single-bit? *ai-canonname*))
(check 'numerichost (single-bit? *ai-numerichost*))
(check 'v4mapped (or (eqv? *ai-v4mapped* 0) (single-bit? *ai-v4mapped*)))
(check 'all (or (eqv? *ai-all* 0) (single-bit? *ai-all*)))
(check 'addrconfig (single-bit? *ai-addrconfig*))
(check 'disjoint
       (disjoint? (list *ai-canonname* *ai-numerichost* *ai-v4mapped* *ai-all* *ai-addrconfig*)))
