;;@ description: (message-type none) is 0
;;@ spec: flag.message-none
;;@ ruling: R-FLAGS
(check 'none (eqv? (message-type none) 0))
