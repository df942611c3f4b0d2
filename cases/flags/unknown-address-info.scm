;;@ description: a name no implementation has (an unknown address-info name) is an error, at expansion or (allowed) when run
;;@ spec: flag.unknown-name
;;@ ruling: R-FLAGS
;;@ accept: load-error
;;@ alternative: say raised
(say (if (raises? (lambda () (address-info no-such-flag))) 'raised 'accepted))
