#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds, and runs the whole test suite with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
ctest --test-dir "${IRU_BUILD_DIR:-build}" --no-tests=error --output-on-failure -j2 --timeout 300
