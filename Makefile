# timeline: the front door. `make run` and `make test` do everything on a
# fresh Debian machine: install missing packages, configure, build, run.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
SAMPLES ?= samples/articles
OUT ?= out

# Debian packages the build and the tests need.
DEBS := build-essential cmake ninja-build pkg-config python3 \
        libre2-dev libhowardhinnant-date-dev libfmt-dev doctest-dev libcli11-dev \
        libsimdjson-dev libsqlite3-dev libxxhash-dev parallel \
        python3-jsonschema chromium

.PHONY: all deps build run test bench asan fuzz format clean

all: build

# Installs only what is missing, and says what it installs.
deps:
	@missing=""; for p in $(DEBS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "make deps: all Debian packages present"; fi

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

run: build
	@mkdir -p $(OUT)
	@for f in csv jsonl json timelinejs.json html; do \
	  ./$(BUILD)/timeline run $(SAMPLES) -q -o $(OUT)/timeline.$$f || exit $$?; done
	@echo "wrote $(OUT)/timeline.csv, .jsonl, .json, .timelinejs.json and .html"

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Release build (-O2, NDEBUG) in build-bench/, then timeline_bench: corpus (BENCH_MB,
# default 200), CLI throughput 1 thread / all cores, run end to end, the RE2
# pass, per-stage shares, peak RSS. Memory check: make bench BENCH_MB=1000 BENCH_ARGS=--mem
bench: deps
	cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DTIMELINE_BUILD_TESTS=OFF \
	  -DTIMELINE_BUILD_BENCH=ON "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" $(CMAKE_FLAGS)
	cmake --build build-bench -j $(JOBS) --target timeline timeline_bench
	./build-bench/timeline_bench --work build-bench/bench --mb $(or $(BENCH_MB),200) $(BENCH_ARGS)

asan: deps
	cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTIMELINE_SANITIZE="address;undefined" \
	  -DTIMELINE_BUILD_BENCH=OFF -DTIMELINE_STORE_KILLS=40
	cmake --build build-asan -j $(JOBS)
	cd build-asan && TIMELINE_BIG_ARTICLE_MB=2 ctest --output-on-failure -j $(JOBS)

# libFuzzer harnesses (clang), each for FUZZ_SECONDS; new inputs go to
# build-fuzz/corpus/, crashes to build-fuzz/ (keep them in tests/fuzz/corpus/).
FUZZ_SECONDS ?= 60
fuzz: deps
	@$(MAKE) --no-print-directory deps DEBS="clang libclang-rt-14-dev"
	CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DTIMELINE_FUZZ=ON -DTIMELINE_BUILD_BENCH=OFF
	cmake --build build-fuzz -j $(JOBS) --target ingest_fuzzer dct_fuzzer pipeline_fuzzer timex_fuzzer merge_fuzzer
	@for f in ingest dct pipeline timex merge; do \
	  mkdir -p build-fuzz/corpus/$$f; \
	  ./build-fuzz/tests/fuzz/$${f}_fuzzer -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -seed=1 \
	    -artifact_prefix=build-fuzz/ build-fuzz/corpus/$$f tests/fuzz/corpus/$$f || exit 1; \
	done

format:
	git ls-files '*.cc' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD) build-asan build-bench build-fuzz $(OUT)
