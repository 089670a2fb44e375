# labelkit on Debian 12: a build stage with the compiler and the -dev packages, and a runtime
# image with the labelkit command and only the shared libraries it loads.
#   docker build -t labelkit .
#   docker run --rm -v "$PWD:/data" labelkit lint /data/my-dataset --format sarif > lint.sarif
FROM debian:12 AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      cmake g++ make pkg-config libcli11-dev libfmt-dev nlohmann-json3-dev libyaml-cpp-dev \
      libsimdjson-dev libpugixml-dev libstb-dev libvalijson-dev doctest-dev libopencv-core-dev \
      libopencv-imgproc-dev libopencv-imgcodecs-dev libwebp-dev libtiff-dev libjpeg-dev zlib1g-dev libre2-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# Without pybind11 the Python module is left out; the tests are configured but not built.
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=Release > /dev/null \
    && cmake --build build -j "$(nproc)" --target labelkit \
    && install -D -m 755 build/labelkit /out/usr/local/bin/labelkit

FROM debian:12
# The libraries `ldd labelkit` lists on Debian 12 (libstdc++6 is in the base image).
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libfmt9 libyaml-cpp0.7 libsimdjson14 libpugixml1v5 libopencv-core406 libopencv-imgproc406 \
      libwebp7 libtiff6 libjpeg62-turbo zlib1g libre2-9 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/ /
# Fails the build when a runtime library is missing.
RUN labelkit --version
WORKDIR /data
ENTRYPOINT ["labelkit"]
CMD ["--help"]
