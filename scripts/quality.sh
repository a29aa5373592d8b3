#!/usr/bin/env bash
# Machine-checked quality gates: the whole test suite under AddressSanitizer + UBSan, a short run of
# every libFuzzer target, clang-format's check and clang-tidy over the project's own code, a Release
# (-O3) build with -Werror, and the .deb (built with Debian's hardening flags, unpacked and its plugin loaded).
# Usage: scripts/quality.sh [sanitize|fuzz|tidy|release|package]...   (default: all five)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --quality
jobs=("$@")
[[ ${#jobs[@]} -eq 0 ]] && jobs=(sanitize fuzz tidy release package)
fuzz_seconds=${IRU_FUZZ_SECONDS:-30}

for job in "${jobs[@]}"; do
  job_started=$SECONDS
  case "$job" in
    sanitize)
      echo "== tests under AddressSanitizer + UndefinedBehaviorSanitizer"
      cmake --preset sanitize >/dev/null
      cmake --build --preset sanitize
      ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --preset sanitize --timeout 600
      ;;
    fuzz)
      echo "== libFuzzer smoke runs (up to ${fuzz_seconds}s each)"
      cmake --preset fuzz >/dev/null
      cmake --build --preset fuzz --target iru_fuzzers
      for target in build-fuzz/bin/fuzz_*; do
        corpus="fuzz/corpus/$(basename "$target")"
        mkdir -p "build-fuzz/corpus/$(basename "$target")"
        seconds=$fuzz_seconds
        # Small pure scanners: a short run covers them.
        case "$(basename "$target")" in
          fuzz_chunked_decoder|fuzz_json_depth) seconds=$(( fuzz_seconds < 10 ? fuzz_seconds : 10 )) ;;
        esac
        echo "-- $(basename "$target") (${seconds}s)"
        "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=0 \
          "build-fuzz/corpus/$(basename "$target")" "$corpus" 2>&1 | tail -n 3
      done
      ;;
    tidy)
      echo "== clang-format (.clang-format): every C and C++ file as formatted"
      git ls-files '*.c' '*.h' '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror
      echo "clang-format: no changes"
      echo "== clang-tidy"
      # A clang compile database, so clang-tidy sees no g++-only flags.
      cmake -S . -B build-tidy -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DIRU_BUILD_BENCH=OFF \
        -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ >/dev/null
      git ls-files 'heroku_plugin/src/*.cpp' 'host_stub/src/*.cpp' 'fake_heroku/src/*.cpp' \
        | xargs -P 2 -n 4 clang-tidy -p build-tidy --quiet 2>/dev/null
      echo "clang-tidy: no findings"
      ;;
    release)
      echo "== Release build (-O3) with -Werror"
      cmake --preset release >/dev/null
      cmake --build --preset release
      ;;
    package)
      echo "== .deb: built with Debian's hardening flags, unpacked with dpkg -x, its plugin loaded"
      cmake --preset package >/dev/null
      cmake --build --preset package
      rm -rf build-package/packages
      cpack --preset package
      bash tests/packaging/deb_test.sh build-package
      ;;
    *) echo "unknown job $job" >&2; exit 2 ;;
  esac
  echo "== $job: done in $(( SECONDS - job_started )) s"
done
