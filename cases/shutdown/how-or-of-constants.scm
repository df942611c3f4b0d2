;;@ description: socket-shutdown with the bitwise or of two shutdown constants raises when that is none of the three
;;@ spec: shutdown.how
;;@ ruling: R-SHUTDOWN
;;@ peer: connect; recv-all
;; On Linux (or *shut-wr* *shut-rdwr*) is 3; an or that happens to equal
;; one of the three constants is a valid method and is not tried.
(define srv (serve))
(define s (socket-accept srv))
(define (valid? how) (memv how (list *shut-rd* *shut-wr* *shut-rdwr*)))
(define ors
  (list (socket-merge-flags *shut-rd* *shut-wr*)
        (socket-merge-flags *shut-rd* *shut-rdwr*)
        (socket-merge-flags *shut-wr* *shut-rdwr*)))
(check 'invalid-ors-raise
       (let loop ((l ors))
         (cond ((null? l) #t)
               ((valid? (car l)) (loop (cdr l)))
               ((raises? (lambda () (socket-shutdown s (car l)))) (loop (cdr l)))
               (else #f))))
(socket-send s (string->utf8 "still open"))
