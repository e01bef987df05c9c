#!/bin/sh
# Builds the npm package @twofold/core into core/npm/dist: the main wasm (codes, URIs, imports,
# exports, QR encoding) and a second one that adds QR decoding (the `@twofold/core/qr-decode`
# entry point), each for Node and for browsers/bundlers.
set -eu
cd "$(dirname "$0")/.."
. scripts/env.sh
rm -rf core/npm/dist
build() { # features, output folder
  cargo rustc -p twofold-core --release --target wasm32-unknown-unknown --features "$1" --crate-type cdylib
  wasm=target/wasm32-unknown-unknown/release/twofold_core.wasm
  wasm-bindgen --target nodejs --weak-refs --out-dir "core/npm/dist/$2/node" "$wasm"
  mv "core/npm/dist/$2/node/twofold_core.js" "core/npm/dist/$2/node/twofold_core.cjs"
  wasm-bindgen --target web --weak-refs --out-dir "core/npm/dist/$2/web" "$wasm"
  for dir in "core/npm/dist/$2/node" "core/npm/dist/$2/web"; do
    wasm-opt -O3 --enable-bulk-memory --enable-reference-types --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals --enable-multivalue --enable-exception-handling \
      -o "$dir/twofold_core_bg.wasm" "$dir/twofold_core_bg.wasm"
  done
}
build wasm,qr main
build wasm,qr,qr-decode qr-decode
