;;@ description: *shut-rd*, *shut-wr*, *shut-rdwr* are distinct
;;@ spec: const.shutdown
(check 'rd-wr (not (eqv? *shut-rd* *shut-wr*)))
(check 'rd-rdwr (not (eqv? *shut-rd* *shut-rdwr*)))
(check 'wr-rdwr (not (eqv? *shut-wr* *shut-rdwr*)))
