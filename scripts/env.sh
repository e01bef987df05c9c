# Sourced by every build, dev and test step: the local tools, never GitHub downloads.
ROOT_DIR="${ROOT_DIR:-$(pwd)}"
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
# The wasm-bindgen CLI that scripts/setup.sh installs and checks against Cargo.lock.
export WASM_BINDGEN_BIN="$CARGO_HOME/bin/wasm-bindgen"
# node_modules first: Debian's wasm-opt 108 must never be the one found.
export PATH="$ROOT_DIR/node_modules/.bin:$CARGO_HOME/bin:$PATH"
export WRANGLER_SEND_METRICS=false
