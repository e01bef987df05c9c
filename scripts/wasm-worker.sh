#!/bin/sh
# Builds a workers-rs crate into OUT_DIR for wrangler: cargo → wasm-bindgen (the pinned CLI that
# scripts/setup.sh installed) → worker/entry.mjs as OUT_DIR/entry.mjs, wrangler's `main`, which
# wrangler bundles with the glue itself. Run from the repository root, after scripts/env.sh.
# Usage: scripts/wasm-worker.sh PACKAGE OUT_DIR [FEATURES]
set -eu
package=$1
out=$2
features=${3:-}
# wasm-bindgen's macro then awaits with js_sys::futures, not wasm-bindgen-futures, as under
# worker-build (which set it); read at expansion time, untracked by cargo, so always set.
WASM_BINDGEN_USE_JS_SYS=1 cargo build --release --target wasm32-unknown-unknown -p "$package" --lib \
  ${features:+--features "$features"}
rm -rf "$out" && mkdir -p "$out"
# The glue resets the instance after a panic (see worker/entry.mjs).
wasm-bindgen --target module --no-typescript --out-name index --out-dir "$out" \
  --experimental-reset-state-function --force-enable-abort-handler \
  "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/$(echo "$package" | tr - _).wasm"
# The Rust function names (a `name` section of ≈ 600 KB raw) would ship in every isolate's
# download and start-up; a panic aborts the request either way, so they go.
node scripts/strip-wasm-names.mjs "$out/index_bg.wasm"
# Last: its date tells scripts/build-worker.sh when the build was complete.
cp worker/entry.mjs "$out/entry.mjs"
