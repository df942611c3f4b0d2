;;@ description: address-info also accepts canonname for *ai-canonname*
;;@ spec: flag.canonname
;;@ ruling: R-FLAGS
(check 'canonname (eqv? (address-info canonname) *ai-canonname*))
