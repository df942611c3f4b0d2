;;@ description: *ipproto-ip*, *ipproto-tcp*, *ipproto-udp* are distinct
;;@ spec: const.protocols
(check 'ip-tcp (not (eqv? *ipproto-ip* *ipproto-tcp*)))
(check 'ip-udp (not (eqv? *ipproto-ip* *ipproto-udp*)))
(check 'tcp-udp (not (eqv? *ipproto-tcp* *ipproto-udp*)))
