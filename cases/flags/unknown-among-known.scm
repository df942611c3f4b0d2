;;@ description: a name no implementation has (an unknown name after a known one) is an error, at expansion or (allowed) when run
;;@ spec: flag.unknown-name
;;@ ruling: R-FLAGS
;;@ accept: load-error
;;@ alternative: say raised
(say (if (raises? (lambda () (message-type peek no-such-type))) 'raised 'accepted))
