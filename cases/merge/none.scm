;;@ description: socket-merge-flags with no flags gives 0
;;@ spec: merge.none
;;@ ruling: R-MERGE
(check 'none (eqv? (socket-merge-flags) 0))
