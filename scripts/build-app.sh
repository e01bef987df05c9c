#!/bin/sh
# Builds the web app and the worker side by side. They are cargo builds of different profiles
# (`web`, `release`) that take no common build lock, so each keeps one core busy: on 2 cores this
# saves most of the shorter build's time. The worker's output is shown when it is done (or failed).
set -eu
cd "$(dirname "$0")/.."
# The web app serves the npm package's browser build with QR decoding: made (when the core
# changed) before either starts, in the worker's profile, which the worker's build then holds.
sh scripts/build-npm.sh web-tools
log=$(mktemp)
trap 'rm -f "$log"' EXIT
sh scripts/build-worker.sh >"$log" 2>&1 &
worker=$!
web_status=0
sh scripts/build-web.sh || web_status=$?
if wait "$worker"; then
  grep -v '^ *Compiling ' "$log" || true
else
  cat "$log" >&2
  echo "[build] the worker's build failed (its output above)" >&2
  exit 1
fi
exit "$web_status"
