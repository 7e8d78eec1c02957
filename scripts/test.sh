#!/usr/bin/env bash
# The whole test suite, as CI runs it: install, build, ctest; then the same suite under ASan+UBSan;
# then the Cortex-M build and its QEMU tests when the toolchain is present.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/build-options.sh
bash scripts/install-deps.sh
jobs=$(nproc)

echo "== release build + tests"
bash scripts/build.sh build/release "${release_options[@]}"
ctest --test-dir build/release "${ctest_options[@]}" -j "$jobs"

echo "== ASan+UBSan build + tests"
bash scripts/build.sh build/asan "${asan_options[@]}"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build/asan "${ctest_options[@]}" -j "$jobs"

if [[ -x scripts/test-target.sh ]] && command -v arm-none-eabi-g++ >/dev/null; then
  echo "== Cortex-M4 build + QEMU tests"
  bash scripts/test-target.sh
fi
echo "== all tests passed"
