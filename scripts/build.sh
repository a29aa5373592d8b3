#!/usr/bin/env bash
# Configures and builds into build/ (or $IRU_BUILD_DIR). Extra arguments go to cmake's configure
# step. IRU_BUILD_TARGETS (names separated by spaces) builds only those targets, else everything.
# Jobs: CMAKE_BUILD_PARALLEL_LEVEL when set, else one per core. The build's progress is shown.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${IRU_BUILD_DIR:-build}
jobs=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc 2>/dev/null || echo 2)}
cmake -S . -B "$build_dir" "$@" >/dev/null
targets=()
for target in ${IRU_BUILD_TARGETS:-}; do targets+=(--target "$target"); done
cmake --build "$build_dir" -j"$jobs" "${targets[@]}"
