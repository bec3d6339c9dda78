# The two set-up commands of the README, and the developer chores around them.
SWIFT ?= swift
BUILD_FLAGS ?=
EXAMPLE ?= examples/open5gs-epc.yaml
RELEASE_FLAGS = -c release --static-swift-stdlib

.PHONY: deps build run test goldens bench format lint clean

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

# Builds, compiles the main example and prints the plan.
run: build
	$(SWIFT) run $(BUILD_FLAGS) topoc plan $(EXAMPLE)

# Everything CI checks: unit, golden, error-fixture and real-consumer tests, then the goldens are clean.
test: deps
	$(SWIFT) build $(BUILD_FLAGS) --build-tests
	$(SWIFT) test $(BUILD_FLAGS) --skip-build
	/usr/bin/python3 scripts/check-schema.py
	@git diff --exit-code --stat -- Tests/Goldens Tests/TopocCompilerTests/Fixtures || \
		(echo "goldens differ from what the compiler emits: run 'make goldens' and review" >&2; exit 1)

# Re-records the golden trees and the error fixtures' expected output.
goldens: deps
	TOPOC_RECORD=1 $(SWIFT) test $(BUILD_FLAGS) --filter 'Golden|ErrorFixture'

bench: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product topoc
	$(SWIFT) build $(RELEASE_FLAGS) --product topoc-bench
	.build/release/topoc-bench --topoc .build/release/topoc
	@if [ "$$(id -u)" = 0 ]; then .build/release/topoc-bench --apply --topoc .build/release/topoc; \
	else echo "topoc-bench --apply skipped: it needs root (bridges, taps, network namespaces)"; fi

format:
	swift-format format --in-place --recursive Sources Tests Benchmarks Package.swift

lint:
	swift-format lint --strict --recursive Sources Tests Benchmarks Package.swift

clean:
	rm -rf .build .topoc
