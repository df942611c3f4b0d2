;;@ description: ip-protocol gives *ipproto-ip*, *ipproto-tcp*, *ipproto-udp* for ip, tcp, udp
;;@ spec: flag.ip-protocol
(check 'ip (eqv? (ip-protocol ip) *ipproto-ip*))
(check 'tcp (eqv? (ip-protocol tcp) *ipproto-tcp*))
(check 'udp (eqv? (ip-protocol udp) *ipproto-udp*))
