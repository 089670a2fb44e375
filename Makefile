# The commands of the README. Each installs what is missing (Debian 12, as root), builds what
# it needs, then runs the demo, the test suite (plain or with sanitizers) or the fuzz targets,
# or installs labelkit.
BUILD ?= build
JOBS ?= $(shell nproc)
# make install: where, and the targets that cmake --install copies.
PREFIX ?= /usr/local
INSTALLED_TARGETS = labelkit liblabelkit labelkit_python
PACKAGES = cmake g++ make pkg-config python3 libcli11-dev libfmt-dev nlohmann-json3-dev \
  libyaml-cpp-dev libsimdjson-dev libpugixml-dev libstb-dev libvalijson-dev doctest-dev \
  libopencv-core-dev libopencv-imgproc-dev libopencv-imgcodecs-dev libwebp-dev libtiff-dev libjpeg-dev zlib1g-dev \
  libre2-dev pybind11-dev python3-numpy python3-pytest python3-dev
# libFuzzer needs clang; only make fuzz installs it (a target's variables reach its prerequisites).
FUZZ_PACKAGES = clang libclang-rt-14-dev llvm
# Tools of the tests only, not in the Dockerfile: the shells whose completion the tests drive,
# groff and man, which check the man page (tests/test_completion.cpp), and Chromium, which
# renders labelkit report's page (tests/test_html_report.cpp).
TEST_PACKAGES = bash fish zsh groff-base man-db chromium

# The test suite again, built with AddressSanitizer and UndefinedBehaviorSanitizer (any finding
# fails its test). -O1 and line tables: fast enough, and stack traces name lines. Without the
# Python module: an instrumented module cannot be loaded into the uninstrumented python3.
SANITIZE_BUILD ?= build-sanitize
SANITIZE_FLAGS = -O1 -g1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined

# The libFuzzer targets (fuzz/), built with clang, ASan and UBSan; each runs FUZZ_SECONDS on its
# seeds (examples/ and ../shared/corpus) and grows its corpus in $(FUZZ_BUILD)/corpus/<target>/.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60

.PHONY: deps configure build demo install test test-sanitize fuzz bench clean

deps:
	@missing=$$(for p in $(PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

configure: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release > /dev/null

build: configure
	cmake --build $(BUILD) -j $(JOBS)

demo: configure
	cmake --build $(BUILD) -j $(JOBS) --target labelkit
	@sh examples/demo.sh $(BUILD)/labelkit

install: configure
	cmake --build $(BUILD) -j $(JOBS) --target $(INSTALLED_TARGETS)
	cmake --install $(BUILD) --prefix $(PREFIX)

test: PACKAGES += $(TEST_PACKAGES)
test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-sanitize: PACKAGES += $(TEST_PACKAGES)
test-sanitize: deps
	cmake -S . -B $(SANITIZE_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$(SANITIZE_FLAGS)" \
	  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" -DLABELKIT_PYTHON=OFF > /dev/null
	cmake --build $(SANITIZE_BUILD) -j $(JOBS) --target labelkit_tests
	cd $(SANITIZE_BUILD) && ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j $(JOBS)

fuzz: PACKAGES += $(FUZZ_PACKAGES)
fuzz: deps
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Release -DLABELKIT_FUZZ=ON > /dev/null
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_targets
	bash fuzz/run_all.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

bench: build
	$(BUILD)/labelkit_bench --labelkit $(BUILD)/labelkit --data bench/data --runs 5

clean:
	rm -rf $(BUILD) $(SANITIZE_BUILD) $(FUZZ_BUILD)
