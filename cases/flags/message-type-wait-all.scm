;;@ description: message-type gives *msg-waitall* for the name wait-all (with a hyphen)
;;@ spec: flag.message-type
(check 'wait-all (eqv? (message-type wait-all) *msg-waitall*))
