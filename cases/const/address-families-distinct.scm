;;@ description: *af-unspec*, *af-inet*, *af-inet6* are distinct
;;@ spec: const.address-families
(check 'unspec-inet (not (eqv? *af-unspec* *af-inet*)))
(check 'unspec-inet6 (not (eqv? *af-unspec* *af-inet6*)))
(check 'inet-inet6 (not (eqv? *af-inet* *af-inet6*)))
