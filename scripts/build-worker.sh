#!/bin/sh
# Builds the worker (wasm + JS shim) into build/ with worker-build, pointed at the tools that
# scripts/setup.sh installed so that nothing is downloaded from GitHub. Skipped when no input
# changed since the last build (wrangler runs this on every start).
set -eu
cd "$(dirname "$0")/.."
. scripts/env.sh
# Only the worker's inputs count: the npm package and fuzz builds under core/ are outputs.
if [ -f build/index.js ] && [ -z "$(find worker/src worker/Cargo.toml worker/openapi.json core/src core/Cargo.toml \
    Cargo.toml Cargo.lock -newer build/index.js -type f | head -n1)" ]; then
  echo "[build] worker is up to date"
  exit 0
fi
cd worker
worker-build --release --out-dir ../build
cd ..
# The Rust function names (a `name` section of ≈ 290 KB raw, 85 KB gzip) would ship in every
# isolate's download and start-up; a panic aborts the request either way, so they go.
node scripts/strip-wasm-names.mjs build/index_bg.wasm
