;;@ description: a refused connection raises an object that guard catches, and the program goes on
;;@ spec: error.catchable
;;@ ruling: R-ERRORS
;;@ peer: listen; accept; send "!"; recv-all
(define result
  (guard (e (#t 'caught))
    (make-client-socket peer-host unused-port)
    'returned))
(say result)
(define s (make-client-socket peer-host peer-port))
(recv-all s 1 1) ; the peer's "!": it has accepted
(socket-send s (string->utf8 "after"))
