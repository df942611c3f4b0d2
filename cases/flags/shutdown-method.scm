;;@ description: shutdown-method gives *shut-rd*, *shut-wr* for read, write
;;@ spec: flag.shutdown-method
(check 'read (eqv? (shutdown-method read) *shut-rd*))
(check 'write (eqv? (shutdown-method write) *shut-wr*))
