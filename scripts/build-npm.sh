#!/bin/sh
# Builds the npm package @twofold/core into core/npm/dist (Node and web builds of one wasm).
set -eu
cd "$(dirname "$0")/.."
. scripts/env.sh
cargo rustc -p twofold-core --release --target wasm32-unknown-unknown --features wasm --crate-type cdylib
wasm=target/wasm32-unknown-unknown/release/twofold_core.wasm
rm -rf core/npm/dist
wasm-bindgen --target nodejs --weak-refs --out-dir core/npm/dist/node "$wasm"
mv core/npm/dist/node/twofold_core.js core/npm/dist/node/twofold_core.cjs
wasm-bindgen --target web --weak-refs --out-dir core/npm/dist/web "$wasm"
for dir in core/npm/dist/node core/npm/dist/web; do
  wasm-opt -O3 --enable-bulk-memory --enable-reference-types --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-multivalue --enable-exception-handling \
    -o "$dir/twofold_core_bg.wasm" "$dir/twofold_core_bg.wasm"
done
