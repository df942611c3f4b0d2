;;@ description: *msg-peek*, *msg-oob*, *msg-waitall* are single bits and share no bit
;;@ spec: const.messages
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
(check 'peek (single-bit? *msg-peek*))
(check 'oob (single-bit? *msg-oob*))
(check 'waitall (single-bit? *msg-waitall*))
(check 'disjoint (disjoint? (list *msg-peek* *msg-oob* *msg-waitall*)))
