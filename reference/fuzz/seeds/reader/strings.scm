"\x3bb;\x41;" "line \
   continued" "tab\there" "\a\b"