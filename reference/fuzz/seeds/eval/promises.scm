;; Checks delay, force, delay-force, make-promise and promise?: force
;; memoises (the body runs once), delay-force iterating 100,000 steps in
;; constant space, a promise forcing itself recursively (the R7RS example),
;; and streams built from delay.  In R7RS these names are exported by
;; (scheme lazy), not (scheme base), hence the extra import.


(define (check label val) (display label) (display ": ") (write val) (newline))

(define count 0)
(define pr (delay (begin (set! count (+ count 1)) (* 6 7))))
(check "not-yet-run" count)
(check "force" (force pr))
(check "force-again" (force pr))
(check "body-ran-once" count)
(check "promise?" (promise? pr))
(check "non-promise" (promise? 5))
(check "procedure-not-promise" (promise? (lambda () 1)))

(define mp (make-promise 'ready))
(check "make-promise?" (promise? mp))
(check "make-promise-force" (force mp))
(check "make-promise-of-promise-is-promise" (promise? (make-promise pr)))

;; delay-force iterating in constant space
(define (loop n)
  (if (= n 0)
      (delay 'bottom)
      (delay-force (loop (- n 1)))))
(check "delay-force-100000" (force (loop 100000)))

(define (stream-drop s n)
  (delay-force
   (if (= n 0)
       s
       (stream-drop (cdr (force s)) (- n 1)))))
(define (integers-from n) (delay (cons n (integers-from (+ n 1)))))
(check "stream-drop" (car (force (stream-drop (integers-from 0) 100000))))

;; the R7RS reentrancy example
(define x 5)
(define p
  (delay (begin (set! x (+ x 1))
                (if (> x count2) x (force p)))))
(define count2 10)
(check "reentrant-force" (force p))
(check "reentrant-x" (begin (set! x 10) (force p)))

;; streams
(define (stream-take s n)
  (if (= n 0) '() (cons (car (force s)) (stream-take (cdr (force s)) (- n 1)))))
(check "stream-take" (stream-take (integers-from 5) 5))

(define evaluated '())
(define lazy-pair
  (cons (delay (begin (set! evaluated (cons 'first evaluated)) 1))
        (delay (begin (set! evaluated (cons 'second evaluated)) 2))))
(check "force-second-only" (force (cdr lazy-pair)))
(check "evaluated-log" evaluated)

(check "delay-captures-environment"
       (let ((v 1))
         (let ((d (delay v)))
           (set! v 2)
           (force d))))
(check "delay-force-on-promise" (force (delay-force (delay 'inner))))
(check "delay-force-promise?" (promise? (delay-force (delay 1))))
