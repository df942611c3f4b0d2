;;@ description: (shutdown-method read write) and (shutdown-method write read) are *shut-rdwr*
;;@ spec: flag.shutdown-both
(check 'read-write (eqv? (shutdown-method read write) *shut-rdwr*))
(check 'write-read (eqv? (shutdown-method write read) *shut-rdwr*))
