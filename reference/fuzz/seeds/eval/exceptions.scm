;; Checks with-exception-handler, raise and error objects: escaping from a
;; handler with a continuation, error-object? / message / irritants,
;; read-error? and file-error? on other objects, a handler that returns
;; from a non-continuable raise (a secondary exception, caught by an outer
;; guard), nested handlers (a handler runs with the outer handler
;; installed), and the handler seeing the raise's dynamic environment.


(define (check label val) (display label) (display ": ") (write val) (newline))

(define (catch thunk)
  (call-with-current-continuation
   (lambda (k)
     (with-exception-handler
      (lambda (e) (k (list 'caught e)))
      thunk))))

(check "handler-escape" (catch (lambda () (+ 1 (raise 'boom)))))
(check "handler-no-raise" (catch (lambda () 'fine)))
(check "raise-string" (catch (lambda () (raise "text"))))
(check "raise-list" (catch (lambda () (raise '(1 2 3)))))

(define err
  (call-with-current-continuation
   (lambda (k)
     (with-exception-handler
      (lambda (e) (k e))
      (lambda () (error "Something bad:" 42 'foo "bar" '(1 2)))))))
(check "error-object?" (error-object? err))
(check "error-object-message" (error-object-message err))
(check "error-object-irritants" (error-object-irritants err))
(check "error-object-irritants-list?" (list? (error-object-irritants err)))
(check "error-not-read-error" (read-error? err))
(check "error-not-file-error" (file-error? err))

(check "symbol-not-error-object" (error-object? 'x))
(check "string-not-error-object" (error-object? "Something bad:"))
(check "list-not-error-object" (error-object? (list 'a)))
(check "symbol-not-read-error" (read-error? 'x))
(check "symbol-not-file-error" (file-error? 'x))

(check "error-one-irritant"
       (guard (e ((error-object? e) (error-object-irritants e)))
         (error "msg" 'only)))
(check "error-message-only-string"
       (guard (e ((error-object? e) (string? (error-object-message e))))
         (error "just a message")))
(check "raised-symbol-not-error-object"
       (guard (e (#t (error-object? e)))
         (raise 'plain)))

;; a handler returning from a non-continuable raise: a secondary exception
;; is raised in the handler's dynamic environment (outer guard catches it)
(check "handler-returns-from-raise"
       (guard (e (#t 'secondary-caught))
         (with-exception-handler
          (lambda (c) 'ignored-return)
          (lambda () (raise 'boom) 'not-reached))))

(define after-raise-reached #f)
(guard (e (#t #f))
  (with-exception-handler
   (lambda (c) 'return)
   (lambda () (raise 'boom) (set! after-raise-reached #t))))
(check "code-after-raise-not-run" after-raise-reached)

;; nested handlers: the inner handler runs with the outer one installed
(check "nested-handlers-continuable"
       (with-exception-handler
        (lambda (c) (* c 10))
        (lambda ()
          (with-exception-handler
           (lambda (c) (+ 1 (raise-continuable (+ c 1))))
           (lambda () (raise-continuable 1))))))

(check "inner-handler-raises-to-outer"
       (call-with-current-continuation
        (lambda (k)
          (with-exception-handler
           (lambda (c) (k (list 'outer-got c)))
           (lambda ()
             (with-exception-handler
              (lambda (c) (raise (list 'rewrapped c)))
              (lambda () (raise 'inner-original))))))))

(check "handler-order"
       (let ((log '()))
         (guard (e (#t (reverse (cons (list 'guard e) log))))
           (with-exception-handler
            (lambda (c) (set! log (cons (list 'h1 c) log)) (raise 'from-h1))
            (lambda ()
              (with-exception-handler
               (lambda (c) (set! log (cons (list 'h2 c) log)) (raise 'from-h2))
               (lambda () (raise 'start))))))))

;; the handler runs in the dynamic environment of the raise
(define p (make-parameter 'outside))
(check "handler-sees-raise-parameterization"
       (with-exception-handler
        (lambda (c) (list c (p)))
        (lambda ()
          (parameterize ((p 'inside))
            (raise-continuable 'ask)))))

;; a list as an irritant
(check "error-list-irritant"
       (guard (e ((error-object? e)
                  (list (error-object-message e) (car (error-object-irritants e)))))
         (error "list irritant" '(a b c))))
