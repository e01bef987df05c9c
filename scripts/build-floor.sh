#!/bin/sh
# Builds the benchmark's floor worker (bench/floor) the way Twofold's worker is built.
set -eu
cd "$(dirname "$0")/.."
. scripts/env.sh
sh scripts/wasm-worker.sh twofold-bench-floor bench/floor/build
