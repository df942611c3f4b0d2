;;; SRFI 106, Basic socket interface, for Chibi-Scheme 0.12: sockets from
;;; (chibi net), ports from (chibi io), error objects from (scheme base),
;;; and srfi/106/system.so (built by build.sh from system.stub) for what
;;; (chibi net) has no way to do: shutdown(2), a safe close, and the
;;; system's values of the constants it does not define.

(define-library (srfi 106)
  (export make-client-socket make-server-socket socket? socket-accept
          socket-send socket-recv socket-shutdown socket-close
          socket-input-port socket-output-port call-with-socket
          socket-merge-flags socket-purge-flags
          address-family address-info socket-domain ip-protocol
          message-type shutdown-method
          *af-unspec* *af-inet* *af-inet6* *sock-stream* *sock-dgram*
          *ai-canonname* *ai-numerichost* *ai-v4mapped* *ai-all* *ai-addrconfig*
          *ipproto-ip* *ipproto-tcp* *ipproto-udp*
          *msg-peek* *msg-oob* *msg-waitall*
          *shut-rd* *shut-wr* *shut-rdwr*)
  (import (scheme base)
          (chibi net)
          (only (chibi io) make-custom-binary-input-port make-custom-binary-output-port)
          (only (chibi filesystem) get-file-descriptor-status set-file-descriptor-status! open/non-block)
          (only (chibi ast) integer->error-string)
          (only (chibi) er-macro-transformer identifier? identifier->symbol))
  (cond-expand
   ((library (srfi 151)) (import (only (srfi 151) bitwise-ior bitwise-and bitwise-not)))
   ((library (srfi 33)) (import (only (srfi 33) bitwise-ior bitwise-and bitwise-not)))
   (else (import (only (srfi 60) bitwise-ior bitwise-and bitwise-not))))
  (include-shared "106/system")
  (include "106/socket.scm"))
