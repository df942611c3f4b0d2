;;@ description: a name no implementation has (an unknown message-type name) is an error, at expansion or (allowed) when run
;;@ spec: flag.unknown-name
;;@ ruling: R-FLAGS
;;@ accept: load-error
;;@ alternative: say raised
(say (if (raises? (lambda () (message-type no-such-type))) 'raised 'accepted))
