;; Checks that exit runs the after thunks of all active dynamic-winds
;; (innermost first) before terminating with status 0, and that output
;; written before exit is not lost; nothing after the exit call runs.


(display "start")
(newline)
(dynamic-wind
 (lambda () (display "outer-before") (newline))
 (lambda ()
   (dynamic-wind
    (lambda () (display "inner-before") (newline))
    (lambda ()
      (display "body")
      (newline)
      (exit 0)
      (display "not-reached-body")
      (newline))
    (lambda () (display "inner-after") (newline))))
 (lambda () (display "outer-after") (newline)))
(display "not-reached-top")
(newline)
