;;@ description: socket-domain gives *sock-stream*, *sock-dgram* for stream, datagram
;;@ spec: flag.socket-domain
(check 'stream (eqv? (socket-domain stream) *sock-stream*))
(check 'datagram (eqv? (socket-domain datagram) *sock-dgram*))
