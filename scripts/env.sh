# Sourced by every build, dev and test step: the local tools, never GitHub downloads.
# worker-build ignores PATH for these three; without them it retries GitHub, then fails.
ROOT_DIR="${ROOT_DIR:-$(pwd)}"
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export WASM_BINDGEN_BIN="$CARGO_HOME/bin/wasm-bindgen"
export WASM_OPT_BIN="$ROOT_DIR/node_modules/.bin/wasm-opt"
export ESBUILD_BIN="$ROOT_DIR/node_modules/.bin/esbuild"
# node_modules first: Debian's wasm-opt 108 must never be the one found.
export PATH="$ROOT_DIR/node_modules/.bin:$CARGO_HOME/bin:$PATH"
export WRANGLER_SEND_METRICS=false
