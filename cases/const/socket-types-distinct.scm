;;@ description: *sock-stream* and *sock-dgram* are distinct
;;@ spec: const.socket-types
(check 'stream-dgram (not (eqv? *sock-stream* *sock-dgram*)))
