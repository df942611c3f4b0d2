#!/bin/sh
# Builds srfi/106/system.so, the part of (srfi 106) for Chibi-Scheme that
# (chibi net) has no way to do, with the Chibi given as $1: its own
# chibi-ffi makes the C, and the C compiler builds it against the headers
# and library of that Chibi's installation. The suite runs this once per
# run (the adapter's setup step); it needs a C compiler.
set -eu
chibi=$1
here=$(cd "$(dirname "$0")" && pwd)
# Chibi's installation: the directory its module path has for lib/chibi.
libdir=$("$chibi" -q -e '(display (let loop ((p (current-module-path))) (cond ((null? p) "") ((string=? "/lib/chibi" (let ((s (car p))) (if (< (string-length s) 10) "" (substring s (- (string-length s) 10) (string-length s))))) (car p)) (else (loop (cdr p))))))')
if [ -z "$libdir" ]; then
  echo "build.sh: cannot find the lib/chibi directory of $chibi" >&2
  exit 1
fi
prefix=${libdir%/lib/chibi}
ffi=$prefix/bin/chibi-ffi
[ -f "$ffi" ] || { echo "build.sh: $ffi is missing (Chibi's FFI generator)" >&2; exit 1; }
build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
cp "$here/srfi/106/system.stub" "$here/srfi/106/close.c" "$build/"
cd "$build"
"$chibi" "$ffi" system.stub
${CC:-cc} -fPIC -shared -O2 -I"$prefix/include" -L"$prefix/lib" -o system.so system.c -lchibi-scheme
mv system.so "$here/srfi/106/system.so"
