#!/bin/sh
# Builds the benchmark's floor worker (bench/floor) with the tools scripts/setup.sh installed.
set -eu
cd "$(dirname "$0")/.."
. scripts/env.sh
cd bench/floor
worker-build --release --out-dir build
