#!/bin/sh
# Run the SRFI 106 tests for Guile with the shim directory on the load path.
here=$(cd "$(dirname "$0")" && pwd)
exec guile --r7rs --no-auto-compile -L "$here/.." "$here/run-tests.scm" "$@"
