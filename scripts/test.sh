#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds with Debian's hardening flags and -Werror (the `ci`
# preset), and runs the whole test suite with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh --preset ci
ctest --test-dir "${IRU_BUILD_DIR:-build}" --no-tests=error --output-on-failure -j2 --timeout 300
