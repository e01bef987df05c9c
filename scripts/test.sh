#!/bin/sh
# `make test`: every check, in the order that fails fastest. Tools come from scripts/setup.sh.
set -eu
cd "$(dirname "$0")/.."
. scripts/env.sh
t0=$(date +%s)
step() { printf '\n[test] %s (%ss)\n' "$*" "$(( $(date +%s) - t0 ))"; }

step "format"
cargo fmt --all -- --check
# The npm package is a release build for wasm32: cargo locks each target and profile apart, so it
# builds beside clippy and the unit tests (host, dev) and fills the core they leave idle.
npm_log=$(mktemp)
sh scripts/build-npm.sh >"$npm_log" 2>&1 &
npm_build=$!
# A failed step ends the run: the build beside it goes too.
trap 'kill "$npm_build" 2>/dev/null || true; rm -f "$npm_log"' EXIT
step "clippy (the npm package builds beside it)"
cargo clippy --workspace --all-targets --all-features -- -D warnings
step "unit tests (cargo test --workspace, the core's importers, exporters and QR encoder included)"
# The worker leaves the importers and the QR encoder to its tools module: no member asks for them,
# so they are named.
cargo test --workspace --features twofold-core/formats,twofold-core/qr
step "the npm package's build"
wait "$npm_build" || { cat "$npm_log" >&2; echo "[test] the npm package's build failed" >&2; exit 1; }
grep -v '^ *Compiling ' "$npm_log" || true
step "build the web app (it serves the npm package's tools) and the worker, side by side"
sh scripts/build-app.sh
step "npm package tests (packed, installed, imported)"
node --test --test-reporter=spec core/npm/test/
step "size budgets"
node --test --test-reporter=spec tests/budgets.test.mjs
step "black-box HTTP and browser suites against wrangler dev"
sh scripts/ensure-app-key.sh
node tests/run.mjs
step "deploy dry run"
out=$(mktemp -d)
wrangler deploy --dry-run --outdir "$out" 2>&1 | grep -E 'Total Upload|dry-run'
rm -rf "$out"
step "all checks passed"
