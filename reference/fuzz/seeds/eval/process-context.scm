;; Checks (scheme process-context) without printing anything
;; environment-specific: command-line is a non-empty list of strings,
;; get-environment-variable returns a string for PATH and #f for an unset
;; variable, and get-environment-variables is an alist of string pairs
;; that agrees with get-environment-variable.


(define (check label val) (display label) (display ": ") (write val) (newline))

(define args (command-line))
(check "command-line-list" (list? args))
(check "command-line-non-empty" (pair? args))
(check "command-line-strings"
       (let loop ((l args)) (or (null? l) (and (string? (car l)) (loop (cdr l))))))

(define path (get-environment-variable "PATH"))
(check "path-is-string" (string? path))
(check "unset-variable"
       (get-environment-variable "SRFI106_DIALECT_TEST_SURELY_UNSET_VARIABLE"))

(define env (get-environment-variables))
(check "env-is-list" (list? env))
(check "env-is-alist-of-strings"
       (let loop ((l env))
         (or (null? l)
             (and (pair? (car l))
                  (string? (car (car l)))
                  (string? (cdr (car l)))
                  (loop (cdr l))))))
(check "env-has-path" (pair? (assoc "PATH" env)))
(check "env-path-agrees"
       (let ((entry (assoc "PATH" env)))
         (and (pair? entry) (string=? (cdr entry) path))))
(check "env-unset-absent"
       (assoc "SRFI106_DIALECT_TEST_SURELY_UNSET_VARIABLE" env))
