#!/bin/sh
# Builds the worker into build/ (scripts/wasm-worker.sh: cargo, wasm-bindgen, our entry module).
# Skipped when no input changed since the last build (wrangler runs this on every start).
set -eu
cd "$(dirname "$0")/.."
. scripts/env.sh
# Only the worker's inputs count (and how it is built): the npm package and fuzz builds under core/
# are outputs.
if [ -f build/entry.mjs ] && [ -z "$(find worker/src worker/Cargo.toml worker/entry.mjs \
    core/src core/Cargo.toml Cargo.toml Cargo.lock scripts/wasm-worker.sh -newer build/entry.mjs -type f | head -n1)" ]; then
  echo "[build] worker is up to date"
  exit 0
fi
sh scripts/wasm-worker.sh twofold-worker build
