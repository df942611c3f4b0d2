;;@ description: a name no implementation has (an unknown socket-domain name) is an error, at expansion or (allowed) when run
;;@ spec: flag.unknown-name
;;@ ruling: R-FLAGS
;;@ accept: load-error
;;@ alternative: say raised
(say (if (raises? (lambda () (socket-domain no-such-domain))) 'raised 'accepted))
