;;@ description: address-info gives *ai-numerichost*, *ai-v4mapped*, *ai-all*, *ai-addrconfig* for numerichost, v4mapped, all, addrconfig
;;@ spec: flag.address-info
(check 'numerichost (eqv? (address-info numerichost) *ai-numerichost*))
(check 'v4mapped (eqv? (address-info v4mapped) *ai-v4mapped*))
(check 'all (eqv? (address-info all) *ai-all*))
(check 'addrconfig (eqv? (address-info addrconfig) *ai-addrconfig*))
