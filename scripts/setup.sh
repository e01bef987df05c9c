#!/bin/sh
# Installs what is missing, pinned, from the registries only (crates.io, npm, Debian). Idempotent.
# Usage: scripts/setup.sh [--browser]   (--browser also installs what tests need: Debian's
# Chromium and schemathesis)
set -eu
cd "$(dirname "$0")/.."
. scripts/env.sh

# The wasm-bindgen CLI must equal the library version locked in Cargo.lock.
WASM_BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')

say() { printf '[setup] %s\n' "$*"; }

# What is missing is installed side by side, so that npm, pip and apt, which mostly wait on the
# network, overlap the `cargo install`, which keeps the cores busy.
LOGS=$(mktemp -d)
trap 'rm -rf "$LOGS"' EXIT
JOBS=""
JOBS_N=0
job() { # what, command...: runs in the background; its output is shown if it fails
  say "$1"; shift
  "$@" >"$LOGS/$JOBS_N.log" 2>&1 &
  JOBS="$JOBS $!:$JOBS_N"
  JOBS_N=$((JOBS_N + 1))
}
wait_jobs() {
  failed=0
  for entry in $JOBS; do
    if ! wait "${entry%%:*}"; then
      failed=1
      sed 's/^/  | /' "$LOGS/${entry#*:}.log" | tail -n 40 >&2
    fi
  done
  JOBS=""
  [ "$failed" = 0 ] || { say "a step failed (its output above)"; exit 1; }
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$("$WASM_BINDGEN_BIN" --version 2>/dev/null | cut -d' ' -f2)" != "$WASM_BINDGEN_VERSION" ]; then
  # Not --locked: a dependency locked upstream is missing from the registry mirror.
  job "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION" \
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [ ! -x node_modules/.bin/wrangler ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  job "installing npm tools (npm ci)" npm ci --no-audit --no-fund
fi

SCHEMATHESIS_VERSION=4.32.5
install_schemathesis() {
  python3 -m venv .venv && .venv/bin/pip install -q "schemathesis==$SCHEMATHESIS_VERSION"
}
if [ "${1:-}" = "--browser" ] && [ "$(.venv/bin/st --version 2>/dev/null | awk '{print $NF}')" != "$SCHEMATHESIS_VERSION" ]; then
  job "installing schemathesis $SCHEMATHESIS_VERSION (PyPI) into .venv" install_schemathesis
fi

install_chromium() {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}
if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  job "installing Chromium from Debian" install_chromium
fi

wait_jobs

test "$("$WASM_BINDGEN_BIN" --version | cut -d' ' -f2)" = "$WASM_BINDGEN_VERSION" || {
  say "wasm-bindgen CLI does not match Cargo.lock ($WASM_BINDGEN_VERSION)"; exit 1; }
say "tools ready (wasm-bindgen $WASM_BINDGEN_VERSION)"
