;;@ description: address-family with no name is an error, at expansion or (allowed) when run
;;@ spec: flag.no-name
;;@ ruling: R-FLAGS
;;@ accept: load-error
;;@ alternative: say raised
(say (if (raises? (lambda () (address-family))) 'raised 'accepted))
