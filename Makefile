# The two commands of the README. Both install what is missing (Debian 12, as root), build,
# then run the demo or the whole test suite through ctest.
BUILD ?= build
JOBS ?= $(shell nproc)
PACKAGES = cmake g++ make pkg-config python3 libcli11-dev libfmt-dev nlohmann-json3-dev \
  libyaml-cpp-dev libsimdjson-dev libpugixml-dev libstb-dev libvalijson-dev doctest-dev \
  libopencv-core-dev libopencv-imgproc-dev libopencv-imgcodecs-dev libwebp-dev libtiff-dev \
  libre2-dev

.PHONY: deps build demo test bench clean

deps:
	@missing=$$(for p in $(PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release > /dev/null
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	@sh examples/demo.sh $(BUILD)/labelkit

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	$(BUILD)/labelkit_bench --labelkit $(BUILD)/labelkit --data bench/data --runs 5

clean:
	rm -rf $(BUILD)
