#!/bin/sh
# Writes a fresh local APP_KEY to .dev.vars when none is there (never overwrites an existing key:
# the local database's secrets are encrypted under it).
set -eu
cd "$(dirname "$0")/.."
if ! grep -qs '^APP_KEY=' .dev.vars; then
  printf 'APP_KEY=base64:%s\n' "$(head -c 32 /dev/urandom | base64)" >> .dev.vars
  chmod 600 .dev.vars
  echo "[setup] wrote a new local APP_KEY to .dev.vars"
fi
