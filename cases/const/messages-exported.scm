;;@ description: (srfi 106) exports *msg-peek*, *msg-oob* and *msg-waitall*
;;@ spec: const.messages
(define messages (list *msg-peek* *msg-oob* *msg-waitall*))
(say 'exported (length messages))
