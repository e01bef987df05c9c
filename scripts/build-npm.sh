#!/bin/sh
# Builds the npm package @twofold/core into core/npm/dist: the main wasm (codes, URIs, imports,
# exports, QR encoding) and a second one that adds QR decoding (the `@twofold/core/qr-decode`
# entry point), each for Node and for browsers/bundlers.
# Usage: scripts/build-npm.sh             the whole package
#        scripts/build-npm.sh web-tools   only the browser build with QR decoding, which the web app
#                                         serves, when the core changed since
#        scripts/build-npm.sh worker-tools  the worker's tools module (worker/src/tools.rs): that
#                                         build plus the exports only the worker calls (import
#                                         outcomes as text, the registration rule's regex engine);
#                                         not part of the package
set -eu
cd "$(dirname "$0")/.."
. scripts/env.sh
build() { # features, output folder, targets (node, web)...
  features=$1
  folder=$2
  shift 2
  cargo rustc -p twofold-core --release --target wasm32-unknown-unknown --features "$features" --crate-type cdylib
  wasm="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/twofold_core.wasm"
  for target in "$@"; do
    dir="core/npm/dist/$folder/$target"
    rm -rf "$dir"
    if [ "$target" = node ]; then
      wasm-bindgen --target nodejs --weak-refs --out-dir "$dir" "$wasm"
      mv "$dir/twofold_core.js" "$dir/twofold_core.cjs"
    elif [ "$folder" = worker-tools ]; then
      # The worker drops its tools' instance after an import or a trap (worker/tools.mjs):
      # `__wbg_reset_state` starts a fresh one from the compiled module.
      wasm-bindgen --target web --weak-refs --experimental-reset-state-function --out-dir "$dir" "$wasm"
    else
      wasm-bindgen --target web --weak-refs --out-dir "$dir" "$wasm"
    fi
    wasm-opt -O3 --enable-bulk-memory --enable-reference-types --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals --enable-multivalue --enable-exception-handling \
      -o "$dir/twofold_core_bg.wasm" "$dir/twofold_core_bg.wasm"
  done
}
# Up to date unless the core changed since.
fresh() {
  [ -f "$1" ] && [ -z "$(find core/src core/primitives core/Cargo.toml Cargo.toml Cargo.lock scripts/build-npm.sh -newer "$1" -type f | head -n1)" ]
}
if [ "${1:-}" = web-tools ]; then
  fresh core/npm/dist/qr-decode/web/twofold_core_bg.wasm || build wasm,qr,qr-decode qr-decode web
elif [ "${1:-}" = worker-tools ]; then
  fresh core/npm/dist/worker-tools/web/twofold_core_bg.wasm || build worker-tools worker-tools web
else
  rm -rf core/npm/dist
  build wasm,qr main node web
  build wasm,qr,qr-decode qr-decode node web
fi
