;; Checks list searching: memq/memv/member (incl. the 3-argument member
;; with a custom predicate), assq/assv/assoc (incl. 3-argument assoc),
;; on symbols, integers, characters, strings and nested lists.


(define (check label val) (display label) (display ": ") (write val) (newline))

(check "memq-found" (memq 'c '(a b c d)))
(check "memq-missing" (memq 'z '(a b c)))
(check "memq-empty" (memq 'a '()))
(check "memq-first" (memq 'a '(a a)))
(check "memv-number" (memv 101 '(100 101 102)))
(check "memv-char" (memv #\b '(#\a #\b #\c)))
(check "memv-missing" (memv 5 '(1 2 3)))
(check "member-list" (member (list 'a) '(b (a) c)))
(check "member-string" (member "b" '("a" "b" "c")))
(check "member-missing" (member "z" '("a" "b")))
(check "member-vector" (member (vector 1 2) '(#(1) #(1 2) #(3))))

;; 3-argument forms; the predicates are symmetric because R7RS does not
;; fix the order in which the key and the element are passed
(define (same-last-digit? a b) (= (remainder a 10) (remainder b 10)))
(check "member-3arg" (member 23 '(11 12 13 14) same-last-digit?))
(check "member-3arg-ci" (member "B" '("a" "b" "c") string-ci=?))
(check "member-3arg-missing" (member 25 '(11 12 13) same-last-digit?))

(define alist '((a . 1) (b . 2) (c . 3) (b . 4)))
(check "assq-found" (assq 'b alist))
(check "assq-missing" (assq 'z alist))
(check "assq-list-values" (assq 'b '((a 1) (b 2))))
(check "assv-number" (assv 2 '((1 . one) (2 . two) (3 . three))))
(check "assv-char" (assv #\x '((#\x . ex) (#\y . why))))
(check "assoc-list-key" (assoc '(k) '(((j) . 1) ((k) . 2))))
(check "assoc-string" (assoc "two" '(("one" . 1) ("two" . 2))))
(check "assoc-missing" (assoc "three" '(("one" . 1))))
(check "assoc-3arg" (assoc 2 '((11 . a) (12 . b) (22 . c)) same-last-digit?))
(check "assoc-3arg-ci" (assoc "TWO" '(("one" . 1) ("two" . 2)) string-ci=?))
(check "assoc-empty" (assoc 'a '()))

;; the result shares structure with the argument
(define l2 (list 'p 'q 'r))
(check "memq-shares" (eq? (memq 'q l2) (cdr l2)))
(define al2 (list (cons 'k 'v)))
(check "assq-shares" (eq? (assq 'k al2) (car al2)))
