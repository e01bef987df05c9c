#!/bin/sh
# Writes a fresh local APP_KEY and PASSWORD_PEPPER to .dev.vars when missing (never overwrites
# one: the local database's secrets are encrypted under APP_KEY, its password hashes are bound to
# PASSWORD_PEPPER).
set -eu
cd "$(dirname "$0")/.."
for name in APP_KEY PASSWORD_PEPPER; do
  if ! grep -qs "^$name=" .dev.vars; then
    printf '%s=base64:%s\n' "$name" "$(head -c 32 /dev/urandom | base64)" >> .dev.vars
    chmod 600 .dev.vars
    echo "[setup] wrote a new local $name to .dev.vars"
  fi
done
