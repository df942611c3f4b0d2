;;@ description: an unknown message-type name (waitall) is an error, at expansion or (allowed) when run
;;@ spec: flag.unknown-name
;;@ ruling: R-FLAGS
;;@ accept: load-error
;;@ alternative: say raised
(say (if (raises? (lambda () (message-type waitall))) 'raised 'accepted))
