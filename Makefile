# Atelier — two commands: `make run` serves the lesson on http://localhost:8088, `make test` runs every test.
# Both install what is missing first (apt packages through scripts/ensure-deps.sh, Swift packages through SwiftPM).

SWIFT ?= swift
CONFIG ?= config.json

.PHONY: run test build build-release deps deps-test swift-test test-under-load renderer-memcheck ui-test hardening-test hardening bench sanitize clean

run: deps build-release
	.build/release/atelier serve --config $(CONFIG)

test: deps-test build swift-test renderer-memcheck hardening-test ui-test

deps:
	@scripts/ensure-deps.sh run

deps-test:
	@scripts/ensure-deps.sh test

build:
	$(SWIFT) build

build-release:
	$(SWIFT) build -c release

swift-test:
	$(SWIFT) test

# The Swift suites three times while `stress-ng --cpu 2` keeps both cores busy (a few minutes).
test-under-load:
	scripts/test-under-load.sh 3

ui-test:
	ATELIER_BIN=.build/debug/atelier KUBECTL_STANDIN=.build/debug/kubectl-standin .venv/bin/python -m pytest Tests/ui -q

# The Markdown suite again, under valgrind: a freed cmark node read inside libcmark escapes ASan.
renderer-memcheck:
	scripts/hardening.sh renderer

hardening-test:
	ATELIER_BIN=.build/debug/atelier KUBECTL_STANDIN=.build/debug/kubectl-standin .venv/bin/python -m pytest Tests/hardening -q

# Slow (about 5 minutes): the hostile suite's server under valgrind, then 20 kill -9 durability rounds.
hardening: deps-test build
	scripts/hardening.sh

bench:
	@scripts/ensure-deps.sh bench
	$(SWIFT) build -c release
	bench/run.sh

# The Swift suites under ThreadSanitizer, then AddressSanitizer (separate build folders).
sanitize: deps-test
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	$(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	$(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan

clean:
	rm -rf .build .build-tsan .build-asan .venv artifacts
