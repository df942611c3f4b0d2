;; Checks syntax-rules hygiene: macro-introduced bindings (tmp, t, loop,
;; hidden) never capture user identifiers, free identifiers in templates
;; keep their definition-site meaning even where the user rebinds `if`,
;; `let` or the referenced variable, and literals (=>, on) are matched by
;; binding, not by name.


(define (check label val) (display label) (display ": ") (write val) (newline))

;; classic swap! with a user variable named tmp
(define-syntax swap!
  (syntax-rules ()
    ((_ a b) (let ((tmp a)) (set! a b) (set! b tmp)))))

(define tmp 1)
(define other 2)
(swap! tmp other)
(check "swap-global-tmp" (list tmp other))
(let ((tmp 'x) (y 'y))
  (swap! tmp y)
  (check "swap-local-tmp" (list tmp y)))
(let ((a 'p) (tmp 'q))
  (swap! a tmp)
  (check "swap-tmp-second" (list a tmp)))

;; my-or with a user variable named t
(define-syntax my-or
  (syntax-rules ()
    ((_) #f)
    ((_ e) e)
    ((_ e r ...) (let ((t e)) (if t t (my-or r ...))))))

(define t 5)
(check "my-or-global-t" (my-or #f t))
(let ((t 7)) (check "my-or-local-t" (my-or #f t)))
(let ((t #f)) (check "my-or-local-t-false" (my-or t 'fallback)))
(check "my-or-empty" (my-or))
(check "my-or-first" (my-or 1 (car '())))

;; the user rebinds `if` and `let` locally; the macro still uses the real ones
(define-syntax my-if-not
  (syntax-rules () ((_ c a b) (if c b a))))
(let ((if (lambda (a b c) 'user-if)))
  (check "rebound-if" (my-if-not #t 'then 'else))
  (check "user-if-still-user" (if 1 2 3)))
(let ((if list) (let 'shadowed-let))
  (check "rebound-if-and-let" (my-or #f 'z))
  (check "user-let-is-variable" let))

;; free identifier in a template refers to the definition-site binding
(define x 'outer-x)
(define-syntax get-x (syntax-rules () ((_) x)))
(let ((x 'inner-x))
  (check "free-id-definition-site" (get-x))
  (check "user-x-unchanged" x))

(define (helper) 'real-helper)
(define-syntax call-helper (syntax-rules () ((_) (helper))))
(let ((helper (lambda () 'user-helper)))
  (check "free-proc-definition-site" (call-helper)))

;; a macro-introduced binding is invisible to the user's code
(define-syntax with-hidden
  (syntax-rules () ((_ body) (let ((hidden 'macro-hidden)) body))))
(define hidden 'user-hidden)
(check "introduced-binding-invisible" (with-hidden hidden))
(let ((hidden 'local-hidden))
  (check "introduced-binding-invisible-local" (with-hidden hidden)))

;; a loop variable introduced by the macro does not clash with the user's
(define-syntax my-while
  (syntax-rules ()
    ((_ c body ...) (let loop () (when c body ... (loop))))))
(define (count-down n)
  (let ((loop 0))
    (my-while (> n 0) (set! loop (+ loop 1)) (set! n (- n 1)))
    loop))
(check "while-user-loop-var" (count-down 5))

;; literals are matched by binding
(define-syntax arrow-test
  (syntax-rules (=>)
    ((_ a => b) (list 'arrow a b))
    ((_ a b c) (list 'plain a b c))))
(check "literal-match" (arrow-test 1 => 2))
(check "literal-no-match" (arrow-test 1 2 3))
(check "literal-shadowed" (let ((=> #f)) (arrow-test 1 => 2)))

(define-syntax kw
  (syntax-rules (on)
    ((_ on) 'on-literal)
    ((_ other) 'not-literal)))
(check "kw-on" (kw on))
(check "kw-off" (kw off))

;; cond's => is a literal too: a locally bound => is an ordinary variable
(check "cond-arrow-shadowed" (let ((=> 'x)) (cond (#t => 'y))))
(check "cond-arrow-normal" (cond ((assv 2 '((1 . a) (2 . b))) => cdr) (else 'none)))
