# The two set-up commands of the README, and the developer chores around them.
SWIFT ?= swift
BUILD_FLAGS ?=
EXAMPLE ?= examples/open5gs-epc.yaml
# Release builds are stripped: the symbols are most of the binary's size, and they only serve a debugger.
RELEASE_FLAGS = -c release --static-swift-stdlib -Xlinker -s

.PHONY: deps build run test goldens bench fuzz format lint clean

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
	@if [ "$$(id -u)" = 0 ]; then .build/release/topoc-bench --first-boot --topoc .build/release/topoc; \
	else echo "topoc-bench --first-boot skipped: it needs root (bridges, taps, network namespaces)"; fi

# The fuzzer: libFuzzer and AddressSanitizer on every Swift module, in a build folder of its own so the plain
# build is left alone. The seeds (examples and error fixtures) are copied into a temporary corpus folder
# (FUZZ_CORPUS keeps one across runs); crashes land in FUZZ_ARTIFACTS. See docs/fuzzing.md.
FUZZ_RUNS ?= 1000000
FUZZ_CORPUS ?=
FUZZ_ARTIFACTS ?= .build/fuzz/crashes
FUZZ_OPTIONS ?= -timeout=1 -rss_limit_mb=2048 -max_len=8192 -detect_leaks=0 -print_final_stats=1
# The sanitizers are passed to swiftc directly rather than with SwiftPM's --sanitize: SwiftPM lists them in
# a different order on every run, which rebuilds everything, and swiftc keeps only its last -sanitize flag,
# so a build could lack coverage or AddressSanitizer. The only C compiled here is swift-crypto's
# BoringSSL, which needs neither: the libraries topoc parses with are the system's.
FUZZ_BUILD = -c release --scratch-path .build/fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DTOPOC_LIBFUZZER

fuzz: deps
	$(SWIFT) build $(FUZZ_BUILD) --product topoc-fuzz
	@mkdir -p $(FUZZ_ARTIFACTS)
	corpus="$(FUZZ_CORPUS)"; [ -n "$$corpus" ] || corpus=$$(mktemp -d "$${TMPDIR:-/tmp}/topoc-fuzz-XXXXXX"); \
		mkdir -p "$$corpus" && cp examples/*.yaml Tests/TopocCompilerTests/Fixtures/errors/*.yaml "$$corpus"/ && \
		echo "corpus: $$corpus" && \
		.build/fuzz/release/topoc-fuzz -runs=$(FUZZ_RUNS) -dict=Fuzz/yaml.dict $(FUZZ_OPTIONS) \
			-artifact_prefix=$(FUZZ_ARTIFACTS)/ "$$corpus" && \
		echo "leak check: every corpus input once, LeakSanitizer on" && \
		.build/fuzz/release/topoc-fuzz -runs=0 -detect_leaks=1 -timeout=1 -artifact_prefix=$(FUZZ_ARTIFACTS)/ "$$corpus"

format:
	swift-format format --in-place --recursive Sources Tests Benchmarks Fuzz Package.swift

lint:
	swift-format lint --strict --recursive Sources Tests Benchmarks Fuzz Package.swift

clean:
	rm -rf .build .topoc
