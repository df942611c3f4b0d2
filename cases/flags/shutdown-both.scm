;;@ description: (shutdown-method read write) and (shutdown-method write read) are *shut-rdwr*
;;@ spec: flag.shutdown-both
(check 'read-write (= (shutdown-method read write) *shut-rdwr*))
(check 'write-read (= (shutdown-method write read) *shut-rdwr*))
