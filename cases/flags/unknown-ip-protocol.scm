;;@ description: a name no implementation has (an unknown ip-protocol name) is an error, at expansion or (allowed) when run
;;@ spec: flag.unknown-name
;;@ ruling: R-FLAGS
;;@ accept: load-error
;;@ alternative: say raised
(say (if (raises? (lambda () (ip-protocol no-such-protocol))) 'raised 'accepted))
