#!/bin/sh
# Installs a build into a temporary prefix, builds the consumer (main.cpp) against it twice,
# through find_package(labelkit) and through pkg-config, and checks what each prints for the
# bundled examples. CXX, CXXFLAGS and LDFLAGS are those of the build (sanitizers link alike).
# Usage: run.sh <build dir> <install libdir> <source dir>
set -eu
build=$1 libdir=$2 source=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" > /dev/null

expected='coco: 4 images, 6 annotations, 3 categories
voc: 4 images, 6 annotations, 3 categories
yolo: 4 images, 6 annotations, 3 categories'
check() {  # <how it was built> <consumer binary>
    printed=$("$2" "$source/examples/coco" "$source/examples/voc" "$source/examples/yolo")
    if [ "$printed" != "$expected" ]; then
        printf 'the consumer built with %s printed:\n%s\ninstead of:\n%s\n' "$1" "$printed" "$expected"
        exit 1
    fi
    echo "consumer built with $1: ok"
}

cmake -S "$source/tests/consumer" -B "$work/find_package" -DCMAKE_PREFIX_PATH="$work/prefix" > /dev/null
cmake --build "$work/find_package" > /dev/null
check "find_package(labelkit)" "$work/find_package/consumer"

flags=$(PKG_CONFIG_PATH="$work/prefix/$libdir/pkgconfig" pkg-config --cflags --libs labelkit)
# Word splitting of the flags is meant.
# shellcheck disable=SC2086
"${CXX:-c++}" ${CXXFLAGS:-} -std=c++20 "$source/tests/consumer/main.cpp" -o "$work/pkg-config-consumer" \
    $flags ${LDFLAGS:-}
check "pkg-config --cflags --libs labelkit" "$work/pkg-config-consumer"
