#!/bin/sh
# `make run`: builds, applies the D1 migrations locally and serves UI + API in the foreground.
set -eu
cd "$(dirname "$0")/.."
. scripts/env.sh
sh scripts/ensure-app-key.sh
# The worker is built here beside the web app; wrangler's own build step then finds it up to date.
sh scripts/build-app.sh
wrangler d1 migrations apply DB --local
PORT="${PORT:-8787}"
# One argument per line from twofauth-vars.sh; no setting value contains a newline.
set --
while IFS= read -r arg; do set -- "$@" "$arg"; done <<VARS
$(sh scripts/twofauth-vars.sh)
VARS
echo "[run] Twofold on http://127.0.0.1:$PORT"
exec wrangler dev --ip 127.0.0.1 --port "$PORT" "$@"
