#!/bin/sh
# Runs every fuzz target of core for a bounded time each (default 60 s): `make fuzz` or
# `scripts/fuzz.sh 300`. A crash stops the run with its input saved under core/fuzz/artifacts/;
# make that input a regression test next to the code it broke.
set -eu
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-60}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --version 0.13.2 --locked
cd core
# cargo-fuzz's instrumentation flags need nightly features; this stable toolchain allows them
# for this build only.
export RUSTC_BOOTSTRAP=1
# The import targets start from the real files of other apps (SQLite, ZIP, Java serialization,
# SharedPreferences XML, encrypted binaries), so mutations reach every parser behind detection.
FIXTURES="$(cd ../.. && pwd)/shared/fixtures/imports"
for target in uri import containers params qr_decode; do
  echo "[fuzz] $target for ${SECONDS_PER_TARGET} s"
  mkdir -p "fuzz/corpus/$target"
  seeds=""
  if [ "$target" = import ] || [ "$target" = containers ]; then
    [ -d "$FIXTURES" ] || { echo "[fuzz] $FIXTURES is missing: the import target needs its seeds"; exit 1; }
    seeds="$FIXTURES"
  fi
  # shellcheck disable=SC2086
  cargo fuzz run "$target" --sanitizer none "fuzz/corpus/$target" $seeds -- -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 2>&1 \
    | grep -E '^(#[0-9]+ +DONE|Done [0-9]+ runs|==[0-9]+== ERROR|SUMMARY|thread .* panicked)' || true
  if ls fuzz/artifacts/"$target"/crash-* >/dev/null 2>&1; then
    echo "[fuzz] $target crashed: see core/fuzz/artifacts/$target"; exit 1
  fi
done
echo "[fuzz] every target ran clean"
