#!/usr/bin/env bash
# Configures and builds into build/ (or $IRU_BUILD_DIR) with two jobs. Extra arguments go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${IRU_BUILD_DIR:-build}
cmake -S . -B "$build_dir" "$@" >/dev/null
cmake --build "$build_dir" -j2
