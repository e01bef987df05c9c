# Two commands: `make run` and `make test`. Both install what is missing first (idempotent).
.PHONY: run test setup build

run:
	@sh scripts/setup.sh
	@sh scripts/run.sh

test:
	@sh scripts/setup.sh --browser
	@sh scripts/test.sh

setup:
	@sh scripts/setup.sh --browser

build:
	@sh scripts/setup.sh
	@sh scripts/build-app.sh

# Benchmarks print figures; they are not tests.
.PHONY: bench
bench:
	@sh scripts/setup.sh
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	@node bench/table.mjs --clear
	@cargo bench -p twofold-core --bench otp
	@sh scripts/build-npm.sh
	@node bench/npm.mjs
	@sh scripts/build-app.sh
	@node bench/sizes.mjs
	@sh scripts/build-floor.sh
	@node bench/api.mjs
	@node bench/cpu.mjs
	@node bench/list-work.mjs
	@node bench/load.mjs
	@node bench/first-code.mjs
	@node bench/startup.mjs
	@node bench/table.mjs

# Fuzzing is bounded in time; not part of `make test`.
.PHONY: fuzz
fuzz:
	@sh scripts/fuzz.sh $(FUZZ_SECONDS)
