#!/bin/sh
# `make test`: every check, in the order that fails fastest. Tools come from scripts/setup.sh.
set -eu
cd "$(dirname "$0")/.."
. scripts/env.sh
t0=$(date +%s)
step() { printf '\n[test] %s (%ss)\n' "$*" "$(( $(date +%s) - t0 ))"; }

step "format"
cargo fmt --all -- --check
step "clippy"
cargo clippy --workspace --all-targets --all-features -- -D warnings
step "unit tests (cargo test --workspace)"
cargo test --workspace
step "build the npm package"
sh scripts/build-npm.sh
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
