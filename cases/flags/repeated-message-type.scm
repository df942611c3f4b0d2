;;@ description: a repeated message-type name is an error, at expansion or (allowed) when run
;;@ spec: flag.repeated-name
;;@ ruling: R-FLAGS
;;@ accept: load-error
;;@ alternative: say raised
(say (if (raises? (lambda () (message-type peek peek))) 'raised 'accepted))
