;;@ description: an unknown name after a known one (message-type peek waitall) is an error, at expansion or (allowed) when run
;;@ spec: flag.unknown-name
;;@ ruling: R-FLAGS
;;@ accept: load-error
;;@ alternative: say raised
(say (if (raises? (lambda () (message-type peek waitall))) 'raised 'accepted))
