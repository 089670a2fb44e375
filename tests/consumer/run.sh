#!/bin/sh
# Installs a build into a temporary prefix, checks that the man page and the shell completions
# are there, builds the consumer (main.cpp) against it twice, through find_package(labelkit) and
# through pkg-config, and checks what each prints for the bundled examples. CXX, CXXFLAGS and LDFLAGS are those of the build (sanitizers link alike).
# Usage: run.sh <build dir> <install libdir> <source dir>
set -eu
build=$1 libdir=$2 source=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" > /dev/null

# The man page and the completions, where the shells and man look, as the installed labelkit
# prints them.
installed() {  # <file under the prefix> <labelkit arguments...>
    file=$1; shift
    if ! "$work/prefix/bin/labelkit" "$@" | cmp -s - "$work/prefix/$file"; then
        printf 'the installed %s is missing or is not what labelkit %s prints\n' "$file" "$*"
        exit 1
    fi
    echo "installed $file: ok"
}
installed share/man/man1/labelkit.1 man
installed share/bash-completion/completions/labelkit completion bash
installed share/zsh/vendor-completions/_labelkit completion zsh
installed share/fish/vendor_completions.d/labelkit.fish completion fish

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
