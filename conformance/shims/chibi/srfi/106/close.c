/* The two system calls (srfi 106) makes itself; each returns -errno on
   failure, read before anything else can change errno. */

static int srfi_106_shutdown (int fd, int how) {
  return shutdown(fd, how) == 0 ? 0 : -errno;
}

static int srfi_106_close (sexp fileno) {
  if (!sexp_filenop(fileno) || !sexp_fileno_openp(fileno))
    return 0;
  sexp_fileno_openp(fileno) = 0;
  return close(sexp_fileno_fd(fileno)) == 0 ? 0 : -errno;
}
