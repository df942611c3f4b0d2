;; Start-up: nothing but the imports.
