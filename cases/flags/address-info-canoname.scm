;;@ description: address-info gives *ai-canonname* for the SRFI's name canoname
;;@ spec: flag.address-info
(check 'canoname (eqv? (address-info canoname) *ai-canonname*))
