;;@ description: a name no implementation has (an unknown shutdown-method name) is an error, at expansion or (allowed) when run
;;@ spec: flag.unknown-name
;;@ ruling: R-FLAGS
;;@ accept: load-error
;;@ alternative: say raised
(say (if (raises? (lambda () (shutdown-method no-such-method))) 'raised 'accepted))
