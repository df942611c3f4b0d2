;;@ description: a repeated shutdown-method name is an error, at expansion or (allowed) when run
;;@ spec: flag.repeated-name
;;@ ruling: R-FLAGS
;;@ accept: load-error
;;@ alternative: say raised
(say (if (raises? (lambda () (shutdown-method read read))) 'raised 'accepted))
