;;@ description: address-family gives *af-inet*, *af-inet6*, *af-unspec* for inet, inet6, unspec
;;@ spec: flag.address-family
(check 'inet (eqv? (address-family inet) *af-inet*))
(check 'inet6 (eqv? (address-family inet6) *af-inet6*))
(check 'unspec (eqv? (address-family unspec) *af-unspec*))
