#!/usr/bin/env bash
# Installs the build tree into a scratch prefix, builds tests/consumer
# against it with find_package(oracle), and runs it.
# Usage: run.sh BUILD_DIR WORK_DIR
set -euo pipefail
build_dir=$1
work_dir=$2
src_dir=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work_dir"
mkdir -p "$work_dir"
cmake --install "$build_dir" --prefix "$work_dir/prefix" > "$work_dir/install.log"
cmake -S "$src_dir" -B "$work_dir/build" -G Ninja \
  -DCMAKE_PREFIX_PATH="$work_dir/prefix" > "$work_dir/configure.log"
cmake --build "$work_dir/build" > "$work_dir/build.log"
out=$("$work_dir/build/consumer" "+225 07 07 12 34 56")
echo "$out"
[ "$out" = "+2250707123456 MOBILE Orange (phonenumbers 9.0.43)" ]
