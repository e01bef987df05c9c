#!/bin/sh
# Builds the worker (wasm + JS shim) into build/ with worker-build, pointed at the tools that
# `make setup` installed so that nothing is downloaded from GitHub.
set -eu
cd "$(dirname "$0")/.."
. scripts/env.sh
cd worker
exec worker-build --release --out-dir ../build
