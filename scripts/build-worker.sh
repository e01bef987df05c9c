#!/bin/sh
# Builds the worker into build/ (scripts/wasm-worker.sh: cargo, wasm-bindgen, our entry module),
# with build/tools/, the core's browser build with every feature (QR decoding, importers, the
# registration rule's regex), which the worker instantiates apart (worker/src/tools.rs).
# Skipped when no input changed since the last build (wrangler runs this on every start).
set -eu
cd "$(dirname "$0")/.."
. scripts/env.sh
tools=core/npm/dist/worker-tools/web
# The tools module is the core's (rebuilt when the core changed since).
sh scripts/build-npm.sh worker-tools
# Only the worker's inputs count (and how it is built): the npm package and fuzz builds under core/
# are outputs.
if [ -f build/entry.mjs ] && [ -f build/tools/twofold_core_bg.wasm ] && [ -z "$(find worker/src worker/Cargo.toml worker/entry.mjs worker/tools.mjs \
    core/src core/primitives core/Cargo.toml Cargo.toml Cargo.lock scripts/wasm-worker.sh "$tools" worker/d1.mjs -newer build/entry.mjs -type f | head -n1)" ]; then
  echo "[build] worker is up to date"
  exit 0
fi
sh scripts/wasm-worker.sh twofold-worker build
mkdir -p build/tools
cp "$tools/twofold_core.js" "$tools/twofold_core_bg.wasm" build/tools/
# Last: its date tells the check above when the build was complete.
touch build/entry.mjs
